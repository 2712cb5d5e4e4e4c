"""Trade-in: the pure quote calculation (p50) and the quote form's POST that prices a quote (p95).

The POST goes through the real view (test client, logged-in counter): lock, rule, price,
calculation, snapshot, event, redirect.
"""

from __future__ import annotations

from decimal import Decimal

from bench.common import median, percentile, report, timed_ms


def main() -> None:
    from datetime import date

    from django.test import Client
    from django.utils import timezone

    from aftersales.models import Role, StaffMembership, Store, User
    from customers.models import Customer
    from tradein import services
    from tradein.calculation import NewIn, OldIn, calculate_quote
    from tradein.models import MetalPrice, Quote, Rule

    rule = {"code": "B", "category": "pure_gold", "loss_rate": "3", "fee_mode": "percent", "fee_percent": "8", "uplift_percent": "20",
            "uplift_boundary": "strict", "labour_mode": "a", "labour_per_gram": "12", "min_fineness": 990}
    olds = [OldIn(weight=Decimal("10.005"), fineness=Decimal("999")), OldIn(weight=Decimal("3.2"), fineness=Decimal("990"))]
    news = [NewIn(weight=Decimal("16.5"))]
    calculate_quote(rule=rule, old_pieces=olds, new_pieces=news, price_per_gram=Decimal("612.35"))
    samples = timed_ms(lambda: calculate_quote(rule=rule, old_pieces=olds, new_pieces=news, price_per_gram=Decimal("612.35")), 2000)
    report("tradein_quote_calc_p50", median(samples), "ms")

    store, _ = Store.objects.get_or_create(code="BT", defaults={"name": "Bench trade-in"})
    user, _ = User.objects.get_or_create(username="bench-tradein")
    StaffMembership.objects.get_or_create(user=user, store=store, defaults={"role": Role.COUNTER})
    Rule.objects.get_or_create(store=store, code="BENCH", category="pure_gold", origin="ours", defaults={
        "name": "bench", "status": "published", "valid_from": date(2000, 1, 1), "fee_per_gram": Decimal("20"), "labour_mode": "a",
        "labour_per_gram": Decimal("15")})
    MetalPrice.objects.update_or_create(store=store, date=timezone.localdate(), material="au999",
                                        defaults={"metal": "gold", "price_per_gram": Decimal("612.00")})
    customer, _ = Customer.objects.get_or_create(phone="+8613900000001", defaults={"name": "测试", "phone_last4": "0001", "home_store": store})
    quote = Quote.objects.filter(store=store, status__in=["draft", "quoted"]).first()
    if quote is None:
        quote = services.quote_create(actor=user, store=store, customer_id=customer.pk, category="pure_gold", origin="ours")
        services.old_piece_add(actor=user, quote_id=quote.pk, now=timezone.now(),
                               data={"description": "bench", "material": "au999", "gross_weight": "10"})
        services.new_piece_save(actor=user, quote_id=quote.pk, now=timezone.now(), data={"weight": "15"})
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "zh-hans"
    url = f"/tradein/q/{quote.number}/do/price/"

    def post():
        response = client.post(url, {}, HTTP_HOST="localhost", secure=False)
        assert response.status_code == 302, response.status_code

    for _ in range(5):
        post()
    report("tradein_quote_post_p95", percentile(timed_ms(post, 200), 95), "ms")
