import pytest

from aftersales.models import Event
from customers import selectors, services
from customers.models import ConsentChange, Customer, FollowUpReason, FollowUpStatus
from tests.customers.factories import CustomerFactory, FollowUpFactory

pytestmark = pytest.mark.django_db


def test_give_and_withdraw_keep_a_history_and_may_market_follows(store, counter):
    c = CustomerFactory(home_store=store)
    assert not selectors.may_market(c)
    services.consent_set(customer_id=c.pk, actor=counter, given=True, method="signed")
    c.refresh_from_db()
    assert selectors.may_market(c)
    assert list(selectors.marketable()) == [c]
    services.consent_withdraw_marketing(customer_id=c.pk, actor=counter, method="phone")
    c.refresh_from_db()
    assert not selectors.may_market(c)
    assert not selectors.marketable().exists()
    rows = list(ConsentChange.objects.filter(customer=c).order_by("at"))
    assert [(r.given, r.method) for r in rows] == [(True, "signed"), (False, "phone")]
    assert Event.objects.filter(kind="consent.marketing.withdrawn", subject_id=c.pk).exists()


def test_second_click_changes_nothing(store, counter):
    c = CustomerFactory(home_store=store)
    assert services.consent_set(customer_id=c.pk, actor=counter, given=True, method="verbal") is not None
    assert services.consent_set(customer_id=c.pk, actor=counter, given=True, method="verbal") is None
    assert ConsentChange.objects.count() == 1


def test_withdrawal_cancels_open_marketing_calls_but_keeps_service_calls(store, counter):
    c = CustomerFactory(home_store=store, marketing_consent=True)
    birthday = FollowUpFactory(customer=c, reason=FollowUpReason.BIRTHDAY)
    pickup = FollowUpFactory(customer=c, reason=FollowUpReason.AFTER_PICKUP)
    services.consent_withdraw_marketing(customer_id=c.pk, actor=counter)
    birthday.refresh_from_db()
    pickup.refresh_from_db()
    assert birthday.status == FollowUpStatus.CANCELLED
    assert pickup.status == FollowUpStatus.DUE


def test_merged_file_is_never_marketable(store):
    survivor = CustomerFactory(home_store=store, marketing_consent=True)
    dup = CustomerFactory(home_store=store, marketing_consent=True, merged_into=survivor)
    assert not selectors.may_market(dup)
    assert set(selectors.marketable(Customer.objects.all())) == {survivor}


def test_one_click_withdraw_from_the_file(counter_client, store):
    c = CustomerFactory(home_store=store, marketing_consent=True)
    response = counter_client.post(f"/customers/{c.pk}/consent/", {"given": "0", "method": "verbal"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert not c.marketing_consent
    assert ConsentChange.objects.get(customer=c).given is False


def test_consent_page_needs_a_method(counter_client, store):
    c = CustomerFactory(home_store=store)
    counter_client.post(f"/customers/{c.pk}/consent/", {"given": "1", "method": "telepathy"})
    c.refresh_from_db()
    assert not c.marketing_consent


def test_service_contact_change_is_a_consent_row_too(store, counter):
    from customers.models import ConsentKind

    c = CustomerFactory(home_store=store)
    services.customer_update(customer_id=c.pk, actor=counter, expected_version=None, service_contact=False)
    c.refresh_from_db()
    assert not c.service_contact and not selectors.may_contact_for_service(c)
    row = ConsentChange.objects.get(customer=c)
    assert (row.kind, row.given) == (ConsentKind.SERVICE, False)
    services.customer_update(customer_id=c.pk, actor=counter, expected_version=None, service_contact=False)
    assert ConsentChange.objects.count() == 1


def test_birthdays_on_only_consenting_customers_and_29_february(store):
    from datetime import date

    yes = CustomerFactory(home_store=store, marketing_consent=True, birthday=date(1990, 3, 14))
    CustomerFactory(home_store=store, marketing_consent=False, birthday=date(1991, 3, 14))
    leap = CustomerFactory(home_store=store, marketing_consent=True, birthday=date(1992, 2, 29))
    assert list(selectors.birthdays_on(date(2026, 3, 14))) == [yes]
    assert list(selectors.birthdays_on(date(2026, 2, 28))) == [leap]
    assert list(selectors.birthdays_on(date(2028, 2, 28))) == []
