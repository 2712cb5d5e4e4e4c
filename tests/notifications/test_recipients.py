"""The outbox reaches its recipients through the registry: no foreign key, no import of customers."""

import pytest
import time_machine

from aftersales.notifications import recipients, services
from aftersales.notifications.models import Message, Status
from customers import services as customer_services
from customers.models import Customer
from customers.recipients import TYPE, message_entries

from .conftest import at, make_customer

pytestmark = pytest.mark.django_db

CONTEXT = {"order_number": "HX-R2611-00042", "pickup_deadline": at(22, 12).date()}


def test_a_message_names_its_customer_by_reference_with_a_masked_label(customer, store):
    message = services.notify(customer=customer, kind="ready_for_pickup", context=CONTEXT, store=store, dedupe_key="r:1")
    message = Message.objects.get(pk=message.pk)
    assert (message.recipient_type, message.recipient_id) == (TYPE, customer.pk)
    assert message.recipient_label == "王** 138****5678" and message.recipient_name == "王丽"
    assert message.recipient_link == f"/customers/{customer.pk}/"
    assert not any(f.is_relation and f.related_model is Customer for f in Message._meta.get_fields())


def test_consent_is_read_at_send_time_through_the_registry(consenting, store, settings):
    settings.SMS_GATEWAY, settings.QUIET_HOURS = "db", ""
    message = services.notify(customer=consenting, kind="birthday", context={}, store=store, dedupe_key="b:1")
    assert message.status == Status.QUEUED
    Customer.objects.filter(pk=consenting.pk).update(marketing_consent=False)  # withdrawn before the send
    with time_machine.travel(at(23, 10), tick=False):
        message = services.message_send(message_id=message.pk)
    assert message.status == Status.SUPPRESSED


def test_an_unregistered_recipient_type_fails_loudly(store):
    with pytest.raises(recipients.UnknownRecipientType):
        services.notify(customer=store, kind="ready_for_pickup", context=CONTEXT, store=store, dedupe_key="x:1")


def test_a_merge_moves_the_duplicates_messages_to_the_survivor(store, manager):
    survivor, duplicate = make_customer(store), make_customer(store, name="王丽丽", phone="+8613900009999")
    services.notify(customer=duplicate, kind="ready_for_pickup", context=CONTEXT, store=store, dedupe_key="r:dup")
    customer_services.customer_merge(survivor_id=survivor.pk, duplicate_id=duplicate.pk, actor=manager)
    assert [e.title for e in message_entries(survivor)] == [Message.objects.get().kind_label]
    assert message_entries(Customer.objects.get(pk=duplicate.pk)) == []
