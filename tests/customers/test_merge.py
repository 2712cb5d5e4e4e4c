from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from aftersales.models import Event
from customers import services
from customers.models import ConsentChange, Customer, FollowUp, FollowUpReason
from tests.customers.factories import CustomerFactory, FollowUpFactory, PurchaseFactory

pytestmark = pytest.mark.django_db


def test_merge_moves_everything_and_is_recorded(store, manager, counter):
    survivor = CustomerFactory(home_store=store, phone="+8613812345678")
    dup = CustomerFactory(home_store=store, phone="+8613912345678", birthday=timezone.localdate() - timedelta(days=9000),
                          wechat_id="wx_wang", notes="爱好足金", vip_tier="vip")
    PurchaseFactory(customer=dup)
    PurchaseFactory(customer=survivor)
    FollowUpFactory(customer=dup, reason=FollowUpReason.AFTER_PICKUP)
    services.consent_set(customer_id=dup.pk, actor=counter, given=True, method="signed")
    services.customer_merge(survivor_id=survivor.pk, duplicate_id=dup.pk, actor=manager, note="同一人")
    survivor.refresh_from_db()
    dup.refresh_from_db()
    assert dup.merged_into == survivor
    assert survivor.purchases.count() == 2 and survivor.followups.count() == 1
    assert ConsentChange.objects.filter(customer=survivor).count() >= 1 and not ConsentChange.objects.filter(customer=dup).exists()
    assert survivor.wechat_id == "wx_wang" and survivor.birthday == dup.birthday and survivor.phone2 == dup.phone
    assert survivor.vip_tier == "vip" and "爱好足金" in survivor.notes
    assert survivor.marketing_consent  # the newest decision (given on the duplicate) carries over
    event = Event.objects.get(kind="customer.merged", subject_id=survivor.pk)
    assert event.actor == manager and event.new["moved"]["customers.purchase"] == 1
    assert Event.objects.filter(kind="customer.merged_into", subject_id=dup.pk).exists()


def test_newest_withdrawal_wins(store, manager, counter):
    survivor = CustomerFactory(home_store=store)
    dup = CustomerFactory(home_store=store)
    services.consent_set(customer_id=survivor.pk, actor=counter, given=True, method="signed", at=timezone.now() - timedelta(days=5))
    services.consent_set(customer_id=dup.pk, actor=counter, given=True, method="signed", at=timezone.now() - timedelta(days=4))
    services.consent_withdraw_marketing(customer_id=dup.pk, actor=counter)
    services.customer_merge(survivor_id=survivor.pk, duplicate_id=dup.pk, actor=manager)
    survivor.refresh_from_db()
    assert not survivor.marketing_consent


def test_colliding_follow_up_stays_on_the_merged_file(store, manager):
    survivor = CustomerFactory(home_store=store)
    dup = CustomerFactory(home_store=store)
    today = timezone.localdate()
    FollowUpFactory(customer=survivor, reason=FollowUpReason.AFTER_PICKUP, due_date=today)
    FollowUpFactory(customer=dup, reason=FollowUpReason.AFTER_PICKUP, due_date=today)
    FollowUpFactory(customer=dup, reason=FollowUpReason.AFTER_CASE, due_date=today)
    services.customer_merge(survivor_id=survivor.pk, duplicate_id=dup.pk, actor=manager)
    assert FollowUp.objects.filter(customer=survivor).count() == 2
    assert FollowUp.objects.filter(customer=dup).count() == 1
    event = Event.objects.get(kind="customer.merged")
    assert event.new["left"] == {"customers.followup": 1}


def test_merge_walks_every_relation_to_customer():
    from customers.services.merge import _customer_relations

    labels = {rel.related_model._meta.label_lower for rel in _customer_relations()}
    assert {"customers.purchase", "customers.followup", "customers.consentchange"} <= labels
    assert "customers.customer" not in labels  # merged_into is the pointer, not something to move


def test_only_managers_merge_and_not_twice(store, counter, manager):
    a, b, c = CustomerFactory(home_store=store), CustomerFactory(home_store=store), CustomerFactory(home_store=store)
    with pytest.raises(PermissionDenied):
        services.customer_merge(survivor_id=a.pk, duplicate_id=b.pk, actor=counter)
    with pytest.raises(ValidationError):
        services.customer_merge(survivor_id=a.pk, duplicate_id=a.pk, actor=manager)
    services.customer_merge(survivor_id=a.pk, duplicate_id=b.pk, actor=manager)
    with pytest.raises(ValidationError):
        services.customer_merge(survivor_id=c.pk, duplicate_id=b.pk, actor=manager)


def test_merge_page_and_old_link_redirects(manager_client, store):
    a = CustomerFactory(home_store=store, phone="+8613812345678")
    b = CustomerFactory(home_store=store, phone="+8613812345678")
    page = manager_client.get(f"/customers/{a.pk}/merge/")
    assert page.status_code == 200 and f"?other={b.pk}" in page.content.decode()
    response = manager_client.post(f"/customers/{a.pk}/merge/", {"other": b.pk, "confirm": "on"})
    assert response.status_code == 302
    assert Customer.objects.get(pk=b.pk).merged_into_id == a.pk
    assert manager_client.get(f"/customers/{b.pk}/")["Location"] == f"/customers/{a.pk}/"


def test_counter_cannot_open_merge(counter_client, store):
    a = CustomerFactory(home_store=store)
    assert counter_client.get(f"/customers/{a.pk}/merge/").status_code == 403
