"""Who may do what with customer files (checked by every service with roles.require)."""

from django.utils.translation import gettext_lazy as _

from aftersales.models import Role

C, M, T = Role.COUNTER, Role.MANAGER, Role.TECHNICIAN
PERMISSIONS: dict[str, set[str]] = {
    "create": {C, M},
    "edit": {C, M},
    "consent": {C, M},
    "see_phone": {C, M},        # the full number; technicians see it masked
    "purchase_add": {C, M},
    "import": {C, M},
    "merge": {M},
    "followups": {C, M},        # plan, call, cancel follow-up calls
}
PERMISSION_LABELS = {
    "create": _("make a customer file"), "edit": _("edit a customer file"), "consent": _("record consent"),
    "see_phone": _("see the full phone number"), "purchase_add": _("add a purchase"), "import": _("import purchases"),
    "merge": _("merge customer files"), "followups": _("work on follow-up calls"),
}
