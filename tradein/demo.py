"""Demo trade-in: today's metal and buyback prices, rules for ours and other brands, quotes in each state (nothing added twice)."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from aftersales import clock
from aftersales.catalog import Material
from customers.models import Customer

from . import services
from .models import BuybackPrice, MetalPrice, Quote, Rule
from .services import quotes as quote_services

PRICES = {"au990": "612.00", "au999": "618.00", "au750": "462.00", "pt950": "268.00", "ag925": "6.80", "pd950": "240.00"}


def seed(ctx) -> None:
    actor = ctx["users"]["chain"]
    today = clock.today()
    for material, price in PRICES.items():
        MetalPrice.objects.get_or_create(store=None, date=today, material=material, defaults={
            "metal": Material.metal_of(material), "price_per_gram": Decimal(price), "set_by": actor})
    seed_quotes(ctx)


def _rules(actor) -> None:
    common = {"status": "published", "valid_from": date(2020, 1, 1), "name": "", "store": None}
    Rule.objects.get_or_create(code="TI-OURS", defaults={**common, "name": "足金·本品牌", "category": "pure_gold", "origin": "ours",
                                                         "fee_per_gram": Decimal("10"), "labour_mode": "a", "labour_per_gram": Decimal("15"),
                                                         "uplift_percent": Decimal("25"), "created_by": actor})
    Rule.objects.get_or_create(code="TI-OTHER", defaults={**common, "name": "足金·其他品牌", "category": "pure_gold", "origin": "other",
                                                          "loss_rate": Decimal("3"), "fee_mode": "percent", "fee_percent": Decimal("8"),
                                                          "uplift_percent": Decimal("20"), "uplift_boundary": "strict", "min_fineness": 990,
                                                          "must_melt": True, "created_by": actor})


def seed_quotes(ctx) -> None:
    """Rules for ours and other brands, buyback prices, and a few quotes in each state."""
    actor = ctx["users"]["chain"]
    counter = ctx["users"]["counter"]
    store = ctx["stores"]["HX"]
    _rules(actor)
    today = timezone.localdate()
    BuybackPrice.objects.get_or_create(store=None, date=today, metal="gold", defaults={"price_per_gram": Decimal("580.00"), "set_by": actor})
    if Quote.objects.filter(store=store).exists():
        return
    customer = Customer.objects.filter(home_store=store, merged_into__isnull=True).first()
    if customer is None:
        return
    now = timezone.now()
    plan = (("20.00", "draft"), ("25.00", "quoted"), ("25.00", "accepted"), ("26.00", "completed"), ("25.00", "declined"),
            ("25.50", "expired"))
    for new_weight, end in plan:
        quote = services.quote_create(actor=counter, store=store, customer_id=customer.pk, category="pure_gold", origin="ours")
        services.old_piece_add(actor=counter, quote_id=quote.pk, now=now,
                               data={"description": "足金手镯", "category": "bangle", "material": "au999", "hallmark": "足金999", "gross_weight": "20"})
        services.new_piece_save(actor=counter, quote_id=quote.pk, now=now, data={"weight": new_weight, "product_code": "G-1001"})
        if end == "draft":
            continue
        services.quote_price(actor=counter, quote_id=quote.pk, now=now)
        if end == "expired":
            # As if the customer walked away: the lock ends now and the sweep marks the quote.
            Quote.objects.filter(pk=quote.pk).update(price_locked_until=now)
            quote_services.expire(list(quote_services.expiry_due(now).filter(pk=quote.pk)), now=now)
            continue
        if end == "declined":
            services.quote_decline(actor=counter, quote_id=quote.pk, reason="考虑一下", now=now)
        elif end in ("accepted", "completed"):
            services.quote_accept(actor=counter, quote_id=quote.pk, signature_data_url=_signature(), now=now)
            if end == "completed":
                services.quote_complete(actor=counter, quote_id=quote.pk, payment_method="wechat", now=now)


def _signature() -> str:
    import base64
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (200, 60), "white")
    ImageDraw.Draw(image).line([(10, 40), (60, 15), (120, 45), (190, 20)], fill="black", width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
