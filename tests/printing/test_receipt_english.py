"""An English receipt of three items fits one A5 page, like the Chinese one (the demo's showcase order)."""

import pytest

from aftersales.documents import rendering
from aftersales.policy.demo import load_default_rules
from repairs import demo, documents
from repairs.models import RepairOrder
from tests.documents import pdftools
from tests.repairs.factories import service

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_three_item_receipt_fits_one_a5_page(store, counter, language):
    load_default_rules()
    for code in ("reshape", "polish", "replace-stone", "resolder", "restring"):
        service(code)
    store.receipt_terms = "凭本单取件。\n维修完成后本店将通知您取件；\n请在通知后一个月内取回。"
    store.save()
    demo._showcase(store, counter)
    order = documents.printable_orders().get(pk=RepairOrder.objects.get().pk)
    assert order.items.count() == 3
    data = documents.receipt_data(order, language=language)
    pdf = rendering.render_document("receipt", data)
    assert len(pdftools.png_pages(pdf)) == 1
    text = pdftools.text(pdf)
    assert order.number in text
    if language == "en":
        assert "Repair receipt" in text and "Care notes" in text and "Scan the code" in text
