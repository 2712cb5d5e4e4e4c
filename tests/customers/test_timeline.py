from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from customers import services, timeline
from tests.customers.factories import CustomerFactory, FollowUpFactory, PurchaseFactory

pytestmark = pytest.mark.django_db


def test_timeline_has_purchases_consent_and_calls_newest_first(store, counter):
    c = CustomerFactory(home_store=store)
    PurchaseFactory(customer=c, item="足金手链", purchased_at=timezone.now() - timedelta(days=200))
    services.consent_set(customer_id=c.pk, actor=counter, given=True, method="signed", at=timezone.now() - timedelta(days=100))
    fu = FollowUpFactory(customer=c, due_date=timezone.localdate() - timedelta(days=1))
    services.followup_record_call(followup_id=fu.pk, actor=counter, outcome="reached", thanked=True, satisfaction=5, notes="很满意")
    with translation.override("en"):
        entries = timeline.entries(c)
    assert [e.kind for e in entries] == ["Follow-up call", "Consent", "Purchase"]
    assert [e.moment for e in entries] == sorted((e.moment for e in entries), reverse=True)
    assert "足金手链" in entries[-1].title
    assert "很满意" in entries[0].detail


def test_other_apps_register_providers(store):
    c = CustomerFactory(home_store=store)

    def repairs(customer):
        yield timeline.Entry(when=date(2020, 1, 1), kind="维修", title="HX-R2001-00001", url="/repairs/1/")

    timeline.register(repairs)
    try:
        entries = timeline.entries(c)
        assert entries[-1].title == "HX-R2001-00001"
    finally:
        timeline._providers.remove(repairs)


def test_timeline_page(counter_client, store):
    c = CustomerFactory(home_store=store)
    PurchaseFactory(customer=c, item="伊朵儿珍珠项链")
    response = counter_client.get(f"/customers/{c.pk}/timeline/")
    assert response.status_code == 200 and "伊朵儿珍珠项链" in response.content.decode()
