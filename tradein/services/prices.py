"""The day's prices: sale price per gram of a fineness, and the buyback price per gram of fine metal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales import audit, roles
from aftersales.catalog import Material

from ..models import BuybackPrice, Metal, MetalPrice


def _scope(actor, store, chain_wide: bool):
    if chain_wide:
        if not roles.is_chain_manager(actor):
            raise ValidationError(_("Only a chain manager sets the chain's prices."))
        return None
    roles.require(actor, store, "tradein.prices")
    return store


def _positive(price) -> Decimal:
    if price is None or isinstance(price, float) or Decimal(str(price)) <= 0:
        raise ValidationError(_("The price per gram must be more than zero."))
    return Decimal(str(price))


@transaction.atomic
def metal_price_set(*, actor, store, material: str, price_per_gram: Decimal, on: date | None = None, chain_wide: bool = False) -> MetalPrice:
    """Set (or correct) a day's price per gram; a store manager for the store, a chain manager for all."""
    on = on or timezone.localdate()
    scope = _scope(actor, store, chain_wide)
    metal = Material.metal_of(material)
    if metal is None:
        raise ValidationError(_("Prices are kept for gold, platinum, palladium and silver only."))
    price_per_gram = _positive(price_per_gram)
    row = MetalPrice.objects.select_for_update().filter(store=scope, date=on, material=material).first()
    old = {"price_per_gram": row.price_per_gram} if row else {}
    if row is None:
        row = MetalPrice.objects.create(store=scope, date=on, metal=metal, material=material, price_per_gram=price_per_gram, set_by=actor)
    else:
        row.price_per_gram, row.set_by = price_per_gram, actor
        row.save()
    audit.record(actor=actor, kind="metal_price.set", subject=row, store=scope, old=old,
                 new={"material": material, "date": on, "price_per_gram": price_per_gram})
    return row


@transaction.atomic
def buyback_price_set(*, actor, store, metal: str, price_per_gram: Decimal, on: date | None = None, chain_wide: bool = False) -> BuybackPrice:
    """Set the day's buyback price per gram of fine metal (回收价)."""
    on = on or timezone.localdate()
    scope = _scope(actor, store, chain_wide)
    if metal not in Metal.values:
        raise ValidationError(_("Prices are kept for gold, platinum, palladium and silver only."))
    price_per_gram = _positive(price_per_gram)
    row = BuybackPrice.objects.select_for_update().filter(store=scope, date=on, metal=metal).first()
    old = {"price_per_gram": row.price_per_gram} if row else {}
    if row is None:
        row = BuybackPrice.objects.create(store=scope, date=on, metal=metal, price_per_gram=price_per_gram, set_by=actor)
    else:
        row.price_per_gram, row.set_by = price_per_gram, actor
        row.save()
    audit.record(actor=actor, kind="buyback_price.set", subject=row, store=scope, old=old,
                 new={"metal": metal, "date": on, "price_per_gram": price_per_gram})
    return row
