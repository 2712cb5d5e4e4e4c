"""Demo data is consistent with the day it is loaded: no message says a future date has passed."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from aftersales.notifications.models import Message
from repairs.models import RepairOrder, Status

SHANGHAI = ZoneInfo("Asia/Shanghai")
ZH_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
PASSED = ("已过", "已届满", "逾期", "passed", "ended")


def dates_in(text: str) -> list[date]:
    return [date(int(y), int(m), int(d)) for y, m, d in ZH_DATE.findall(text) + ISO_DATE.findall(text)]


@pytest.mark.django_db
@pytest.mark.parametrize("day", [datetime(2026, 12, 2, 10, 0), datetime(2027, 2, 28, 22, 30), datetime(2028, 1, 31, 9, 0)])
def test_demo_loaded_on_any_day_says_no_future_date_has_passed(day):
    with time_machine.travel(day.replace(tzinfo=SHANGHAI), tick=False):
        call_command("seed_demo", verbosity=0)
        today = day.date()
        messages = list(Message.objects.all())
        assert messages
        for message in messages:
            text = f"{message.subject} {message.body}"
            if any(word in text for word in PASSED):
                assert all(d < today for d in dates_in(text)), (message.kind, text)
            if message.kind == "pickup_reminder":
                left = re.search(r"(\d+) ?(?:天|days)", text)
                deadline = dates_in(text)
                if left and deadline:
                    assert (deadline[0] - today).days == int(left.group(1)), text
        unclaimed = RepairOrder.objects.filter(status=Status.UNCLAIMED)
        assert unclaimed and all(o.pickup_deadline < today for o in unclaimed)
        assert Message.objects.filter(kind="final_notice").exists()
        for order in RepairOrder.objects.exclude(ready_at=None):
            assert order.received_at <= order.ready_at
