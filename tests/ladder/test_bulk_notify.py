"""notify_many renders exactly what notify() renders, edited templates included, and sends once."""

from datetime import date

import pytest

from aftersales.notifications import services
from aftersales.notifications.bulk import Notice, notify_many
from aftersales.notifications.models import Message
from customers.models import Customer

pytestmark = pytest.mark.django_db


def _customers(store, n):
    return [Customer.objects.create(name=f"王{i}丽", phone=f"+86138123456{i:02d}", phone_last4=f"56{i:02d}", home_store=store) for i in range(n)]


@pytest.mark.parametrize("body", [
    None,  # the shipped wording
    "{{ customer_name|upper }}，{{ order_number|slice:':4' }} {% if customer_name == '王1丽' %}特别{% endif %} {{ pickup_deadline|date:'n月j日' }}",
])
def test_bulk_messages_match_one_by_one_messages(store, manager, chain_manager, body):
    if body:
        services.template_save(kind="final_notice", language="zh-hans", subject="通知 {{ order_number }}", body=body, actor=chain_manager)
    people = _customers(store, 3)
    ctx = [{"order_number": f"HX-R2701-{i:05d}", "pickup_deadline": date(2027, 2, 28)} for i in range(3)]
    assert notify_many([Notice(customer=c, store=store, kind="final_notice", dedupe_key=f"bulk:{i}", context=ctx[i])
                        for i, c in enumerate(people)]) == 3
    for i, c in enumerate(people):
        one = services.notify(customer=c, kind="final_notice", store=store, dedupe_key=f"one:{i}", context=ctx[i])
        bulk = Message.objects.get(dedupe_key=f"bulk:{i}")
        assert (bulk.subject, bulk.body, bulk.to_address, bulk.status) == (one.subject, one.body, one.to_address, one.status)
    # the same keys again: nothing new (the unique dedupe_key is the proof)
    assert notify_many([Notice(customer=c, store=store, kind="final_notice", dedupe_key=f"bulk:{i}", context=ctx[i])
                        for i, c in enumerate(people)]) == 0
    assert Message.objects.filter(dedupe_key__startswith="bulk:").count() == 3


def test_bulk_refuses_marketing_kinds(store):
    with pytest.raises(ValueError):
        notify_many([Notice(customer=_customers(store, 1)[0], store=store, kind="birthday", dedupe_key="b:1")])
