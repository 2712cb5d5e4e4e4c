"""Today's demo metal prices for the whole chain (one row per fineness; nothing added twice)."""

from decimal import Decimal

from aftersales import clock
from aftersales.catalog import Material

from .models import MetalPrice

PRICES = {"au990": "612.00", "au999": "618.00", "au750": "462.00", "pt950": "268.00", "ag925": "6.80", "pd950": "240.00"}


def seed(ctx) -> None:
    actor = ctx["users"]["chain"]
    today = clock.today()
    for material, price in PRICES.items():
        MetalPrice.objects.get_or_create(store=None, date=today, material=material, defaults={
            "metal": Material.metal_of(material), "price_per_gram": Decimal(price), "set_by": actor})
