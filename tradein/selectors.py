from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Q

from aftersales import clock

from .models import MetalPrice


def price_per_gram(*, store, material: str, on: date | None = None) -> Decimal | None:
    """The day's price per gram of a material: the store's own, else the chain's; None if not set."""
    on = on or clock.today()
    rows = MetalPrice.objects.filter(Q(store=store) | Q(store__isnull=True), date=on, material=material)
    best = None
    for row in rows:
        if best is None or (row.store_id is not None and best.store_id is None):
            best = row
    return best.price_per_gram if best else None


def prices_for_day(*, store, on: date | None = None) -> list[MetalPrice]:
    """Every price that applies in a store on a day (the store's own replaces the chain's)."""
    on = on or clock.today()
    rows = MetalPrice.objects.filter(Q(store=store) | Q(store__isnull=True), date=on).select_related("store", "set_by")
    chosen: dict[str, MetalPrice] = {}
    for row in rows:
        if row.material not in chosen or (row.store_id is not None and chosen[row.material].store_id is None):
            chosen[row.material] = row
    return sorted(chosen.values(), key=lambda r: (r.metal, r.material))
