from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from aftersales.models import Event
from repairs import calendar, services
from repairs.models import Status, StoreClosedDay

from .factories import make_order, service


@pytest.mark.django_db
def test_working_days_skip_closed_days(store, other_store, settings):
    settings.REPAIRS_CLOSED_WEEKDAYS = (6,)  # Sundays
    start = date(2026, 11, 20)  # a Friday
    StoreClosedDay.objects.create(store=store, date=date(2026, 11, 23))
    StoreClosedDay.objects.create(store=None, date=date(2026, 11, 24), note="全连锁盘点")
    # Sat 21 (1), Sun closed, Mon 23 store closed, Tue 24 chain closed, Wed 25 (2), Thu 26 (3)
    assert calendar.add_working_days(store=store, start=start, days=3) == date(2026, 11, 26)
    assert calendar.add_working_days(store=other_store, start=start, days=3) == date(2026, 11, 25)


def test_rush_halves_turnaround():
    assert calendar.turnaround([5, 2], rush=False) == 5
    assert calendar.turnaround([5, 2], rush=True) == 3
    assert calendar.turnaround([1], rush=True) == 1


@pytest.mark.django_db
def test_promised_date_from_longest_job(store):
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 11, 18, 12, 0)), tick=False):
        order = make_order(store, jobs=[{"service_type": service("polish"), "quantity": 1}, {"service_type": service("replate"), "quantity": 1}])
        assert order.promised_date == date(2026, 11, 23)  # replate: 5 days


@pytest.mark.django_db
def test_changing_the_promise_needs_reason_and_telling(store, counter):
    order = make_order(store)
    new = timezone.localdate() + timedelta(days=10)
    with pytest.raises(ValidationError):
        services.repair_change_promised_date(order_id=order.pk, actor=counter, new_date=new, reason="", customer_told=True)
    with pytest.raises(ValidationError):
        services.repair_change_promised_date(order_id=order.pk, actor=counter, new_date=new, reason="等配件", customer_told=False)
    with pytest.raises(ValidationError):
        services.repair_change_promised_date(order_id=order.pk, actor=counter, new_date=timezone.localdate() - timedelta(days=1),
                                             reason="等配件", customer_told=True)
    services.repair_change_promised_date(order_id=order.pk, actor=counter, new_date=new, reason="等配件", customer_told=True, told_how="电话")
    order.refresh_from_db()
    assert order.promised_date == new
    event = Event.objects.get(kind="repair.promised_date_changed")
    assert event.note == "等配件" and event.new["customer_told"] is True and event.new["told_how"] == "电话"


@pytest.mark.django_db
def test_promise_frozen_after_work(store, counter):
    order = make_order(store, status=Status.READY)
    with pytest.raises(ValidationError):
        services.repair_change_promised_date(order_id=order.pk, actor=counter, new_date=timezone.localdate() + timedelta(days=3),
                                             reason="x", customer_told=True)


@pytest.mark.django_db
def test_rush_flag_recorded(store, counter):
    order = make_order(store)
    services.repair_set_rush(order_id=order.pk, actor=counter, rush=True)
    order.refresh_from_db()
    assert order.rush and Event.objects.filter(kind="repair.rush").count() == 1
    services.repair_set_rush(order_id=order.pk, actor=counter, rush=True)
    assert Event.objects.filter(kind="repair.rush").count() == 1
