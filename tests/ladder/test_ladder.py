"""The pickup ladder at its boundaries (民法典 201–203), idempotent sweeps, extension, unclaimed."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aftersales.models import Event
from aftersales.notifications import sweeps
from aftersales.notifications.models import Message
from repairs import services
from repairs.models import RepairOrder, Status, UnclaimedDecision
from repairs.services import ladder
from repairs.tasks import EXPIRY, REMINDERS
from tests.conftest import login
from tests.repairs.factories import make_order

from .helpers import at, local, ready_orders

pytestmark = pytest.mark.django_db


def _ready_on(store, moment: datetime) -> RepairOrder:
    with at(moment):
        order = make_order(store, status=Status.READY)
    order.refresh_from_db()
    return order


def _keys(kind: str) -> list[str]:
    return sorted(Message.objects.filter(kind=kind).values_list("dedupe_key", flat=True))


def test_ready_on_31_january_is_due_by_28_february_and_notified_once(store):
    order = _ready_on(store, local(2027, 1, 31, 15))
    assert order.pickup_deadline == date(2027, 2, 28)
    assert order.next_reminder_days == 7 and order.next_reminder_at == local(2027, 2, 21, 10)
    message = Message.objects.get(kind="ready_for_pickup")
    assert message.subject_id == order.pk and "2027年2月28日" in message.body
    services.repair_mark_ready(order_id=order.pk, actor=None)  # again: nothing new
    assert Message.objects.filter(kind="ready_for_pickup").count() == 1


def test_the_deadline_follows_the_store_setting(store):
    store.pickup_deadline_months = 2
    store.save()
    assert _ready_on(store, local(2026, 12, 31)).pickup_deadline == date(2027, 2, 28)


def test_reminders_seven_and_one_day_before_each_once(store):
    order = _ready_on(store, local(2027, 1, 31, 15))
    with at(local(2027, 2, 21, 9, 59)):
        sweeps.run(REMINDERS)
    assert _keys("pickup_reminder") == []
    for _ in range(2):
        with at(local(2027, 2, 21, 10)):
            sweeps.run(REMINDERS)
    assert _keys("pickup_reminder") == [f"pickup-reminder:{order.pk}:2027-02-28:7"]
    assert "还有 7 天" in Message.objects.get(kind="pickup_reminder").body
    order.refresh_from_db()
    assert order.next_reminder_at == local(2027, 2, 27, 10) and order.next_reminder_days == 1
    for _ in range(2):
        with at(local(2027, 2, 27, 10, 5)):
            sweeps.run(REMINDERS)
    assert _keys("pickup_reminder") == [f"pickup-reminder:{order.pk}:2027-02-28:1", f"pickup-reminder:{order.pk}:2027-02-28:7"]
    order.refresh_from_db()
    assert order.next_reminder_at is None


def test_a_late_sweep_sends_only_the_latest_reminder(store):
    order = _ready_on(store, local(2027, 1, 31, 15))
    with at(local(2027, 2, 27, 11)):
        sweeps.run(REMINDERS)
    assert _keys("pickup_reminder") == [f"pickup-reminder:{order.pk}:2027-02-28:1"]


def test_expiry_the_day_after_the_deadline_not_on_it(store):
    order = _ready_on(store, local(2027, 1, 31, 15))
    with at(local(2027, 2, 28, 23, 59)):
        assert sweeps.run(EXPIRY).processed == 0
    order.refresh_from_db()
    assert order.status == Status.READY
    for _ in range(2):  # run twice: same states, same messages
        with at(local(2027, 3, 1, 0, 1)):
            sweeps.run(EXPIRY)
    order.refresh_from_db()
    assert order.status == Status.UNCLAIMED and order.final_notice_at == local(2027, 3, 1, 0, 1)
    assert _keys("final_notice") == [f"final-notice:{order.pk}:2027-02-28"]
    assert Event.objects.filter(kind="repair.unclaimed", subject_id=order.pk).count() == 1
    # nothing is sent after the deadline passed
    with at(local(2027, 3, 1, 10)):
        sweeps.run(REMINDERS)
    assert Message.objects.filter(kind="pickup_reminder").count() == 0


def test_expiry_runs_a_fixed_number_of_queries_per_batch(store):
    ready_orders(store, 40, deadline=date(2026, 1, 10))
    spec = sweeps.get(EXPIRY)
    counts = []
    for size in (5, 20):
        with at(local(2026, 1, 12)):
            rows = list(spec.due(local(2026, 1, 12)).select_for_update(skip_locked=True, of=("self",))[:size])
            with CaptureQueriesContext(connection) as queries:
                spec.handle(rows, now=local(2026, 1, 12))
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8
    assert Message.objects.filter(kind="final_notice").count() == 25
    assert Event.objects.filter(kind="repair.unclaimed").count() == 25


def test_many_orders_expire_once_each_in_batches(store, settings):
    settings.SWEEP_BATCH_SIZE = 7
    ids = ready_orders(store, 30, deadline=date(2026, 1, 10))
    for _ in range(2):
        with at(local(2026, 1, 11, 8)):
            sweeps.run(EXPIRY)
    assert set(RepairOrder.objects.filter(pk__in=ids).values_list("status", flat=True)) == {Status.UNCLAIMED}
    assert Message.objects.filter(kind="final_notice").values("subject_id").distinct().count() == 30
    assert Message.objects.filter(kind="final_notice").count() == 30
    assert Event.objects.filter(kind="repair.unclaimed").count() == 30


def test_customer_calls_and_the_deadline_moves_with_its_reminders(store, counter):
    order = _ready_on(store, local(2027, 1, 31, 15))
    with at(local(2027, 2, 10)):
        with pytest.raises(ValidationError):
            ladder.repair_extend_pickup_deadline(order_id=order.pk, actor=counter, new_deadline=date(2027, 3, 15), reason=" ")
        with pytest.raises(ValidationError):
            ladder.repair_extend_pickup_deadline(order_id=order.pk, actor=counter, new_deadline=date(2027, 2, 20), reason="客户来电")
        ladder.repair_extend_pickup_deadline(order_id=order.pk, actor=counter, new_deadline=date(2027, 3, 15), reason="客户出差，3月中旬来取")
    order.refresh_from_db()
    assert order.pickup_deadline == date(2027, 3, 15) and order.next_reminder_at == local(2027, 3, 8, 10)
    event = Event.objects.get(kind="repair.pickup_deadline_extended")
    assert event.actor == counter and event.note == "客户出差，3月中旬来取" and event.new == {"pickup_deadline": "2027-03-15"}
    with at(local(2027, 3, 1, 1)):
        assert sweeps.run(EXPIRY).processed == 0
    with at(local(2027, 3, 8, 10)):
        sweeps.run(REMINDERS)
    assert _keys("pickup_reminder") == [f"pickup-reminder:{order.pk}:2027-03-15:7"]


def test_extension_page_on_the_order(store, counter):
    order = _ready_on(store, local(2027, 1, 31, 15))
    # The customer calls on 10 February: the new deadline must not lie in the past on that day.
    with at(local(2027, 2, 10, 11)):
        counter_client = login(counter)  # a session started at the real time may have expired by then
        page = counter_client.get(reverse("repairs:detail", args=[order.number]))
        assert "extend-deadline-form" in page.content.decode() and "2027-02-28" in page.content.decode()
        response = counter_client.post(reverse("repairs:extend_deadline", args=[order.number]),
                                       {"version": order.version, "new_deadline": "2027-03-20", "reason": "客户来电"})
        assert response.status_code == 302
        bad = counter_client.post(reverse("repairs:extend_deadline", args=[order.number]),
                                  {"version": order.version, "new_deadline": "不是日期", "reason": "x"}, follow=True)
        assert bad.status_code == 200 and "alert" in bad.content.decode()
        assert counter_client.get(reverse("repairs:extend_deadline", args=[order.number])).status_code == 405
    order.refresh_from_db()
    assert order.pickup_deadline == date(2027, 3, 20)


def test_manager_keeps_an_unclaimed_item_and_it_gets_a_new_deadline(store, manager):
    order = _ready_on(store, local(2027, 1, 31, 15))
    with at(local(2027, 3, 2)):
        sweeps.run(EXPIRY)
    with at(local(2027, 3, 5)):
        services.repair_decide_unclaimed(order_id=order.pk, actor=manager, decision=UnclaimedDecision.KEEP, note="客户来电，下周来取")
        sweeps.run(EXPIRY)
    order.refresh_from_db()
    assert order.status == Status.READY and order.pickup_deadline == date(2027, 4, 5)
    assert _keys("ready_for_pickup")[-1] == f"ready-for-pickup:{order.pk}:2027-04-05"


def test_disposal_only_sixty_days_after_the_final_notice(store, manager):
    order = _ready_on(store, local(2027, 1, 31, 15))
    with at(local(2027, 3, 1, 9)):
        sweeps.run(EXPIRY)
    with at(local(2027, 4, 29, 9)), pytest.raises(ValidationError):
        services.repair_decide_unclaimed(order_id=order.pk, actor=manager, decision=UnclaimedDecision.DISPOSE, note="已通知")
    with at(local(2027, 4, 30, 9, 1)):
        services.repair_decide_unclaimed(order_id=order.pk, actor=manager, decision=UnclaimedDecision.DISPOSE, note="已通知")
    assert RepairOrder.objects.get(pk=order.pk).status == Status.DISPOSED


def test_unclaimed_page_lists_the_notices_sent(store, manager_client, counter_client, django_assert_max_num_queries):
    order = _ready_on(store, local(2027, 1, 31, 15))
    ready_orders(store, 5, deadline=date(2027, 2, 28))
    with at(local(2027, 3, 1, 9)):
        sweeps.run(EXPIRY)
    with django_assert_max_num_queries(15):
        page = manager_client.get(reverse("repairs:unclaimed"))
    html = page.content.decode()
    assert page.status_code == 200 and order.number in html
    assert "最终通知" in html or "Final notice" in html
    assert "2027-04-30" in html  # disposal possible from: 60 days after the final notice
    assert counter_client.get(reverse("repairs:unclaimed")).status_code == 403


def test_promised_date_change_notifies_the_customer(store, counter):
    order = make_order(store, status=Status.IN_REPAIR)
    new = order.promised_date + timedelta(days=30)  # promised dates stay within a year
    services.repair_change_promised_date(order_id=order.pk, actor=counter, new_date=new, reason="配石需从总部调货", customer_told=True)
    message = Message.objects.get(kind="promised_date_changed")
    assert message.subject_id == order.pk and "配石需从总部调货" in message.body
