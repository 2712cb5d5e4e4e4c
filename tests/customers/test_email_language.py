"""Customer.email and Customer.language are real fields: entered, imported, masked, used by the outbox."""

from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from aftersales.models import Event
from aftersales.notifications import services as outbox
from aftersales.notifications.models import Status
from customers import services
from customers.models import Customer
from tests.conftest import login
from tests.customers.factories import CustomerFactory
from tests.notifications.conftest import at

pytestmark = pytest.mark.django_db

CONTEXT = {"order_number": "HX-R2611-00042", "pickup_deadline": at(22, 12).date()}


def test_the_form_saves_email_and_language_and_the_outbox_uses_them(counter_client, store, settings, mailoutbox):
    data = {"name": "Anna Smith", "phone": "138 1234 5678", "vip_tier": "regular", "service_contact": "on",
            "email": "anna@example.com", "language": "en"}
    response = counter_client.post("/customers/new/", data)
    assert response.status_code == 302
    customer = Customer.objects.get()
    assert (customer.email, customer.language) == ("anna@example.com", "en")
    settings.SMS_GATEWAY, settings.QUIET_HOURS = "db", ""
    with time_machine.travel(at(23, 10), tick=False):
        message = outbox.notify(customer=Customer.objects.get(pk=customer.pk), kind="ready_for_pickup", context=CONTEXT,
                                store=store, dedupe_key="ready:anna", channel="email")
        outbox.message_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.to_address == "anna@example.com" and message.language == "en" and message.status == Status.SENT
    assert message.body.startswith("[黄兴店] Dear Anna Smith")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["anna@example.com"]


def test_a_customer_without_a_language_gets_the_chains_language(store, settings):
    customer = CustomerFactory(home_store=store)
    message = outbox.notify(customer=customer, kind="ready_for_pickup", context=CONTEXT, store=store, dedupe_key="ready:zh")
    assert customer.language == "" and message.language == "zh-hans" and message.to_address == customer.phone


def test_a_bad_email_is_refused_and_the_input_kept(counter_client, counter, store):
    data = {"name": "王芳", "phone": "138 1234 5678", "vip_tier": "regular", "email": "not-an-address"}
    response = counter_client.post("/customers/new/", data)
    assert response.status_code == 200 and "not-an-address" in response.content.decode()
    assert "email" in response.context["form"].errors and not Customer.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.customer_create(store=store, actor=counter, name="王芳", phone="13812345678", email="nope", language="fr")
    assert exc.value.message_dict.keys() == {"email", "language"}


def test_email_is_masked_for_a_technician_and_in_the_audit_trail(store, counter, technician):
    customer = services.customer_create(store=store, actor=counter, name="王芳", phone="13812345678", email="wangfang@example.com")
    services.customer_update(customer_id=customer.pk, actor=counter, expected_version=customer.version, email="wf@example.org")
    assert "wangfang@" not in str(list(Event.objects.values_list("new", "old")))
    assert "w***@example.org" in str(Event.objects.get(kind="customer.updated").new)
    assert "wf@example.org" in login(counter).get(f"/customers/{customer.pk}/").content.decode()
    body = login(technician).get(f"/customers/{customer.pk}/").content.decode()
    assert "w***@example.org" in body and "wf@example.org" not in body


def test_the_pos_import_reads_email_and_language_for_new_files(store, counter):
    text = ("小票号,购买日期,手机,姓名,商品,金额,克重,邮箱,语言\n"
            "HX-1,2026-01-05 10:00,13812345678,Anna,足金手链,1280.00,2.345,anna@example.com,英文\n"
            "HX-2,2026-01-05 10:00,13900001111,李娜,足金戒指,880,,bad-address,\n"
            "HX-3,2026-01-05 10:00,13900002222,王芳,足金戒指,880,,,klingon\n")
    batch = services.purchase_import_start(store=store, actor=counter, file_name="pos.csv", raw=text.encode())
    batch = services.purchase_import_run(import_id=batch.pk)
    anna = Customer.objects.get(phone="+8613812345678")
    assert (anna.email, anna.language) == ("anna@example.com", "en")
    assert anna.purchases.get().weight == Decimal("2.350")  # the scale's 0.01 g, through money.scale_grams
    assert [(r["row"], r["field"]) for r in batch.rejected] == [(3, "email"), (4, "language")]
    created = Event.objects.get(kind="customer.created", subject_id=anna.pk)
    assert created.new["import"] == batch.pk and created.actor == counter
