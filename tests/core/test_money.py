from decimal import Decimal

import pytest

from aftersales.money import format_grams, format_money, round_money, scale_grams


@pytest.mark.parametrize(
    "value, expected",
    [("2.345", "2.35"), ("2.344", "2.34"), ("-2.345", "-2.35"), ("0.005", "0.01"), (3, "3.00")],
)
def test_round_money_is_half_up_to_the_fen(value, expected):
    assert round_money(value) == Decimal(expected)


def test_floats_are_refused():
    with pytest.raises(TypeError):
        round_money(0.1)


def test_scale_reading_keeps_two_places_and_stores_three():
    assert scale_grams("12.345") == Decimal("12.350")
    assert str(scale_grams("12.3")) == "12.300"


def test_formatting_per_language():
    assert format_money(Decimal("1234.5"), "zh-hans") == "¥1,234.50"
    assert format_money(Decimal("-3"), "en") == "-CNY 3.00"
    assert format_grams(Decimal("12.345"), "zh-hans") == "12.35 克"
    assert format_grams(Decimal("0.5"), "en") == "0.50 g"
