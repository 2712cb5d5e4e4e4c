"""Who may do what with cases (aftersales.roles); a chain manager may do everything everywhere."""

from aftersales.models import Role
from aftersales.roles import register_permissions

C, M, T = Role.COUNTER, Role.MANAGER, Role.TECHNICIAN

TABLE = {
    "view": {C, M, T},
    "create": {C, M},
    "handle": {C, M},             # contacts, notes, steps, acknowledgement, links, attachments
    "assign": {M},
    "resolve": {C, M},
    "approve": {M},               # compensation above the store limit (a chain manager above the chain limit)
    "override_policy": {M},       # exchange/return against the policy, as goodwill
    "goodwill_repair": {M},
    "close": {M},
    "reopen": {M},
    "cancel": {M},
    "see_staff_concerned": {M},   # attitude complaints name a colleague
    "actions": {C, M},            # corrective actions: record and mark done
    "verify_action": {M},
    "print": {C, M},
    "revoke_rating_link": {M},
    "settings": set(),            # chain lists, targets, limits, official calendar: chain managers only
}

register_permissions("tickets", TABLE)
