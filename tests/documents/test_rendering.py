"""The three documents render from plain data: Chinese text extractable, fonts embedded, sizes right."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from aftersales.documents import rendering, samples
from aftersales.documents.data import RepairReceipt

from . import pdftools

MM = 72 / 25.4


@pytest.fixture(scope="module")
def receipt_pdf():
    return rendering.render_document("receipt", samples.sample_receipt())


def test_receipt_is_one_a5_page_with_the_chinese_text(receipt_pdf):
    assert len(pdftools.png_pages(receipt_pdf)) == 1
    width, height = pdftools.page_sizes(receipt_pdf)[0]
    assert round(width / MM) == 148 and round(height / MM) == 210
    text = pdftools.text(receipt_pdf)
    for expected in ("黄兴店", "维修单", "HX-R2611-00042", "王*", "138****5678", "古法足金手镯", "32.47 克", "取件须知",
                     "六十日", "足金质地柔软", "珍珠请最后佩戴", "顾客联", "待报价", "¥60.30", "2026-11-22 10:35"):
        assert expected in text, expected


def test_receipt_embeds_every_font(receipt_pdf):
    fonts = pdftools.fonts(receipt_pdf)
    assert fonts
    assert all(f["emb"] == "yes" and f["uni"] == "yes" for f in fonts), fonts
    assert any("Print-Sans-SC" in f["name"] for f in fonts)


def test_no_abandonment_clause_is_printed():
    data = samples.sample_receipt(pickup_terms="凭本单取件。逾期一个月未取，视为自动放弃。请妥善保管本单。")
    text = pdftools.text(rendering.render_document("receipt", data))
    assert "视为自动放弃" not in text
    assert "请妥善保管本单" in text
    assert "不会仅因未取而被视为放弃" in text


def test_two_copies_are_labelled_customer_and_store():
    pdf = rendering.render_document("receipt", samples.sample_receipt(copies=("customer", "store")))
    assert len(pdftools.png_pages(pdf)) == 2
    text = pdftools.text(pdf)
    first, second = text.split("\f")[:2]
    assert "顾客联" in first and "门店联" in second


def test_thermal_roll_is_80_mm_wide_and_cut_to_the_content():
    data = samples.sample_receipt(store=samples.sample_store(receipt_paper="roll80"), copies=("customer", "store"))
    pdf = rendering.render_document("receipt", data)
    sizes = pdftools.page_sizes(pdf)
    assert len(sizes) == 2
    for width, height in sizes:
        assert round(width / MM) == 80
        assert 100 < height / MM < 600
    assert "维修单" in pdftools.text(pdf)


def test_english_receipt():
    pdf = rendering.render_document("receipt", samples.sample_receipt(language="en"))
    text = pdftools.text(pdf)
    assert "Repair receipt" in text and "Customer copy" in text and "60 days" in text
    assert "古法足金手镯" in text  # customer text stays as typed


def test_item_tag_has_the_configured_size():
    data = samples.sample_tag(store=samples.sample_store(tag_width_mm=70, tag_height_mm=35))
    pdf = rendering.render_document("tag", data)
    assert len(pdftools.png_pages(pdf)) == 1
    width, height = pdftools.page_sizes(pdf)[0]
    assert (round(width / MM), round(height / MM)) == (70, 35)
    text = pdftools.text(pdf)
    assert "HX-R2611-00042" in text and "王" in text and "加急" in text and "手镯 · 足金" in text


def test_default_tag_is_60_by_40():
    width, height = pdftools.page_sizes(rendering.render_document("tag", samples.sample_tag()))[0]
    assert (round(width / MM), round(height / MM)) == (60, 40)


def test_pickup_slip_shows_weights_side_by_side():
    pdf = rendering.render_document("pickup_slip", samples.sample_pickup_slip())
    assert len(pdftools.png_pages(pdf)) == 1
    text = pdftools.text(pdf)
    for expected in ("取件凭证", "32.47 克", "32.21 克", "-0.26 克", "0.01 克", "¥60.30", "微信支付", "李*", "王*", "书面委托书"):
        assert expected in text, expected
    assert all(f["emb"] == "yes" for f in pdftools.fonts(pdf))


def test_identical_data_gives_identical_bytes():
    # The printed time comes from the data, and no render-time date goes into the PDF.
    a = rendering.render_document("receipt", samples.sample_receipt())
    b = rendering.render_document("receipt", samples.sample_receipt())
    assert a == b
    assert b"CreationDate" not in a or rendering.render_document("receipt", samples.sample_receipt()) == a


def test_reprint_is_marked_with_its_version():
    pdf = rendering.render_document("receipt", samples.sample_receipt(), version=3)
    assert "第 3 版：资料变更后重印，取代第 2 版" in pdftools.text(pdf).replace("\n", "")


def test_wrong_data_type_is_refused():
    with pytest.raises(TypeError):
        rendering.render_document("tag", samples.sample_receipt())


def test_naive_datetime_is_refused():
    data = samples.sample_receipt()
    with pytest.raises(ValueError):
        dataclasses.replace(data, created_at=data.created_at.replace(tzinfo=None))


def test_balance_is_total_minus_deposit():
    data = samples.sample_receipt(quote_total=Decimal("110.30"), deposit=Decimal("50"))
    assert data.balance == Decimal("60.30")
    assert isinstance(data, RepairReceipt) and samples.sample_receipt(quote_total=None).balance is None


def test_rare_name_characters_fall_back_to_the_full_system_font():
    # 喆 and 堃 are outside GB 2312 (the cut-down print font): they must still print, not as tofu.
    pdf = rendering.render_document("receipt", samples.sample_receipt(customer_name="王喆堃"))
    assert "王喆堃" in pdftools.text(pdf)
    names = [f["name"] for f in pdftools.fonts(pdf)]
    assert any("Noto" in n for n in names) and all(f["emb"] == "yes" for f in pdftools.fonts(pdf))
