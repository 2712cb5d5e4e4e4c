"""The counter's trade-in in a real browser: price set → quote for a customer found by the last four
digits → refused at 24.99 g, accepted at 25.00 g → signed → sheet printed → completed → ledger."""

import hashlib
from decimal import Decimal

import pytest

from aftersales.documents.models import StoredDocument
from tests.conftest import browser_login
from tests.documents import pdftools
from tradein.models import LedgerEntry, Quote, QuoteStatus

from .helpers import make_customer, make_rule


def sign(page):
    page.wait_for_load_state("load")  # the pad is attached by a deferred script
    page.locator("#signature-pad").scroll_into_view_if_needed()
    box = page.locator("#signature-pad").bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 60)
    page.mouse.down()
    page.mouse.move(box["x"] + 150, box["y"] + 120, steps=8)
    page.mouse.move(box["x"] + 260, box["y"] + 50, steps=8)
    page.mouse.up()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_trade_in_at_the_counter(page, manager, store):
    make_rule(fee_per_gram=Decimal("30"), labour_mode="a", labour_per_gram=Decimal("20"), uplift_percent=Decimal("25"))
    customer = make_customer(store, phone="+8613812345678", name="王小红")
    page.set_default_timeout(30_000)  # the first PDF render loads the CJK font: slow on a busy machine
    browser_login(page, "manager")

    page.goto(page.base_url + "/tradein/metal-prices/")
    page.select_option("#metal-price-form [name=material]", "au999")
    page.fill("#metal-price-form [name=price_per_gram]", "1000")
    page.click("#metal-price-form button[type=submit]")
    page.wait_for_selector("#metal-prices >> text=¥1,000.00")

    page.goto(page.base_url + "/tradein/")
    page.click("#new-quote")
    page.wait_for_url("**/tradein/new/")
    page.wait_for_load_state("load")  # the picker's script is deferred
    page.fill("#id_phone", "5678")
    page.wait_for_selector(f"#customer-{customer.pk}:checked")
    page.click("#create-quote")
    page.wait_for_selector("#quote-number")
    quote = Quote.objects.get()
    assert quote.customer == customer

    page.fill("#old-form [name=description]", "足金手镯")
    page.fill("#old-form [name=gross_weight]", "20")
    page.click("#old-form button[type=submit]")
    page.wait_for_selector("#old-pieces >> text=足金手镯")
    page.fill("#new-form [name=weight]", "24.99")
    page.click("#new-form button[type=submit]")
    page.wait_for_selector(".new-weight-form")
    page.click("#price-button")
    page.wait_for_selector("#refusals")
    assert "24.99 克 低于所需 25.00 克" in page.inner_text("#refusals")
    assert Quote.objects.get().status == QuoteStatus.DRAFT

    page.fill(".new-weight-form [name=weight]", "25.00")
    page.click(".new-weight-form button")
    page.wait_for_selector("#price-button")
    page.click("#price-button")
    page.wait_for_selector("#accept-form")
    assert "¥6,100.00" in page.inner_text("#quote-amount")
    assert "折算重量 = 20.00 克 × (1 − 0 %) = 20.00 克" in page.inner_text("#quote-lines")

    sign(page)
    page.click("#accept-button")
    page.wait_for_selector("#complete-form, .alert-danger")
    assert page.locator("#complete-form").count(), page.inner_text("main")
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.ACCEPTED and quote.signature

    response = page.request.get(page.base_url + f"/tradein/q/{quote.number}/sheet.pdf", timeout=60_000)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    text = pdftools.text(pdf)
    assert "以旧换新报价单" in text
    assert "王" in text and "6,100.00" in text and "折算重量" in text
    fonts = pdftools.fonts(pdf)
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
    assert any(f["name"].endswith("Print-Sans-SC") for f in fonts) and all(f["uni"] == "yes" for f in fonts), fonts
    stored = StoredDocument.objects.get(subject_type="tradein.quote", subject_id=quote.pk)
    assert stored.kind == "tradein_quote" and stored.sha256 == hashlib.sha256(pdf).hexdigest()
    width, height = pdftools.page_sizes(pdf)[0]
    assert round(width) == 420 and round(height) == 595  # A5 in points

    page.select_option("#complete-form [name=payment_method]", "alipay")
    page.click("#complete-button")
    page.wait_for_selector("#completed-note")
    assert Quote.objects.get().status == QuoteStatus.COMPLETED

    page.goto(page.base_url + "/tradein/ledger/")
    assert "20.000" in page.inner_text("#ledger-balance")
    assert LedgerEntry.objects.get().grams == Decimal("20.000")
