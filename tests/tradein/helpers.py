"""Making trade-in records for tests: rules, prices, customers, quotes in a given state.

The project-wide walks (permission table, hostile input) find trade-in's actions and forms
described in tests/tradein/walks.py.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from django.utils import timezone

from aftersales.models import Role
from customers.models import Customer
from tests.conftest import make_user
from tradein import services
from tradein.models import Quote, Rule, RuleStatus

_n = count(1)
SIGNATURE = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def make_rule(*, store=None, code="G1", category="pure_gold", origin="ours", publish=True, **terms) -> Rule:
    values = {"valid_from": date(2000, 1, 1), "name": "rule", "fee_per_gram": Decimal("20"), "labour_mode": "none"}
    values.update(terms)
    rule = Rule.objects.create(store=store, code=code, category=category, origin=origin,
                               status=RuleStatus.PUBLISHED if publish else RuleStatus.DRAFT, **values)
    return rule


def set_price(store, price="1000", material="au999", on=None) -> None:
    from tradein.models import MetalPrice

    MetalPrice.objects.update_or_create(store=store, date=on or timezone.localdate(), material=material,
                                        defaults={"metal": "gold", "price_per_gram": Decimal(price)})


def set_buyback_price(store, price="500", metal="gold") -> None:
    from tradein.models import BuybackPrice

    BuybackPrice.objects.update_or_create(store=store, date=timezone.localdate(), metal=metal, defaults={"price_per_gram": Decimal(price)})


def make_customer(store, phone="+8613812345678", name="王小红") -> Customer:
    return Customer.objects.create(name=name, phone=phone, phone_last4=phone[-4:], home_store=store)


def make_quote(store, *, actor=None, kind="tradein", old="20", new="25.00", category="pure_gold", origin="ours", customer=None) -> Quote:
    actor = actor or make_user(f"qc{next(_n)}", Role.COUNTER, store)
    customer = customer or make_customer(store, phone=f"+86139{next(_n):08d}")
    quote = services.quote_create(actor=actor, store=store, customer_id=customer.pk, kind=kind, category=category, origin=origin)
    now = timezone.now()
    if old:
        services.old_piece_add(actor=actor, quote_id=quote.pk, now=now, data={
            "description": "旧手镯", "category": "bangle", "material": "au999", "gross_weight": old})
    if new and kind == "tradein":
        services.new_piece_save(actor=actor, quote_id=quote.pk, now=now, data={"weight": new, "category": category})
    quote.refresh_from_db()
    quote._actor = actor
    return quote


def priced_quote(store, **kwargs) -> Quote:
    quote = make_quote(store, **kwargs)
    services.quote_price(actor=quote._actor, quote_id=quote.pk, now=timezone.now())
    quote.refresh_from_db()
    return quote


def accepted_quote(store, **kwargs) -> Quote:
    quote = priced_quote(store, **kwargs)
    services.quote_accept(actor=quote._actor, quote_id=quote.pk, signature_data_url=SIGNATURE, now=timezone.now())
    quote.refresh_from_db()
    return quote
