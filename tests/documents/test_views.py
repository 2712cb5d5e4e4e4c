from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from aftersales.documents import registry, samples
from aftersales.documents.services import document_get_or_render
from aftersales.documents.views import pdf_response
from tests.files import files_written

pytestmark = pytest.mark.django_db


def test_pdf_response_opens_inline():
    response = pdf_response(b"%PDF-1.7 x", "维修单 HX-R2611-00042.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename")
    assert "%E7%BB%B4" in response["Content-Disposition"]
    assert pdf_response(b"x", "r.pdf", inline=False)["Content-Disposition"] == 'attachment; filename="r.pdf"'
    assert response.content == b"%PDF-1.7 x"


def test_stored_copy_is_served_to_its_store_only(store, other_store, counter, counter_client, other_counter):
    from tests.conftest import login

    with files_written():
        doc = document_get_or_render(kind="receipt", subject=store, data=samples.sample_receipt(), actor=counter)
    url = reverse("documents:file", kwargs={"pk": doc.pk})
    response = counter_client.get(url)
    assert response.status_code == 200 and response.content == doc.read()
    assert response["Content-Disposition"].startswith("inline")
    assert login(other_counter).get(url).status_code == 404


@pytest.fixture(autouse=True)
def _keep_the_registered_builder():
    # These tests replace the builder the repairs app registered: put it back afterwards.
    before = registry.receipt_builder()
    yield
    if before is not None:
        registry.register_receipt_builder(before)


def test_print_receipt_without_builder_says_so(tmp_path):
    registry.unregister_receipt_builder()
    with pytest.raises(CommandError, match="no receipt builder registered"):
        call_command("print_receipt", "HX-R2611-00042", "-o", str(tmp_path / "r.pdf"))


def test_print_receipt_writes_the_stored_copy(store, tmp_path):
    def builder(number):
        if number != "HX-R2611-00042":
            raise LookupError(number)
        return store, samples.sample_receipt()

    registry.register_receipt_builder(builder)
    try:
        out = tmp_path / "r.pdf"
        with files_written():
            call_command("print_receipt", "HX-R2611-00042", "-o", str(out))
        doc = document_get_or_render(kind="receipt", subject=store, data=samples.sample_receipt(), actor=None)
        assert out.read_bytes() == doc.read() and doc.version == 1
        with pytest.raises(CommandError, match="no order"):
            call_command("print_receipt", "HX-R2611-99999", "-o", str(out))
    finally:
        registry.unregister_receipt_builder()


def test_stored_list_partial_links_every_version(store, counter):
    from django.template.loader import render_to_string

    from aftersales.documents import selectors

    document_get_or_render(kind="receipt", subject=store, data=samples.sample_receipt(), actor=counter)
    document_get_or_render(kind="receipt", subject=store, data=samples.sample_receipt(deposit=0), actor=counter)
    html = render_to_string("documents/_stored_list.html", {"documents": selectors.documents_for(subject=store)})
    docs = list(selectors.documents_for(subject=store))
    assert [d.version for d in docs] == [2, 1]
    for doc in docs:
        assert reverse("documents:file", kwargs={"pk": doc.pk}) in html and doc.sha256[:16] in html
