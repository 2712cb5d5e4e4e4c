"""At the counter: one click on the order page loads the receipt PDF for the print dialog."""

import pytest

from aftersales.documents.models import StoredDocument
from tests.conftest import browser_login

from .helpers import three_item_order


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_print_button_on_the_order_page_yields_the_pdf(page, store, counter):
    from aftersales.documents.services import document_get_or_render
    from repairs import documents

    order = three_item_order(store, actor=counter)
    # Printed once at intake: the click below must serve that stored copy. (Chromium's PDF viewer
    # fetches a framed PDF twice at once, and SQLite's shared in-memory test database refuses two
    # concurrent first writes; PostgreSQL handles that race through the unique constraints.)
    order = documents.printable_orders().get(pk=order.pk)
    first = document_get_or_render(kind="receipt", subject=order, data=documents.receipt_data(order), actor=counter)
    browser_login(page, "counter")
    page.goto(f"{page.base_url}/repairs/{order.number}/")
    with page.expect_response(lambda r: f"/repairs/{order.number}/print/receipt/" in r.url) as info:
        page.click("#print-receipt")
    response = info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert page.request.get(response.url).body() == first.read()
    assert StoredDocument.objects.filter(subject_id=order.pk, kind="receipt").count() == 1
    # The click was taken by the print script (a hidden frame for the print dialog), not followed as a link.
    assert page.locator("#print-pdf-frame").count() == 1
