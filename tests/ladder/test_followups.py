"""Follow-up calls made by the pickup service and the sweeps; marketing only with consent."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from aftersales.models import Event
from aftersales.notifications import sweeps
from aftersales.notifications.models import Message
from aftersales.notifications.models import Status as MessageStatus
from customers.models import Customer, FollowUp, FollowUpReason, Purchase
from repairs.models import Status
from tests.notifications.helpers import messages_to
from tests.repairs.factories import make_order

from .helpers import at, local

pytestmark = pytest.mark.django_db
ALL = ["customers.birthday_followups", "customers.cleaning_invitations", "repairs.cleaning_invitations",
       "customers.escalate_overdue_followups", "repairs.pickup_reminders", "repairs.pickup_expiry"]


def _customer(store, name, phone, consent, birthday=None):
    return Customer.objects.create(name=name, phone=phone, phone_last4=phone[-4:], home_store=store,
                                   marketing_consent=consent, birthday=birthday)


def _run_all():
    for name in ALL:
        sweeps.run(name)


def test_pickup_plans_a_follow_up_call_the_store_setting_days_later(store):
    store.followup_days_after_pickup = 10
    store.save()
    with at(local(2027, 1, 31, 15)):
        order = make_order(store, status=Status.COLLECTED)
    followup = FollowUp.objects.get(reason=FollowUpReason.AFTER_PICKUP)
    assert followup.due_date == date(2027, 2, 10) and followup.source_key == f"repairs.repairorder:{order.pk}"
    assert followup.customer_id == order.customer_id and order.number in followup.context


def test_birthday_greeting_only_to_consenting_customers_days_before(store):
    yes = _customer(store, "李娜", "+8613900001111", True, date(1990, 3, 4))
    no = _customer(store, "王芳", "+8613900002222", False, date(1985, 3, 4))
    with at(local(2027, 2, 28, 9)):
        _run_all()
    assert not FollowUp.objects.filter(reason=FollowUpReason.BIRTHDAY).exists()
    for _ in range(2):
        with at(local(2027, 3, 1, 11)):  # three days before 4 March
            _run_all()
    followup = FollowUp.objects.get(reason=FollowUpReason.BIRTHDAY)
    assert followup.customer == yes and followup.due_date == date(2027, 3, 1)
    assert list(Message.objects.filter(kind="birthday").values_list("recipient_id", flat=True)) == [yes.pk]
    assert not FollowUp.objects.filter(customer=no).exists()


def test_cleaning_invitation_six_months_after_a_purchase_and_a_repair(store):
    yes = _customer(store, "李娜", "+8613900001111", True)
    no = _customer(store, "王芳", "+8613900002222", False)
    for c in (yes, no):
        Purchase.objects.create(customer=c, store=store, receipt_number=f"R{c.pk}", purchased_at=local(2026, 9, 30, 15),
                                item="足金手镯", category="bangle", material="au990", weight="20.00", price="12000")
    with at(local(2026, 10, 5)):
        order = make_order(store, status=Status.COLLECTED, customer=yes)
    with at(local(2027, 3, 29, 8)):
        _run_all()
    assert not FollowUp.objects.filter(reason=FollowUpReason.CLEANING).exists()
    for _ in range(2):
        with at(local(2027, 4, 1, 8)):  # 30 March = 30 Sept + 6 months, within the week the sweep looks back
            _run_all()
    cleaning = FollowUp.objects.filter(reason=FollowUpReason.CLEANING)
    assert [(f.customer_id, f.due_date, f.source_key.split(":")[0]) for f in cleaning] == [(yes.pk, date(2027, 3, 30), "customers.purchase")]
    with at(local(2027, 4, 5, 8)):
        _run_all()
    assert set(FollowUp.objects.filter(reason=FollowUpReason.CLEANING).values_list("source_key", flat=True)) == {
        f"customers.purchase:{Purchase.objects.get(customer=yes).pk}", f"repairs.repairorder:{order.pk}"}
    assert messages_to(yes).filter(kind="cleaning_invitation").count() == 2
    assert not messages_to(no).exclude(status=MessageStatus.SUPPRESSED).exists()


def test_overdue_calls_escalate_to_the_manager_list(store, manager_client):
    c = _customer(store, "李娜", "+8613900001111", False)
    from customers.services import followup_create

    late = followup_create(customer=c, reason=FollowUpReason.AFTER_PICKUP, due_date=date(2026, 11, 10), store=store)
    fresh = followup_create(customer=c, reason=FollowUpReason.OTHER_SERVICE, due_date=date(2026, 11, 20), store=store)
    for _ in range(2):
        with at(local(2026, 11, 21, 9)):
            sweeps.run("customers.escalate_overdue_followups")
    late.refresh_from_db()
    fresh.refresh_from_db()
    assert late.escalated_at is not None and fresh.escalated_at is None
    assert Event.objects.filter(kind="followup.escalated").count() == 1
    page = manager_client.get(reverse("customers:followups") + "?escalated=1").content.decode()
    assert "2026-11-10" in page and "2026-11-20" not in page


def test_store_settings_are_validated(store, manager_client):
    base = {"name": store.name, "address": "", "phone": "", "opening_hours": "", "receipt_terms": "", "version": store.version,
            "pickup_deadline_months": 1, "pickup_reminder_days": "7，1, 3", "followup_days_after_pickup": 7,
            "birthday_greeting_days_before": 3, "cleaning_invitation_months": 12, "followup_escalation_days": 3}
    for field, bad in (("pickup_deadline_months", -1), ("followup_days_after_pickup", -5), ("pickup_reminder_days", "7,x"),
                       ("birthday_greeting_days_before", "-3"), ("pickup_reminder_days", "-1")):
        response = manager_client.post(reverse("store_edit", args=[store.pk]), {**base, field: bad})
        assert response.status_code == 200, field
    assert manager_client.post(reverse("store_edit", args=[store.pk]), base).status_code == 302
    store.refresh_from_db()
    assert store.pickup_reminder_days == "7,3,1" and store.reminder_offsets == [7, 3, 1] and store.cleaning_invitation_months == 12


def test_beat_ticks_every_ladder_and_followup_sweep(settings):
    names = {e["args"][0] for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "notifications.run_sweep"}
    assert set(ALL) <= names and set(ALL) <= {s.name for s in sweeps.registered()}
    assert all(60 <= e["schedule"] <= 3600 for e in settings.CELERY_BEAT_SCHEDULE.values())
    assert timedelta(seconds=1)  # beat sends ticks only; nothing is scheduled ahead with ETA
