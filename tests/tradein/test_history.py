"""A quote's history panel reads in words in the reader's language: pieces, weights, fineness, why it was refused."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from tradein import services

from .helpers import SIGNATURE, make_quote, make_rule, set_price

pytestmark = pytest.mark.django_db

ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9])[a-z]{3,}(?![A-Za-z0-9])")


@pytest.fixture
def lived(store):
    """A quote refused at 24.99 g, then priced at 25.00 g, tested, signed and paid."""
    make_rule(name="足金换新", fee_per_gram=Decimal("30"), labour_mode="a", labour_per_gram=Decimal("20"), uplift_percent=Decimal("25"))
    set_price(None, "1000")
    quote = make_quote(store, new="24.99")
    actor, now = quote._actor, timezone.now()
    services.quote_price(actor=actor, quote_id=quote.pk, now=now)
    piece = quote.old_pieces.get()
    services.purity_test_add(actor=actor, piece_id=piece.pk, method="xrf", reading="999", now=now)
    services.new_piece_save(actor=actor, quote_id=quote.pk, piece_id=quote.new_pieces.get().pk, now=now,
                            data={"weight": "25.00", "category": "pure_gold"})
    services.quote_price(actor=actor, quote_id=quote.pk, now=now)
    services.quote_accept(actor=actor, quote_id=quote.pk, signature_data_url=SIGNATURE, now=now)
    services.quote_complete(actor=actor, quote_id=quote.pk, payment_method="wechat", now=now)
    quote.refresh_from_db()
    return quote


def _history(client, quote, language):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse("tradein:detail", kwargs={"number": quote.number}))
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index(">", html.index('id="quote-history"')) + 1:]
    section = section[:section.index("</details>")]
    return re.sub(r"\s+", " ", strip_tags(section))


def test_history_of_a_quote_reads_in_chinese(lived, counter_client):
    with translation.override("zh-hans"):
        text = _history(counter_client, lived, "zh-hans")
    assert "新件重量 24.99 克 低于所需 25.00 克" in text
    print(text)
    assert not ENGLISH_WORD.findall(text), sorted(set(ENGLISH_WORD.findall(text)))
    assert "拒绝" in text and "24.99" in text  # the refusal, with its reason in Chinese
    assert "旧件: 旧手镯" in text and "毛重: 20.000 克" in text  # the piece by name, weights to the milligram
    assert "检测方法: X 射线荧光（GB/T 18043）读数: 999 ‰" in text  # the purity test: method by its label, reading in ‰
    assert "新件: 足金（足金/千足金）" in text  # a new piece without code or description: by its category
    assert "重量: 24.990 克 → 25.000 克" in text  # the new piece's weight changed
    assert "金额（元）: ¥6,100.00" in text and "支付方式: 微信支付" in text  # money and the payment method in words
    assert "原因: 无" not in text  # a priced quote has no refusal to mention


def test_the_refusal_reason_is_shown_in_the_readers_language(lived, counter_client):
    with translation.override("en"):
        text = _history(counter_client, lived, "en")
    assert "24.99 g is below 25.00 g" in text
