"""A job's price at intake from the policy decision and the catalogue's price rule."""

from __future__ import annotations

from decimal import Decimal

from aftersales.money import round_money
from aftersales.policy.decision import Decision, Outcome

from ..models import PriceRule, ServiceType


def job_price(*, service: ServiceType, decision: Decision, quantity: int) -> tuple[Decimal | None, bool]:
    """(price or None when it waits for the inspection, refused).

    Only REFUSED means the work is not done. NOT_ALLOWED is "no warranty" for a repair (a special-price
    or single-use item, a watch with water damage): the work can still be done at the catalogue price.
    """
    if decision.outcome == Outcome.REFUSED:
        return Decimal("0.00"), True
    if decision.outcome == Outcome.FREE:
        return Decimal("0.00"), False
    if decision.outcome == Outcome.CHARGED and decision.unit_price is not None:
        return round_money(decision.unit_price * quantity), False
    if decision.outcome == Outcome.AT_COST:
        return None, False
    if service.price_rule in (PriceRule.FIXED, PriceRule.PER_STONE):
        return round_money(service.price * quantity), False
    return None, False


def order_estimate(prices: list[Decimal | None]) -> tuple[Decimal, bool]:
    """(sum of the known prices, whether some price waits for the inspection)."""
    known = [p for p in prices if p is not None]
    return round_money(sum(known, Decimal("0"))), any(p is None for p in prices)
