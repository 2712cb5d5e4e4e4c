"""How to do every trade-in action for the permission walk (tests/test_permissions.py).

The outer function prepares the record as the system; tests/tradein/walks.py (PERFORM) does the
same actions with the preparation inside, for the app's own table test."""

from datetime import date
from decimal import Decimal
from itertools import count

from django.utils import timezone

from aftersales import roles
from tradein import services

from .helpers import (
    SIGNATURE,
    accepted_quote,
    make_customer,
    make_quote,
    make_rule,
    priced_quote,
    set_buyback_price,
    set_price,
)

_n = count(1)


def _ready(store):
    make_rule(store=store, code=f"PW-{store.code}-{next(_n)}")
    set_price(store)
    set_buyback_price(store)


def _customer(store):
    return make_customer(store, phone=f"+86137{next(_n):08d}")


def _priced(store):
    _ready(store)
    return priced_quote(store)


def _accepted(store):
    _ready(store)
    return accepted_quote(store)


def _lot(store):
    from aftersales.models import Role
    from tests.conftest import make_user

    _accepted(store)
    manager = make_user(f"pw-lot{next(_n)}", Role.MANAGER, store)
    return services.refinery_lot_send(actor=manager, store=store, metal="gold", fineness=999, grams="1", refinery="R", now=timezone.now())


CALLS = {
    "tradein.view": lambda store: (lambda actor: roles.require(actor, store, "tradein.view")),
    "tradein.quote": lambda store: (lambda q: lambda actor: services.quote_price(actor=actor, quote_id=q.pk, now=timezone.now()))(
        (_ready(store), make_quote(store))[1]),
    "tradein.accept": lambda store: (lambda q: lambda actor: services.quote_accept(actor=actor, quote_id=q.pk, signature_data_url=SIGNATURE,
                                                                                   now=timezone.now()))(_priced(store)),
    "tradein.complete": lambda store: (lambda q: lambda actor: services.quote_complete(actor=actor, quote_id=q.pk, payment_method="cash",
                                                                                       now=timezone.now()))(_accepted(store)),
    "tradein.decline": lambda store: (lambda q: lambda actor: services.quote_decline(actor=actor, quote_id=q.pk, now=timezone.now()))(make_quote(store)),
    "tradein.buyback": lambda store: (lambda c: lambda actor: services.quote_create(actor=actor, store=store, customer_id=c.pk, kind="buyback",
                                                                                    category="pure_gold", origin="ours"))(_customer(store)),
    "tradein.purity_test": lambda store: (lambda q: lambda actor: services.purity_test_add(actor=actor, piece_id=q.old_pieces.get().pk, method="xrf",
                                                                                           reading="999", now=timezone.now()))(make_quote(store)),
    "tradein.rules": lambda store: (lambda actor: services.rule_create(actor=actor, data={
        "store": store, "code": f"PW{next(_n)}", "name": "w", "category": "silver", "origin": "ours", "valid_from": date(2020, 1, 1)})),
    "tradein.prices": lambda store: (lambda actor: services.metal_price_set(actor=actor, store=store, material="au999", price_per_gram=Decimal("600"))),
    "tradein.settings": lambda store: (lambda actor: services.settings_save(actor=actor, store=store, values={"lock_minutes": 20})),
    "tradein.refinery": lambda store: (lambda lot: lambda actor: services.refinery_lot_assay(actor=actor, lot_id=lot.pk, assay_fineness="990",
                                                                                             now=timezone.now()))(_lot(store)),
    # The ledger is a page (tradein/views.py ledger): the walk checks the table it asks.
    "tradein.ledger": lambda store: (lambda actor: roles.require(actor, store, "tradein.ledger")),
}
