"""Drawing a receipt never holds up the rest of the desk's writes.

PostgreSQL: the drawer holds only the order's row (test_lock_scope.py, test_prerender_race.py).
SQLite: a transaction there holds the write lock of the whole file, so the layout (0.2-0.4 s) runs
outside any transaction while the drawers of one order take turns on a file lock; only storing
the new version writes.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from aftersales.documents import services
from aftersales.documents.models import StoredDocument
from customers.models import Customer
from repairs import documents
from tests.printing.helpers import three_item_order

SUBJECT = "repairs.repairorder"


def _watch(monkeypatch, seen: list, pause: float = 0.0, drawing: threading.Event | None = None, drawn: dict | None = None):
    """Wrap both ways of drawing: note whether a transaction is open, then draw (after `pause`).
    `drawing` is set once a layout has begun; `drawn["at"]` is when the last one ended."""
    real, real_copies = services.render_document, services.render_document_copies

    def watching(render):
        def draw(kind, data, **kwargs):
            seen.append((",".join(data.copies), transaction.get_connection().in_atomic_block))
            if drawing is not None:
                drawing.set()
            time.sleep(pause)
            result = render(kind, data, **kwargs)
            if drawn is not None:
                drawn["at"] = time.monotonic()
            return result
        return draw

    monkeypatch.setattr(services, "render_document", watching(real))
    monkeypatch.setattr(services, "render_document_copies", watching(real_copies))


@pytest.mark.django_db(transaction=True)
def test_drawing_opens_a_transaction_only_where_it_holds_just_a_row(store, counter, monkeypatch):
    order = three_item_order(store, actor=counter)
    seen: list = []
    _watch(monkeypatch, seen)
    services.documents_prerender(subject_type=SUBJECT, subject_id=order.pk)
    fresh = documents.printable_orders().get(pk=order.pk)
    services.document_get_or_render(kind="receipt", subject=fresh, data=documents.receipt_data(fresh, copies=("store",)),
                                    actor=counter)
    in_transaction = connection.vendor != "sqlite"
    assert seen == [("customer,store", in_transaction), ("store", in_transaction)]
    assert sorted(StoredDocument.objects.filter(subject_id=order.pk, kind="receipt").values_list("copies", flat=True)) == [
        "customer", "customer,store", "store"]


@pytest.mark.django_db(transaction=True)
def test_a_form_post_writes_while_the_worker_draws_and_a_click_waits_for_the_drawing(store, counter, monkeypatch):
    """The worker draws (slowly); meanwhile another counter saves a customer's note, which must
    not wait for the layout, and a print click of the same order waits and draws nothing."""
    order = three_item_order(store, actor=counter)
    seen: list = []
    drawing, drawn = threading.Event(), {}
    _watch(monkeypatch, seen, pause=0.6, drawing=drawing, drawn=drawn)
    results: dict = {}

    def worker():
        try:
            results["worker"] = services.documents_prerender(subject_type=SUBJECT, subject_id=order.pk)
        finally:
            connections.close_all()

    def click():
        try:
            assert drawing.wait(timeout=30)  # the worker is drawing
            fresh = documents.printable_orders().get(pk=order.pk)
            results["click"] = services.document_get_or_render(kind="receipt", subject=fresh, data=documents.receipt_data(fresh),
                                                               actor=counter)
        finally:
            connections.close_all()

    def other_counter():
        try:
            assert drawing.wait(timeout=30)
            with transaction.atomic():
                Customer.objects.filter(pk=order.customer_id).update(notes="来电询问")
            results["written_at"] = time.monotonic()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=f) for f in (worker, click, other_counter)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert [copies for copies, _ in seen] == ["customer,store"]  # one layout; the click waited and drew nothing
    assert results["click"].pk == results["worker"][0].pk
    assert results["written_at"] < drawn["at"]  # saved during the layout, not after it
    assert Customer.objects.get(pk=order.customer_id).notes == "来电询问"
    assert StoredDocument.objects.filter(subject_id=order.pk, kind="receipt").count() == 2
