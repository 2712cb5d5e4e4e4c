from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from aftersales.models import Event
from customers import selectors, services
from customers.models import FollowUp, FollowUpReason, FollowUpStatus
from tests.customers.factories import CustomerFactory, FollowUpFactory, PurchaseFactory

pytestmark = pytest.mark.django_db


def test_followup_create_is_idempotent_on_its_natural_key(store):
    c = CustomerFactory(home_store=store)
    source = PurchaseFactory(customer=c)
    due = timezone.localdate() + timedelta(days=7)
    first = services.followup_create(customer=c, reason=FollowUpReason.AFTER_PICKUP, due_date=due, source=source, context="足金手链焊接")
    second = services.followup_create(customer=c.pk, reason=FollowUpReason.AFTER_PICKUP, due_date=due, source=source, context="x")
    assert first.pk == second.pk and FollowUp.objects.count() == 1
    assert first.source == source and first.source_key == f"customers.purchase:{source.pk}"
    assert Event.objects.filter(kind="followup.created").count() == 1
    other = services.followup_create(customer=c, reason=FollowUpReason.AFTER_PICKUP, due_date=due, source=PurchaseFactory(customer=c))
    assert other.pk != first.pk


def test_marketing_followups_need_consent(store):
    c = CustomerFactory(home_store=store)
    for reason in FollowUpReason.marketing():
        with pytest.raises(services.NoMarketingConsent):
            services.followup_create(customer=c, reason=reason, due_date=timezone.localdate())
    assert services.followup_create(customer=c, reason=FollowUpReason.AFTER_CASE, due_date=timezone.localdate())
    c.marketing_consent = True
    c.save()
    assert services.followup_create(customer=c, reason=FollowUpReason.BIRTHDAY, due_date=timezone.localdate())


def test_followup_for_a_merged_file_lands_on_the_survivor(store):
    survivor = CustomerFactory(home_store=store)
    dup = CustomerFactory(home_store=store, merged_into=survivor)
    fu = services.followup_create(customer=dup, reason=FollowUpReason.AFTER_PICKUP, due_date=timezone.localdate())
    assert fu.customer == survivor


def test_call_list_today_and_overdue_only_this_store_and_marketing_with_consent(store, other_store, counter):
    today = timezone.localdate()
    yes = CustomerFactory(home_store=store, marketing_consent=True)
    no = CustomerFactory(home_store=store)
    overdue = FollowUpFactory(customer=no, due_date=today - timedelta(days=3))
    due_today = FollowUpFactory(customer=yes, reason=FollowUpReason.BIRTHDAY, due_date=today)
    FollowUpFactory(customer=no, reason=FollowUpReason.HOLIDAY, due_date=today)          # no consent: never listed
    FollowUpFactory(customer=no, reason=FollowUpReason.AFTER_CASE, due_date=today + timedelta(days=1))  # not yet
    FollowUpFactory(customer=no, reason=FollowUpReason.VIP_CARE, due_date=today, status=FollowUpStatus.DONE)
    FollowUpFactory(customer=CustomerFactory(home_store=other_store), due_date=today)
    assert list(selectors.call_list(user=counter, store=store, today=today)) == [overdue, due_today]


def test_record_call_follows_the_script_and_closes(store, counter):
    fu = FollowUpFactory(customer=CustomerFactory(home_store=store))
    call = services.followup_record_call(
        followup_id=fu.pk, actor=counter, outcome="reached", thanked=True, asked_how_piece_is=True, asked_why_not_back=True,
        apologised=True, asked_suggestions=True, satisfaction=4, notes="建议延长营业时间", new_repair_opened=True,
    )
    fu.refresh_from_db()
    assert fu.status == FollowUpStatus.DONE and fu.attempts == 1 and fu.closed_at
    assert call.satisfaction == 4 and call.new_repair_opened and call.caller == counter
    assert Event.objects.filter(kind="followup.called", subject_id=fu.pk).exists()
    with pytest.raises(services.FollowUpClosed):
        services.followup_record_call(followup_id=fu.pk, actor=counter, outcome="reached")


