"""One click at the counter loads the stored PDF inline into a frame for the print dialog."""

import pytest

from aftersales.documents import samples
from aftersales.documents.services import document_get_or_render
from tests.conftest import browser_login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.documents.print_urls")
def test_print_button_loads_the_pdf_inline(page, store, counter):
    doc = document_get_or_render(kind="receipt", subject=store, data=samples.sample_receipt(), actor=counter)
    browser_login(page, "counter")
    page.goto(f"{page.base_url}/test-print/{doc.pk}/")
    with page.expect_response(lambda r: r.url.endswith(f"/documents/{doc.pk}/")) as info:
        page.click("a[data-print-pdf]")
    response = info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    # (Chromium hands the frame to its PDF viewer; fetch the same URL to compare the bytes.)
    assert page.request.get(response.url).body() == doc.read()
    assert page.locator("#print-pdf-frame").count() == 1
    assert len(page.context.pages) == 1  # no new tab: the print dialog opens over the page
