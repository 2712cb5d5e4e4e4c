"""Two staff on one order at the same moment, with real threads and row locks (PostgreSQL).

SQLite has no row locks (it serialises whole transactions), so there the same races are covered
sequentially with stale versions in test_pickup.py and test_workflow.py.
"""

from decimal import Decimal

import pytest
from django.db import connection

from aftersales.concurrency import StaleEdit
from repairs import services
from repairs.models import ApprovalMethod, Payment, Pickup, Quote, QuoteStatus, Status
from tests.races import race

from .factories import make_order

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL=postgres://...)"),
]


def test_two_counters_collect_the_same_order(store, counter):
    order = make_order(store, status=Status.READY)
    it = order.items.get()
    version = order.version

    def collect(_):
        return services.repair_pickup(order_id=order.pk, actor=counter, item_ids=[it.pk], weights={it.pk: it.intake_weight},
                                      receipt_presented=True, payment_amount=Decimal("30"), payment_method="cash", expected_version=version)

    results = race(collect)
    assert sorted(r[0] for r in results) == ["error", "ok"]
    loser = next(r[1] for r in results if r[0] == "error")
    assert isinstance(loser, (StaleEdit, services.AlreadyCollected))
    assert Pickup.objects.count() == 1 and Payment.objects.filter(order=order).count() == 1
    order.refresh_from_db()
    assert order.status == Status.COLLECTED


def test_two_approvals_at_once_approve_once(store, counter):
    order = make_order(store, status=Status.AWAITING_APPROVAL)

    def approve(_):
        return services.repair_approve(order_id=order.pk, actor=counter, method=ApprovalMethod.PHONE, call_taken_by="小李")

    results = race(approve)
    changed = [r[1][1] for r in results if r[0] == "ok"]
    assert sorted(changed) == [False, True]
    assert Quote.objects.filter(order=order, status=QuoteStatus.APPROVED).count() == 1


def test_two_moves_from_one_state_only_one_wins(store, technician):
    order = make_order(store, status=Status.QUALITY_CHECK)
    it = order.items.get()
    services.repair_record_weights(order_id=order.pk, actor=technician, weights={it.pk: it.intake_weight})

    def ready_or_back(i):  # workshop steps: the technician's (repairs permission table)
        if i == 0:
            return services.repair_mark_ready(order_id=order.pk, actor=technician)
        return services.repair_send_back(order_id=order.pk, actor=technician, note="返工")

    results = race(ready_or_back)
    order.refresh_from_db()
    assert order.status in (Status.READY, Status.IN_REPAIR)
    errors = [r[1] for r in results if r[0] == "error"]
    assert len(errors) == 1 and isinstance(errors[0], services.IllegalTransition)


def test_double_submitted_intake_in_parallel_makes_one_order(store, counter):
    from repairs.models import RepairOrder

    from .factories import customer, item

    cust = customer(store)
    token = "6f1c2a7e-0b9e-4e57-9d54-5c6bb0c3d9a1"

    def create(_):
        return services.repair_create(actor=counter, store=store, customer=cust, items=[item()], risks_acknowledged=True, token=token)

    results = race(create)
    assert RepairOrder.objects.count() == 1
    assert sorted(r[0] for r in results) == ["error", "ok"]
