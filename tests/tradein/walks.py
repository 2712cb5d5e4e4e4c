"""Descriptions of trade-in actions and forms for the project-wide walks.

PERFORM: for every action of tradein's permission table, a callable(actor, store) doing it once
through the service (the permission-table walk calls it for every role and expects NotAllowed
exactly where the table says so).

FORMS: every trade-in form that takes typed input, as (url name, kwargs factory(store, actor),
field names): a hostile-input walk posts junk into each field and expects no 500 and no change.
Adding an action or a form = adding one entry here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from django.utils import timezone

from tradein import services

from .helpers import SIGNATURE, accepted_quote, make_quote, make_rule, priced_quote, set_buyback_price, set_price

_codes = count(1)


def _ready(store):
    make_rule(store=store, code=f"W-{store.code}-{next(_codes)}")  # a rule code is at most 20 characters
    set_price(store)
    set_buyback_price(store)


def _quote(actor, store):
    from .helpers import make_customer

    customer = make_customer(store, phone=f"+8613{int(timezone.now().timestamp() * 1000) % 10**9:09d}")
    services.quote_create(actor=actor, store=store, customer_id=customer.pk, category="pure_gold", origin="ours")


def _price(actor, store):
    _ready(store)
    quote = make_quote(store)
    services.quote_price(actor=actor, quote_id=quote.pk, now=timezone.now())


def _accept(actor, store):
    _ready(store)
    quote = priced_quote(store)
    services.quote_accept(actor=actor, quote_id=quote.pk, signature_data_url=SIGNATURE, now=timezone.now())


def _complete(actor, store):
    _ready(store)
    quote = accepted_quote(store)
    services.quote_complete(actor=actor, quote_id=quote.pk, payment_method="cash", now=timezone.now())


def _decline(actor, store):
    quote = make_quote(store)
    services.quote_decline(actor=actor, quote_id=quote.pk, now=timezone.now())


def _buyback(actor, store):
    from .helpers import make_customer

    customer = make_customer(store, phone=f"+8615{int(timezone.now().timestamp() * 1000) % 10**9:09d}")
    services.quote_create(actor=actor, store=store, customer_id=customer.pk, kind="buyback", category="pure_gold", origin="ours")


def _purity_test(actor, store):
    quote = make_quote(store)
    services.purity_test_add(actor=actor, piece_id=quote.old_pieces.get().pk, method="xrf", reading="999", now=timezone.now())


def _rules(actor, store):
    services.rule_create(actor=actor, data={"store": store, "code": "W", "name": "w", "category": "silver", "origin": "ours",
                                            "valid_from": date(2020, 1, 1)})


def _prices(actor, store):
    services.metal_price_set(actor=actor, store=store, material="au999", price_per_gram=Decimal("600"))


def _settings(actor, store):
    services.settings_save(actor=actor, store=store, values={"lock_minutes": 20})


def _refinery(actor, store):
    _ready(store)
    accepted_quote(store)
    services.refinery_lot_send(actor=actor, store=store, metal="gold", fineness=999, grams="1", refinery="R", now=timezone.now())


def _view(actor, store):
    from aftersales import roles

    roles.require(actor, store, "tradein.view")


PERFORM = {
    "tradein.view": _view,
    "tradein.quote": _price,
    "tradein.accept": _accept,
    "tradein.complete": _complete,
    "tradein.decline": _decline,
    "tradein.buyback": _buyback,
    "tradein.purity_test": _purity_test,
    "tradein.rules": _rules,
    "tradein.prices": _prices,
    "tradein.settings": _settings,
    "tradein.refinery": _refinery,
    "tradein.ledger": _refinery,
}


def _act(action):
    return lambda store, actor: {"number": make_quote(store, actor=actor).number, "action": action}


FORMS = [
    ("tradein:new", lambda store, actor: {}, ["phone", "customer", "kind", "category", "origin", "price_material", "notes"]),
    ("tradein:act", _act("old"), ["description", "category", "material", "hallmark", "hallmark_fineness", "gross_weight", "net_weight",
                                  "original_price", "version"]),
    ("tradein:act", _act("new"), ["piece", "product_code", "category", "weight", "price_mode", "tag_price", "version"]),
    ("tradein:act", _act("test"), ["piece", "method", "reading", "weight_before_melt", "weight_after_melt", "version"]),
    ("tradein:act", _act("accept"), ["signature", "seller_id_type", "seller_id_last4", "version"]),
    ("tradein:act", _act("complete"), ["payment_method", "version"]),
    ("tradein:act", _act("decline"), ["reason", "version"]),
    ("tradein:metal_prices", lambda store, actor: {}, ["material", "price_per_gram", "metal", "form"]),
    ("tradein:settings", lambda store, actor: {}, ["lock_mode", "lock_minutes", "id_above_amount", "id_above_grams", "version"]),
    ("tradein:ledger", lambda store, actor: {}, ["metal", "fineness", "grams", "refinery"]),
    ("tradein:rule_new", lambda store, actor: {}, ["code", "name", "loss_rate", "fee_per_gram", "uplift_percent", "min_fineness",
                                                   "valid_from", "valid_to"]),
]
