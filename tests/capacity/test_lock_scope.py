"""Locking one order, case or quote locks that row, not its store's.

`select_for_update()` with `select_related()` locks every joined row: each change to an order
also locked its store and customer, so the changes to all the orders of one store queued behind
each other, and so did every insert that references the store (an event, a new order: their
foreign-key checks wait on a locked store row).
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from repairs.services import workflow as repair_workflow
from tests.repairs.factories import make_order
from tests.tickets.factories import make_case
from tests.tradein.helpers import make_rule, priced_quote, set_price
from tickets.services import workflow as case_workflow
from tradein.services import quotes as quote_services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL=postgres://...)"),
]


def _locked_tables(fn) -> str:
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        fn()
    sql = next(q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"])
    return sql[sql.index("FOR UPDATE"):]


def test_the_locks_name_their_own_table_only(store, counter):
    order = make_order(store, actor=counter)
    case = make_case(store, actor=counter)
    make_rule(fee_per_gram=Decimal("30"))
    set_price(None)
    quote = priced_quote(store)
    assert _locked_tables(lambda: repair_workflow.lock(order.pk)) == 'FOR UPDATE OF "repairs_repairorder"'
    assert _locked_tables(lambda: case_workflow.lock(case.pk)) == 'FOR UPDATE OF "tickets_case"'
    assert _locked_tables(lambda: quote_services.lock(quote.pk)) == 'FOR UPDATE OF "tradein_quote"'


def test_a_locked_order_does_not_hold_up_another_order_of_its_store(store, counter):
    first, second = make_order(store, actor=counter), make_order(store, actor=counter)
    holding, release, outcome = threading.Event(), threading.Event(), {}

    def hold():
        try:
            with transaction.atomic():
                repair_workflow.lock(first.pk)
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            outcome["second"] = repair_workflow.lock(second.pk).pk  # waited for the store row before
            from aftersales import audit

            outcome["event"] = audit.record(actor=counter, kind="store.updated", subject=store, store=store, new={"name": "x"}).pk
    finally:
        release.set()
        holder.join()
    assert outcome["second"] == second.pk and outcome["event"]
