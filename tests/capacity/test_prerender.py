"""Receipts are ready before the print click: the worker stores each new version after a change."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from aftersales import audit
from aftersales.documents import selectors, services
from aftersales.documents.models import StoredDocument
from repairs import services as repair_services
from repairs.models import ApprovalMethod, RepairOrder
from tests.printing.helpers import three_item_order

pytestmark = pytest.mark.django_db

SUBJECT = "repairs.repairorder"


def receipts(order) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for doc in StoredDocument.objects.for_subject(order).filter(kind="receipt").order_by("version"):
        found.setdefault(doc.copies, []).append(doc.version)
    return found


def test_an_intake_commit_has_the_worker_store_both_receipts(store, counter, eager, renders, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        order = three_item_order(store, actor=counter)
    assert len([c for c in callbacks if c.__module__ != "aftersales.files"]) == 1  # besides the files' own writes
    assert receipts(order) == {"customer": [1], "customer,store": [1]}
    assert renders == [("receipt", "customer,store")]  # one layout gives both
    doc = selectors.latest_document(kind="receipt", subject=order, copies="customer")
    assert doc.created_by is None and doc.sha256 == hashlib.sha256(doc.read()).hexdigest()
    assert audit.history(order).filter(kind="document.stored").count() == 2


def test_the_print_click_then_serves_the_stored_file_without_drawing(store, counter, counter_client, eager, renders,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = three_item_order(store, actor=counter)
    drawn = len(renders)
    for query, copies in (("", "customer"), ("?copies=both", "customer,store")):
        response = counter_client.get(reverse("repairs:print_receipt", args=[order.number]) + query)
        assert response.status_code == 200
        stored = selectors.latest_document(kind="receipt", subject=order, copies=copies)
        assert b"".join(response.streaming_content if response.streaming else [response.content]) == stored.read()
    assert len(renders) == drawn
    assert receipts(order) == {"customer": [1], "customer,store": [1]}


def test_a_quote_approval_and_a_new_date_each_store_the_next_version(store, counter, counter_client, eager, renders,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = three_item_order(store, actor=counter)
    with django_capture_on_commit_callbacks(execute=True):
        repair_services.repair_quote(order_id=order.pk, actor=counter, labour="120")
    # A quote waiting for the customer is not on the receipt: nothing new.
    assert receipts(order) == {"customer": [1], "customer,store": [1]}
    with django_capture_on_commit_callbacks(execute=True):
        repair_services.repair_approve(order_id=order.pk, actor=counter, method=ApprovalMethod.PHONE, call_taken_by="小李")
    assert receipts(order) == {"customer": [1, 2], "customer,store": [1, 2]}
    order.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        repair_services.repair_change_promised_date(order_id=order.pk, actor=counter, new_date=order.promised_date + timedelta(days=3),
                                                    reason="配件未到", customer_told=True)
    assert receipts(order) == {"customer": [1, 2, 3], "customer,store": [1, 2, 3]}
    drawn = len(renders)
    response = counter_client.get(reverse("repairs:print_receipt", args=[order.number]))
    assert response.status_code == 200 and len(renders) == drawn
    assert f'filename="receipt-{order.pk}-v3.pdf"' in response["Content-Disposition"]


def test_nothing_is_queued_before_the_commit_or_after_a_rollback(store, counter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                three_item_order(store, actor=counter)
                raise RuntimeError("the intake failed after the order row")
        except RuntimeError:
            pass
    assert callbacks == [] and not RepairOrder.objects.exists()


def test_a_redelivered_task_stores_nothing_new(store, counter, renders):
    order = three_item_order(store, actor=counter)
    first = services.documents_prerender(subject_type=SUBJECT, subject_id=order.pk)
    events = audit.history(order).count()
    again = services.documents_prerender(subject_type=SUBJECT, subject_id=order.pk)
    assert [d.pk for d in again] == [d.pk for d in first]
    assert len(renders) == 1 and audit.history(order).count() == events


def test_a_click_before_the_worker_draws_once_and_the_worker_then_draws_nothing(store, counter, counter_client, renders):
    order = three_item_order(store, actor=counter)  # no commit callbacks run: the worker is behind
    response = counter_client.get(reverse("repairs:print_receipt", args=[order.number]))
    assert response.status_code == 200 and renders == [("receipt", "customer")]
    services.documents_prerender(subject_type=SUBJECT, subject_id=order.pk)
    assert renders == [("receipt", "customer"), ("receipt", "customer,store")]
    assert receipts(order) == {"customer": [1], "customer,store": [1]}


def test_a_version_stored_while_the_click_waited_for_the_lock_is_served_not_drawn_again(store, counter, monkeypatch, renders):
    """The click looked (no copy yet), then waited on the order's row while the worker stored v1:
    under the lock it looks again and serves v1."""
    from repairs import documents

    order = three_item_order(store, actor=counter)
    services.documents_prerender(subject_type=SUBJECT, subject_id=order.pk)
    drawn = len(renders)
    real = selectors.latest_document
    looks = []

    def stale_first(**kwargs):
        looks.append(kwargs)
        return None if len(looks) == 1 else real(**kwargs)

    monkeypatch.setattr(selectors, "latest_document", stale_first)
    fresh = documents.printable_orders().get(pk=order.pk)
    doc = services.document_get_or_render(kind="receipt", subject=fresh, data=documents.receipt_data(fresh), actor=counter)
    assert len(looks) == 2 and len(renders) == drawn
    assert doc.version == 1 and receipts(order) == {"customer": [1], "customer,store": [1]}


def test_cancelled_orders_are_not_drawn_ahead(store, counter, renders):
    order = three_item_order(store, actor=counter)
    repair_services.repair_cancel(order_id=order.pk, actor=counter, reason="顾客取回")
    assert services.documents_prerender(subject_type=SUBJECT, subject_id=order.pk) == [] and renders == []


@pytest.mark.parametrize("paper", ["a5", "roll80"])
def test_the_customer_copy_cut_from_the_shared_layout_is_the_customer_copy_drawn_alone(store, counter, eager, paper,
                                                                                         django_capture_on_commit_callbacks):
    """The worker draws both copies once and keeps the customer copy's pages as the customer-copy
    receipt: page for page the same as drawing the customer copy on its own."""
    from aftersales.documents.rendering import render_document
    from repairs import documents
    from tests.documents import pdftools

    if paper == "roll80":
        from aftersales.documents.models import PrintSettings

        PrintSettings.objects.update_or_create(store=store, defaults={"receipt_paper": "roll80"})
    with django_capture_on_commit_callbacks(execute=True):
        order = three_item_order(store, actor=counter)
    single = selectors.latest_document(kind="receipt", subject=order, copies="customer").read()
    both = selectors.latest_document(kind="receipt", subject=order, copies="customer,store").read()
    alone = render_document("receipt", documents.receipt_data(RepairOrder.objects.get(pk=order.pk), copies=("customer",)), version=1)
    assert pdftools.text(single) == pdftools.text(alone)
    assert pdftools.page_sizes(single) == pdftools.page_sizes(alone)
    assert pdftools.png_pages(single) == pdftools.png_pages(alone)
    assert len(pdftools.page_sizes(both)) > len(pdftools.page_sizes(single))
    assert "门店联" in pdftools.text(both) and "门店联" not in pdftools.text(single)
