"""Who may do what in trade-in and buyback (checked in every service; see aftersales.roles)."""

from aftersales import roles
from aftersales.models import Role

COUNTER, MANAGER, TECHNICIAN = Role.COUNTER, Role.MANAGER, Role.TECHNICIAN

TABLE = {
    "view": {COUNTER, MANAGER, TECHNICIAN},
    "quote": {COUNTER, MANAGER},
    "accept": {COUNTER, MANAGER},
    "complete": {COUNTER, MANAGER},
    "decline": {COUNTER, MANAGER},
    "buyback": {COUNTER, MANAGER},
    "purity_test": {COUNTER, MANAGER, TECHNICIAN},
    "rules": {MANAGER},
    "prices": {MANAGER},
    "settings": {MANAGER},
    "refinery": {MANAGER},
    "ledger": {MANAGER},
}

roles.register_permissions("tradein", TABLE)
