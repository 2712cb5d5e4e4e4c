"""The worker and a print click at the same moment, with real threads and row locks (PostgreSQL).

SQLite has no row locks: there the drawers take turns on a file lock and draw outside any
transaction (test_drawing_lock.py, which runs the same race on both databases).
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from aftersales.documents import services
from aftersales.documents.models import StoredDocument
from repairs import documents
from tests.printing.helpers import three_item_order

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL=postgres://...)"),
]


def test_click_and_worker_together_draw_each_receipt_once(store, counter, monkeypatch):
    order = three_item_order(store, actor=counter)
    real, real_copies = services.render_document, services.render_document_copies
    drawn, lock = [], threading.Lock()

    def slowly(render):
        def slow(kind, data, **kwargs):
            with lock:
                drawn.append(",".join(data.copies))
            time.sleep(0.4)  # long enough for the other side to arrive while this one draws
            return render(kind, data, **kwargs)
        return slow

    monkeypatch.setattr(services, "render_document", slowly(real))
    monkeypatch.setattr(services, "render_document_copies", slowly(real_copies))
    barrier = threading.Barrier(2)
    results = {}

    def click():
        try:
            barrier.wait()
            time.sleep(0.1)  # the worker is drawing by now
            fresh = documents.printable_orders().get(pk=order.pk)
            results["click"] = services.document_get_or_render(kind="receipt", subject=fresh, data=documents.receipt_data(fresh), actor=counter)
        finally:
            connections.close_all()

    def worker():
        try:
            barrier.wait()
            results["worker"] = services.documents_prerender(subject_type="repairs.repairorder", subject_id=order.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click), threading.Thread(target=worker)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert drawn == ["customer,store"]  # the worker's one layout of both copies; the click waited and drew nothing
    assert results["click"].pk == results["worker"][0].pk
    assert StoredDocument.objects.filter(subject_id=order.pk, kind="receipt").count() == 2
