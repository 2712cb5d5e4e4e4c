from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aftersales import audit, clock, roles
from aftersales.catalog import Material
from aftersales.models import Role

from .models import MetalPrice


@transaction.atomic
def metal_price_set(*, actor, store, material: str, price_per_gram: Decimal, on: date | None = None, chain_wide: bool = False) -> MetalPrice:
    """Set (or correct) a day's price per gram; a store manager for the store, a chain manager for all."""
    on = on or clock.today()
    if chain_wide:
        if not roles.is_chain_manager(actor):
            raise ValidationError(_("Only a chain manager sets the chain's prices."))
        scope = None
    else:
        roles.require_role(actor, store, Role.MANAGER)
        scope = store
    metal = Material.metal_of(material)
    if metal is None:
        raise ValidationError(_("Prices are kept for gold, platinum, palladium and silver only."))
    if price_per_gram is None or price_per_gram <= 0:
        raise ValidationError(_("The price per gram must be more than zero."))
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
