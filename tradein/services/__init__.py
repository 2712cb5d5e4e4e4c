"""Trade-in writes, by subdomain: prices, rules and settings, quotes, the ledger."""

from .errors import AlreadyDone, AlreadySubmitted, IllegalTransition, NoPriceToday, NoRule  # noqa: F401
from .ledger import refinery_lot_assay, refinery_lot_send  # noqa: F401
from .prices import buyback_price_set, metal_price_set  # noqa: F401
from .quotes import (  # noqa: F401
    new_piece_remove,
    new_piece_save,
    old_piece_add,
    old_piece_remove,
    photo_add,
    purity_test_add,
    quote_accept,
    quote_complete,
    quote_create,
    quote_decline,
    quote_price,
)
from .rules import rule_copy, rule_create, rule_publish, rule_update, rule_withdraw, settings_save  # noqa: F401
