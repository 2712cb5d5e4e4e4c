"""The policy app's events in words."""

from django.utils.translation import gettext_lazy as _

from aftersales.audit import Value, register_kinds, register_values
from aftersales.catalog import ItemCategory, Material, Reason

from .models import Fact, Rule


def register() -> None:
    register_kinds({
        "policy.rule_created": _("Rule drafted"),
        "policy.rule_updated": _("Rule changed"),
        "policy.rule_published": _("Rule published"),
        "policy.rule_withdrawn": _("Rule withdrawn"),
    }, subject=Rule)
    register_values({
        "categories": Value(_("categories"), "choice", ItemCategory),
        "materials": Value(_("materials"), "choice", Material),
        "reasons": Value(_("reasons"), "choice", Reason),
        "exclude_reasons": Value(_("except for reasons"), "choice", Reason),
        "facts_required": Value(_("staff must confirm"), "choice", Fact),
        "facts_excluded": Value(_("not when staff confirm"), "choice", Fact),
    }, subject=Rule)
