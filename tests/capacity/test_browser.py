"""At the counter: the order taken in, the worker has drawn the receipt; the print click serves it."""

import pytest

from aftersales.documents.models import StoredDocument
from tests.conftest import browser_login
from tests.printing.helpers import three_item_order


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_print_click_after_intake_serves_the_copy_the_worker_stored(page, store, counter, eager, renders):
    order = three_item_order(store, actor=counter)  # committed: the worker's task ran (eagerly)
    assert renders == [("receipt", "customer,store")]  # one layout, both receipts stored
    stored = StoredDocument.objects.get(subject_id=order.pk, kind="receipt", copies="customer")
    browser_login(page, "counter")
    page.goto(f"{page.base_url}/repairs/{order.number}/")
    with page.expect_response(lambda r: f"/repairs/{order.number}/print/receipt/" in r.url) as info:
        page.click("#print-receipt")
    assert info.value.status == 200 and info.value.headers["content-type"] == "application/pdf"
    assert page.request.get(info.value.url).body() == stored.read()
    assert len(renders) == 1 and StoredDocument.objects.filter(subject_id=order.pk, kind="receipt").count() == 2
