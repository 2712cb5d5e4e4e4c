"""Money in yuan and weights in grams: Decimal only, rounded in one place."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import get_language

CENT = Decimal("0.01")
# Business bounds, far below what the columns hold (12 digits): a repair quote, a deposit, a
# payment or a price never reaches ten million yuan; a metal never costs 100,000 yuan a gram.
# Every amount is checked against them before saving, and a CheckConstraint backs each.
MAX_AMOUNT = Decimal("10000000")
MAX_PRICE_PER_GRAM = Decimal("100000")
MILLIGRAM = Decimal("0.001")
SCALE_STEP = Decimal("0.01")


def _decimal(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Floats are not money or weights: pass a Decimal, an int or a string.")
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"Not a number: {value!r}") from exc


def round_money(value) -> Decimal:
    """The one rounding helper: half-up to 0.01 yuan. Call it once, at the end of a calculation."""
    return _decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def scale_grams(value) -> Decimal:
    """A weight as read off a counter scale (0.01 g), kept with the three places we store."""
    return _decimal(value).quantize(SCALE_STEP, rounding=ROUND_HALF_UP).quantize(MILLIGRAM)


def _group(number: Decimal, places: int) -> str:
    return f"{number:,.{places}f}"


def format_money(value, language: str | None = None) -> str:
    if value is None or value == "":
        return ""
    amount = round_money(value)
    sign = "-" if amount < 0 else ""
    text = _group(abs(amount), 2)
    if (language or get_language() or "").startswith("zh"):
        return f"{sign}¥{text}"
    return f"{sign}CNY {text}"


def format_grams(value, language: str | None = None, places: int = 2) -> str:
    if value is None or value == "":
        return ""
    weight = _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    unit = "克" if (language or get_language() or "").startswith("zh") else "g"
    return f"{weight:.{places}f} {unit}"
