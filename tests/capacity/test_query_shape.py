"""The counter's pages ask PostgreSQL questions it can plan cheaply.

PostgreSQL plans every query anew (Django sends no prepared statements). A query joining many
tables costs more to plan than to run: a case read with its store, customer, category, three
staff, purchase and root cause took 2–13 ms of planning under load for 0.2 ms of work, on every
case page. Records a page shows only when they are set (who accepted a trade-in, the staff
member a complaint is about) are read when present instead of joined every time.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from repairs.models import Status
from tests.repairs.factories import make_order
from tests.tickets.factories import make_case
from tests.tradein.helpers import accepted_quote, make_rule, set_price

pytestmark = pytest.mark.django_db

MAX_JOINS = 5  # six tables: PostgreSQL's join search stays small (join_collapse_limit is 8)


@pytest.fixture
def pages(store, counter):
    order = make_order(store, actor=counter)
    ready = make_order(store, actor=counter, status=Status.READY)
    case = make_case(store, actor=counter)
    make_rule(name="足金换新", fee_per_gram=Decimal("30"), labour_mode="a", labour_per_gram=Decimal("20"))
    set_price(None, "1000")
    quote = accepted_quote(store)
    return {
        "order page": f"/repairs/{order.number}/", "receipt print": f"/repairs/{order.number}/print/receipt/",
        "pickup page": f"/repairs/{ready.number}/pickup/", "repairs list": "/repairs/?view=all",
        "case page": f"/cases/{case.number}/", "case list": "/cases/", "trade-in quote page": f"/tradein/q/{quote.number}/",
        "trade-in list": "/tradein/", "follow-ups": "/customers/followups/", "home": "/",
    }, quote


def test_no_query_of_a_counter_page_joins_more_than_five_tables(manager_client, pages):
    urls, _quote = pages
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = manager_client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        widest = max(queries.captured_queries, key=lambda q: q["sql"].count(" JOIN "))
        assert widest["sql"].count(" JOIN ") <= MAX_JOINS, f"{name}: {widest['sql'][:300]}"


def test_records_read_when_set_still_show(manager_client, pages):
    urls, quote = pages
    body = manager_client.get(urls["trade-in quote page"]).content.decode()
    assert quote.accepted_by_id and str(quote.accepted_by) in body
