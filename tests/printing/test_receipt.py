"""The receipt of a real order: Chinese text, masked phone, fonts, stored copies and versions."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from aftersales import audit
from aftersales.documents.models import StoredDocument
from aftersales.documents.services import document_get_or_render
from repairs import documents, services
from repairs.models import ItemPhoto
from tests.documents import pdftools
from tests.files import files_written

from .helpers import FULL_PHONE, three_item_order

pytestmark = pytest.mark.django_db


def _receipt(order, **kwargs):
    order = documents.printable_orders().get(pk=order.pk)
    return documents.receipt_data(order, **kwargs)


def test_receipt_data_comes_from_the_order(store, counter):
    order = three_item_order(store, actor=counter, deposit="50", deposit_method="cash", rush=True)
    data = _receipt(order)
    assert data.number == order.number and data.created_at == order.received_at
    assert data.customer_name == "王**" and data.customer_phone == "139****5678"
    assert [i.description for i in data.items] == ["古法足金手镯，龙凤纹", "铂金钻戒，六爪镶", "淡水珍珠项链，约四十五厘米"]
    first = data.items[0]
    with order.items.get(position=1).photos.first().image.open("rb") as fh:
        assert first.photo == fh.read() and data.items[1].photo is None
    assert first.hallmark == "足金999" and "外圈有多处划痕" in first.condition and "划痕" in first.condition
    assert data.items[1].condition == "划痕；掉石"
    job = order.items.get(position=1).jobs.order_by("pk").first()
    assert first.jobs[0].decision == job.decision_text("zh-hans") and first.jobs[0].decision
    assert data.deposit == order.deposit and data.rush is True and data.promised_date == order.promised_date
    assert data.quote_total == order.estimate  # fixed prices: no quote needed
    assert data.risk_acknowledged and data.risk_disclosures[0] == order.risk_disclosures[0]["text_zh"]
    assert data.signature and data.signature.startswith(b"\x89PNG")
    token = data.status_url.rsplit("/", 2)[-2]
    assert "/documents/s/" in data.status_url and len(token) == 32 and order.number not in data.status_url
    assert data.staff_name == str(counter)


def test_latest_approved_quote_is_the_total(store, counter):
    from repairs.models import ApprovalMethod

    order = three_item_order(store, actor=counter)
    services.repair_quote(order_id=order.pk, actor=counter, labour="120")
    services.repair_quote(order_id=order.pk, actor=counter, labour="150")
    services.repair_approve(order_id=order.pk, actor=counter, method=ApprovalMethod.PHONE, call_taken_by="小李")
    assert _receipt(order).quote_total == order.quotes.order_by("-revision").first().total


def test_receipt_pdf_of_a_real_order(store, counter):
    order = three_item_order(store, actor=counter, deposit="50", deposit_method="cash")
    pdf = document_get_or_render(kind="receipt", subject=order, data=_receipt(order), actor=counter).read()
    assert pdf.startswith(b"%PDF")
    assert len(pdftools.png_pages(pdf)) == 1
    text = pdftools.text(pdf)
    for expected in ("维修单", order.number, "王**", "139****5678", "古法足金手镯", "铂金钻戒", "淡水珍珠项链", "32.47 克",
                     "足金999", "取件须知", "六十日", "足金质地柔软", "珍珠请最后佩戴", "顾客联", store.name):
        assert expected in text, expected
    assert FULL_PHONE not in text and FULL_PHONE not in pdf.decode("latin-1")
    fonts = pdftools.fonts(pdf)
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts


def test_two_copies(store, counter):
    order = three_item_order(store, actor=counter)
    pdf = document_get_or_render(kind="receipt", subject=order, data=_receipt(order, copies=("customer", "store")), actor=counter).read()
    pages = pdftools.text(pdf).split("\f")
    assert len(pdftools.png_pages(pdf)) == 2 and "顾客联" in pages[0] and "门店联" in pages[1]


def test_unchanged_order_serves_the_stored_copy_and_a_change_prints_a_new_version(store, counter):
    order = three_item_order(store, actor=counter)
    first = document_get_or_render(kind="receipt", subject=order, data=_receipt(order), actor=counter)
    again = document_get_or_render(kind="receipt", subject=order, data=_receipt(order), actor=counter)
    assert again.pk == first.pk and again.version == 1
    # Two copies are their own series: printing them is not a "change".
    both = document_get_or_render(kind="receipt", subject=order, data=_receipt(order, copies=("customer", "store")), actor=counter)
    assert both.version == 1 and both.pk != first.pk

    services.repair_change_promised_date(order_id=order.pk, actor=counter, new_date=order.promised_date + timedelta(days=2),
                                         reason="配件未到", customer_told=True, told_how="电话")
    second = document_get_or_render(kind="receipt", subject=order, data=_receipt(order), actor=counter)
    assert second.version == 2 and second.sha256 != first.sha256
    text = pdftools.text(second.read())
    assert "第 2 版" in text or "第2版" in text, text[:400]
    assert (order.promised_date + timedelta(days=2)).isoformat() in text
    # The history holds every stored version with its SHA-256.
    stored = [e for e in audit.history(order) if e.kind == "document.stored"]
    assert [(e.new["version"], e.new["sha256"]) for e in stored] == [(1, first.sha256), (1, both.sha256), (2, second.sha256)]
    assert hashlib.sha256(second.read()).hexdigest() == second.sha256


def test_a_new_photo_is_a_change(store, counter):
    from tests.repairs.factories import jpeg_bytes

    order = three_item_order(store, actor=counter)
    first = document_get_or_render(kind="receipt", subject=order, data=_receipt(order), actor=counter)
    item = order.items.get(position=2)
    with files_written():
        services.repair_add_photo(order_id=order.pk, item_id=item.pk, data=jpeg_bytes(size=(200, 200)), actor=counter)
    assert ItemPhoto.objects.filter(item=item).exists()
    assert document_get_or_render(kind="receipt", subject=order, data=_receipt(order), actor=counter).version == first.version + 1


def test_order_page_lists_the_stored_versions(counter_client, store, counter):
    order = three_item_order(store, actor=counter)
    doc = document_get_or_render(kind="receipt", subject=order, data=_receipt(order), actor=counter)
    body = counter_client.get(f"/repairs/{order.number}/").content.decode()
    assert 'id="stored-documents"' in body and doc.sha256[:12] in body
    assert f"/repairs/{order.number}/print/receipt/" in body and "data-print-pdf" in body


def test_the_repairs_app_registered_its_builder_and_status_provider():
    from aftersales.documents import registry

    assert registry.receipt_builder() is documents.build_receipt
    assert registry._status_providers["repairs.repairorder"] is documents.status_info


def test_print_receipt_command_writes_the_pdf(store, counter, tmp_path):
    order = three_item_order(store, actor=counter)
    out = tmp_path / "r.pdf"
    call_command("print_receipt", order.number, "-o", str(out))
    pdf = out.read_bytes()
    assert order.number in pdftools.text(pdf)
    assert StoredDocument.objects.get(subject_id=order.pk, kind="receipt").sha256 == hashlib.sha256(pdf).hexdigest()


def test_print_receipt_command_unknown_number(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("print_receipt", "HX-R0000-99999", "-o", "/dev/null")


def test_received_at_not_now(store, counter):
    order = three_item_order(store, actor=counter)
    assert _receipt(order).created_at <= timezone.now()


def _image_count(pdf: bytes) -> int:
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        out = subprocess.run(["pdfimages", "-list", fh.name], check=True, capture_output=True, text=True, timeout=60).stdout
    return len(out.splitlines()) - 2


def test_the_first_photo_and_the_signature_are_printed(store, counter):
    with_photo = three_item_order(store, actor=counter)
    pdf = document_get_or_render(kind="receipt", subject=with_photo, data=_receipt(with_photo), actor=counter).read()
    # barcode, QR code, the photo of item 1, the signature (and its soft mask)
    assert _image_count(pdf) >= 4
    ItemPhoto.objects.filter(item__order=with_photo).delete()
    without = document_get_or_render(kind="receipt", subject=with_photo, data=_receipt(with_photo), actor=counter).read()
    assert _image_count(without) < _image_count(pdf)


def test_a_print_builds_the_receipt_without_a_further_query(store, counter, django_assert_num_queries):
    """printable_orders() reads everything the receipt prints in four queries (the order with its
    approved total and status link; items; jobs; photos), and the receipt then needs none."""
    from repairs.models import ApprovalMethod

    order = three_item_order(store, actor=counter)
    services.repair_quote(order_id=order.pk, actor=counter, labour="120")
    services.repair_approve(order_id=order.pk, actor=counter, method=ApprovalMethod.PHONE, call_taken_by="小李")
    services.repair_quote(order_id=order.pk, actor=counter, labour="999")  # a later revision, not approved
    documents.receipt_data(documents.printable_orders().get(pk=order.pk))  # the status link exists from now on
    with django_assert_num_queries(4):
        loaded = documents.printable_orders().get(pk=order.pk)
    with django_assert_num_queries(0):
        data = documents.receipt_data(loaded)
    approved = order.quotes.get(status="approved")
    assert data.quote_total == approved.total and data.quote_total != order.quotes.order_by("-revision").first().total
