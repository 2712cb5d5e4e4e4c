"""Print views: inline PDFs from the order page, scoped; tag and pickup slip; print settings."""

from __future__ import annotations

import pytest

from aftersales.documents.models import PrintSettings, StoredDocument
from repairs.models import Status
from tests.documents import pdftools
from tests.files import files_written
from tests.repairs.factories import make_order

from .helpers import three_item_order

pytestmark = pytest.mark.django_db
MM = 72 / 25.4


def test_receipt_view_serves_an_inline_pdf_and_reuses_it(counter_client, store, counter):
    order = three_item_order(store, actor=counter)
    url = f"/repairs/{order.number}/print/receipt/"
    with files_written():
        first = counter_client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"].startswith("inline")
    assert first["X-Frame-Options"] == "SAMEORIGIN"  # the print button's hidden frame may show it
    assert counter_client.get(url).content == first.content
    assert StoredDocument.objects.filter(subject_id=order.pk, kind="receipt").count() == 1
    both = counter_client.get(url + "?copies=both")
    assert len(pdftools.png_pages(both.content)) == 2


def test_english_receipt(counter_client, store, counter):
    order = three_item_order(store, actor=counter)
    text = pdftools.text(counter_client.get(f"/repairs/{order.number}/print/receipt/?lang=en").content)
    assert "Repair receipt" in text and "古法足金手镯" in text


def test_tag_has_the_store_size_and_the_items(counter_client, store, counter, manager):
    PrintSettings.objects.create(store=store, tag_width_mm=70, tag_height_mm=35)
    order = three_item_order(store, actor=counter, rush=True)
    pdf = counter_client.get(f"/repairs/{order.number}/print/tag/").content
    assert len(pdftools.png_pages(pdf)) == 1
    width, height = pdftools.page_sizes(pdf)[0]
    assert (round(width / MM), round(height / MM)) == (70, 35)
    text = pdftools.text(pdf)
    for expected in (order.number, "王", "手镯", "戒指", "项链", "加急"):
        assert expected in text, expected


def test_pickup_slip_after_pickup(counter_client, store, counter):
    order = make_order(store, actor=counter, status=Status.COLLECTED)
    pickup = order.pickups.get()
    body = counter_client.get(f"/repairs/{order.number}/").content.decode()
    assert f"/repairs/{order.number}/print/pickup/{pickup.pk}/" in body
    pdf = counter_client.get(f"/repairs/{order.number}/print/pickup/{pickup.pk}/").content
    assert len(pdftools.png_pages(pdf)) == 1
    text = pdftools.text(pdf)
    item = order.items.get()
    for expected in ("取件凭证" if "取件凭证" in text else "取件单", order.number, "王**", f"{item.intake_weight.normalize()}"):
        assert expected in text, (expected, text[:500])


def test_roll_paper_setting_prints_80_mm(counter_client, store, counter):
    PrintSettings.objects.create(store=store, receipt_paper="roll80")
    order = three_item_order(store, actor=counter)
    width, _height = pdftools.page_sizes(counter_client.get(f"/repairs/{order.number}/print/receipt/").content)[0]
    assert round(width / MM) == 80


@pytest.mark.parametrize("name", ["print_receipt", "print_tag"])
def test_another_stores_order_is_404(name, counter_client, other_store):
    order = make_order(other_store)
    kind = name.split("_")[1]
    assert counter_client.get(f"/repairs/{order.number}/print/{kind}/").status_code == 404
    assert not StoredDocument.objects.filter(subject_id=order.pk).exists()


def test_print_settings_form(manager_client, counter_client, store, manager):
    assert counter_client.get("/repairs/print-settings/").status_code == 403
    page = manager_client.get("/repairs/print-settings/")
    assert page.status_code == 200
    bad = manager_client.post("/repairs/print-settings/", {"version": 1, "receipt_paper": "roll80", "tag_width_mm": 5, "tag_height_mm": 40})
    assert bad.status_code == 400 and not PrintSettings.objects.exists()
    ok = manager_client.post("/repairs/print-settings/", {"version": 1, "receipt_paper": "roll80", "tag_width_mm": 50, "tag_height_mm": 30})
    assert ok.status_code == 302
    row = PrintSettings.objects.get(store=store)
    assert (row.receipt_paper, row.tag_width_mm, row.tag_height_mm) == ("roll80", 50, 30)
    stale = manager_client.post("/repairs/print-settings/", {"version": 1, "receipt_paper": "a5", "tag_width_mm": 60, "tag_height_mm": 40})
    assert stale.status_code == 400  # a colleague saved meanwhile: refused, not overwritten
    row.refresh_from_db()
    assert row.receipt_paper == "roll80"