def test_unreachable_is_retried_up_to_the_limit(store, counter, settings):
    settings.CUSTOMERS_FOLLOWUP_MAX_ATTEMPTS = 2
    today = timezone.localdate()
    fu = FollowUpFactory(customer=CustomerFactory(home_store=store))
    services.followup_record_call(followup_id=fu.pk, actor=counter, outcome="unreachable")
    fu.refresh_from_db()
    assert fu.status == FollowUpStatus.DUE and fu.next_try_on == today + timedelta(days=1)
    assert fu not in selectors.call_list(user=counter, store=store, today=today)
    assert fu in selectors.call_list(user=counter, store=store, today=today + timedelta(days=1))
    services.followup_record_call(followup_id=fu.pk, actor=counter, outcome="unreachable")
    fu.refresh_from_db()
    assert fu.status == FollowUpStatus.UNREACHABLE and fu.attempts == 2


def test_retry_limit_per_store(store, settings):
    settings.CUSTOMERS_FOLLOWUP_MAX_ATTEMPTS_PER_STORE = {store.code: 5}
    assert services.max_attempts(store) == 5


def test_declined_and_bad_satisfaction(store, counter):
    fu = FollowUpFactory(customer=CustomerFactory(home_store=store))
    with pytest.raises(ValidationError):
        services.followup_record_call(followup_id=fu.pk, actor=counter, outcome="reached", satisfaction=6)
    with pytest.raises(ValidationError):
        services.followup_record_call(followup_id=fu.pk, actor=counter, outcome="unreachable", satisfaction=3)
    services.followup_record_call(followup_id=fu.pk, actor=counter, outcome="declined")
    fu.refresh_from_db()
    assert fu.status == FollowUpStatus.DECLINED and fu.calls.count() == 1


def test_marketing_call_refused_once_consent_is_gone(store, counter):
    c = CustomerFactory(home_store=store, marketing_consent=True)
    fu = FollowUpFactory(customer=c, reason=FollowUpReason.BIRTHDAY)
    c.marketing_consent = False
    c.save()
    with pytest.raises(services.NoMarketingConsent):
        services.followup_record_call(followup_id=fu.pk, actor=counter, outcome="reached")


def test_cancel(store, counter):
    fu = FollowUpFactory(customer=CustomerFactory(home_store=store))
    services.followup_cancel(followup_id=fu.pk, actor=counter)
    services.followup_cancel(followup_id=fu.pk, actor=counter)  # already done: no error
    fu.refresh_from_db()
    assert fu.status == FollowUpStatus.CANCELLED


def test_call_list_page_shows_phone_and_context_and_records_a_call(counter_client, store):
    c = CustomerFactory(home_store=store, phone="+8613812345678")
    fu = FollowUpFactory(customer=c, context="足金手链脱焊，已修好取走", due_date=timezone.localdate() - timedelta(days=2))
    page = counter_client.get("/customers/followups/").content.decode()
    assert "138 1234 5678" in page and "足金手链脱焊" in page
    form = counter_client.get(f"/customers/followups/{fu.pk}/call/")
    assert form.status_code == 200
    response = counter_client.post(f"/customers/followups/{fu.pk}/call/", {"outcome": "reached", "thanked": "on", "satisfaction": "5"})
    assert response.status_code == 302
    fu.refresh_from_db()
    assert fu.status == FollowUpStatus.DONE


def test_plan_a_marketing_call_without_consent_is_refused_on_the_page(counter_client, store):
    c = CustomerFactory(home_store=store)
    response = counter_client.post(f"/customers/{c.pk}/followups/new/", {"reason": "birthday", "due_date": timezone.localdate().isoformat()})
    assert response.status_code == 200 and not FollowUp.objects.exists()
    ok = counter_client.post(f"/customers/{c.pk}/followups/new/", {"reason": "pickup", "due_date": timezone.localdate().isoformat()})
    assert ok.status_code == 302 and FollowUp.objects.count() == 1


def test_technician_has_no_call_list(store, technician):
    from tests.conftest import login

    assert login(technician).get("/customers/followups/").status_code == 403
