"""Deadlines count in the store's own time zone (Store.time_zone), not the server's TIME_ZONE."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from aftersales import clock
from aftersales.notifications import sweeps
from repairs.models import RepairOrder, Status
from repairs.services import ladder
from repairs.tasks import EXPIRY
from tests.repairs.factories import make_order

from .helpers import at, local

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_a_store_time_zone_defaults_to_shanghai_and_must_be_known(store):
    assert store.time_zone == "Asia/Shanghai"
    store.time_zone = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError):
        store.full_clean()


def test_the_servers_time_zone_does_not_move_a_deadline(store, settings):
    settings.TIME_ZONE = "UTC"  # the environment changed; the store still counts Shanghai days
    with at(local(2027, 2, 1, 4)):  # 1 February in Shanghai, still 31 January in UTC
        order = make_order(store, status=Status.READY)
    order.refresh_from_db()
    assert order.pickup_deadline == date(2027, 3, 1)
    assert order.next_reminder_at == local(2027, 2, 22, 10)


def test_a_store_in_another_zone_counts_its_own_days_and_hours(store):
    store.time_zone = "Europe/London"
    store.save()
    ready = datetime(2027, 1, 31, 23, 30, tzinfo=LONDON)  # already 1 February in Shanghai
    with at(ready):
        order = make_order(store, status=Status.READY)
    order.refresh_from_db()
    assert order.pickup_deadline == date(2027, 2, 28)
    assert order.next_reminder_at == datetime(2027, 2, 21, 10, tzinfo=LONDON)
    assert clock.today(store, ready) == date(2027, 1, 31) and clock.at(store, date(2027, 2, 1), time(9)).tzinfo == LONDON
    # Past the deadline in Shanghai (1 March), not yet in London (still 28 February): not unclaimed.
    with at(datetime(2027, 2, 28, 23, 0, tzinfo=LONDON)):
        sweeps.run(EXPIRY)
    assert RepairOrder.objects.get(pk=order.pk).status == Status.READY
    with at(datetime(2027, 3, 1, 0, 30, tzinfo=LONDON)):
        sweeps.run(EXPIRY)
    assert RepairOrder.objects.get(pk=order.pk).status == Status.UNCLAIMED


def test_services_take_now_from_their_caller(store, counter):
    with at(local(2027, 1, 10)):
        order = make_order(store, status=Status.READY)
    order.refresh_from_db()
    later = local(2027, 2, 9, 12)
    with pytest.raises(ValidationError):  # 1 February is in the past on the caller's clock
        ladder.repair_extend_pickup_deadline(order_id=order.pk, actor=counter, new_deadline=date(2027, 2, 1), reason="客户来电",
                                             expected_version=order.version, now=later)
    moved = ladder.repair_extend_pickup_deadline(order_id=order.pk, actor=counter, new_deadline=date(2027, 2, 20), reason="客户来电",
                                                 expected_version=order.version, now=later)
    assert moved.pickup_deadline == date(2027, 2, 20) and moved.next_reminder_at == local(2027, 2, 13, 10)


def test_a_manager_sets_the_store_time_zone_on_the_settings_page(store, manager_client):
    from django.urls import reverse

    data = {"name": store.name, "address": "", "phone": "", "opening_hours": "", "receipt_terms": "", "version": store.version,
            "pickup_deadline_months": 1, "pickup_reminder_days": "7,1", "followup_days_after_pickup": 7,
            "birthday_greeting_days_before": 3, "cleaning_invitation_months": 6, "followup_escalation_days": 3}
    url = reverse("store_edit", args=[store.pk])
    assert manager_client.post(url, {**data, "time_zone": "Nowhere/Atlantis"}).status_code == 200
    assert manager_client.post(url, {**data, "time_zone": "Asia/Urumqi"}).status_code == 302
    store.refresh_from_db()
    assert store.time_zone == "Asia/Urumqi"
