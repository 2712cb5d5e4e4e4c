from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from aftersales.concurrency import StaleEdit
from aftersales.models import Event
from customers import phones, services
from customers.models import ConsentChange, Customer, CustomerTier

pytestmark = pytest.mark.django_db


def test_phone_is_normalised_to_e164_and_masked():
    assert phones.normalise("138 1234 5678") == "+8613812345678"
    assert phones.normalise("+86 138-1234-5678") == "+8613812345678"
    assert phones.mask("+8613812345678") == "138****5678"
    assert phones.display("+8613812345678") == "138 1234 5678"


@pytest.mark.parametrize("bad", ["12345", "1381234567", "abc", "138123456789", ""])
def test_malformed_phones_are_refused(bad):
    with pytest.raises(ValidationError):
        phones.normalise(bad)


def test_create_stores_e164_last4_and_writes_event(store, counter):
    c = services.customer_create(store=store, actor=counter, name=" 王芳 ", phone="13812345678")
    assert (c.name, c.phone, c.phone_last4, c.home_store) == ("王芳", "+8613812345678", "5678", store)
    assert Event.objects.filter(kind="customer.created", subject_id=c.pk).exists()
    assert not c.marketing_consent and c.service_contact


def test_create_with_marketing_consent_records_when_and_how(store, counter):
    c = services.customer_create(store=store, actor=counter, name="李娜", phone="13912345678", marketing_consent=True, consent_method="signed")
    change = ConsentChange.objects.get(customer=c)
    assert change.given and change.method == "signed" and change.actor == counter and change.at
    assert c.marketing_consent and c.marketing_consent_at == change.at


def test_malformed_phone_names_the_field_and_saves_nothing(store, counter):
    with pytest.raises(ValidationError) as exc:
        services.customer_create(store=store, actor=counter, name="王芳", phone="1234")
    assert "phone" in exc.value.error_dict
    assert not Customer.objects.exists()


def test_future_birthday_is_refused(store, counter):
    with pytest.raises(ValidationError) as exc:
        services.customer_create(store=store, actor=counter, name="王芳", phone="13812345678",
                                 birthday=timezone.localdate() + timedelta(days=1))
    assert "birthday" in exc.value.error_dict
    assert not Customer.objects.exists()


def test_chain_defined_tier_is_accepted_and_unknown_tier_refused(store, counter):
    CustomerTier.objects.create(code="diamond", name="钻石会员", rank=30)
    c = services.customer_create(store=store, actor=counter, name="王芳", phone="13812345678", vip_tier="diamond")
    assert c.tier_label() == "钻石会员"
    with pytest.raises(ValidationError):
        services.customer_create(store=store, actor=counter, name="王芳", phone="13812345679", vip_tier="platinum-x")


def test_technician_may_not_create(store, technician):
    with pytest.raises(PermissionDenied):
        services.customer_create(store=store, actor=technician, name="王芳", phone="13812345678")


def test_update_changes_phone_last4_and_refuses_stale_version(store, counter):
    c = services.customer_create(store=store, actor=counter, name="王芳", phone="13812345678")
    services.customer_update(customer_id=c.pk, actor=counter, expected_version=c.version, phone="13987654321")
    c.refresh_from_db()
    assert (c.phone, c.phone_last4) == ("+8613987654321", "4321")
    event = Event.objects.get(kind="customer.updated", subject_id=c.pk)
    assert event.new["phone"] == "139****4321"  # the audit trail never holds the full number
    with pytest.raises(StaleEdit):
        services.customer_update(customer_id=c.pk, actor=counter, expected_version=1, name="王小芳")


def test_update_refuses_future_birthday(store, counter):
    c = services.customer_create(store=store, actor=counter, name="王芳", phone="13812345678")
    with pytest.raises(ValidationError):
        services.customer_update(customer_id=c.pk, actor=counter, expected_version=None, birthday=timezone.localdate() + timedelta(days=3))
    c.refresh_from_db()
    assert c.birthday is None
