"""Repairs on the customer's file: timeline entries and the "Repairs" card."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from customers import timeline
from repairs.customer_pages import timeline_entries
from repairs.models import Status
from tests.conftest import make_user

from .factories import customer, make_order

pytestmark = pytest.mark.django_db


def test_timeline_has_taken_in_approved_ready_collected(store, counter):
    c = customer(store)
    order = make_order(store, customer=c, status=Status.COLLECTED)
    declined = make_order(store, customer=c, status=Status.DECLINED)
    with translation.override("en"):
        titles = [e.title for e in timeline.entries(c)]
    for what in ("taken in", "quote approved", "ready for pickup", "collected"):
        assert f"{order.number}: {what}" in titles
    assert f"{declined.number}: quote declined, returned unrepaired" in titles
    assert f"{declined.number}: taken in" in titles


def test_timeline_entries_in_two_queries_whatever_the_number_of_orders(store):
    c = customer(store)
    make_order(store, customer=c, status=Status.READY)
    with CaptureQueriesContext(connection) as few:
        list(timeline_entries(c))
    for _ in range(4):
        make_order(store, customer=c, status=Status.COLLECTED)
    with CaptureQueriesContext(connection) as many:
        entries = list(timeline_entries(c))
    assert len(few) == len(many) == 2
    assert len(entries) == 3 + 4 * 4  # taken in, quote approved, ready (+ collected)


def test_timeline_leaves_out_other_stores_orders_for_their_staff(store, other_store, counter):
    c = customer(store)
    mine = make_order(store, customer=c)
    theirs = make_order(other_store, customer=c)
    titles = " ".join(e.title for e in timeline.entries(c, user=counter))
    assert mine.number in titles and theirs.number not in titles
    chain = make_user("chainboss", "chain_manager", store, other_store)
    assert theirs.number in " ".join(e.title for e in timeline.entries(c, user=chain))


def test_timeline_page_links_to_the_orders(counter_client, store):
    c = customer(store)
    order = make_order(store, customer=c, status=Status.READY)
    body = counter_client.get(f"/customers/{c.pk}/timeline/").content.decode()
    assert f"/repairs/{order.number}/" in body


def test_customer_page_lists_repairs_of_my_stores_with_status(counter_client, store, other_store):
    c = customer(store)
    ready = make_order(store, customer=c, status=Status.READY)
    received = make_order(store, customer=c)
    theirs = make_order(other_store, customer=c)
    body = counter_client.get(f"/customers/{c.pk}/").content.decode()
    assert 'id="customer-repairs"' in body
    assert ready.number in body and received.number in body and theirs.number not in body
    with translation.override("zh-hans"):
        assert str(Status.READY.label) in body and str(Status.RECEIVED.label) in body
    assert f"/repairs/new/?customer={c.pk}" in body


def test_customer_page_repairs_in_constant_queries(counter_client, store, django_assert_max_num_queries):
    c = customer(store)
    make_order(store, customer=c)
    with django_assert_max_num_queries(40) as few:
        counter_client.get(f"/customers/{c.pk}/")
    for _ in range(5):
        make_order(store, customer=c, status=Status.READY)
    with django_assert_max_num_queries(len(few)):
        response = counter_client.get(f"/customers/{c.pk}/")
    assert response.content.decode().count("/repairs/HX-") >= 6


def test_customer_without_repairs_gets_an_empty_card(counter_client, store):
    c = customer(store)
    body = counter_client.get(f"/customers/{c.pk}/").content.decode()
    assert 'id="customer-repairs"' in body and "new-repair-for-customer" in body
