"""Who may do what on the core's pages (store settings, printing, prices, policy, messages, documents).

Checked by the core's services with roles.require(actor, store, "core.<action>"); store None is
a chain-wide action (the chain manager's only).
"""

from django.utils.translation import gettext_lazy as _

from .models import Role

M = Role.MANAGER
PERMISSIONS: dict[str, set[str]] = {
    "store_settings": {M},
    "print_settings": {M},
    "metal_prices": {M},              # the store's price of the day; the chain's prices need store None
    "policy_edit": {M},               # a store's own rules; the chain's rules need store None
    "notification_outbox": {M},       # the outbox, full addresses, retrying a failed message
    "notification_templates": set(),  # message wording is the chain's, one for every store
}
PERMISSION_LABELS = {
    "store_settings": _("change the store's settings"), "print_settings": _("change the print settings"),
    "metal_prices": _("set the metal prices"), "policy_edit": _("edit the after-sales policy"),
    "notification_outbox": _("manage customer messages"), "notification_templates": _("edit the message wording"),
}
