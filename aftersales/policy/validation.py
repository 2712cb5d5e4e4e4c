"""Rule validation: a rule that cannot be saved as it is, and rules whose scopes overlap."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from aftersales.catalog import ItemCategory, Material, Reason

from .decision import Outcome
from .engine import DATED, series_key
from .models import ALL_JOBS, Fact, Flag, Rule, Status, Unit

ALL_REASONS = {value for value, _label in Reason.choices}


def _overlaps(a: list, b: list) -> bool:
    return not a or not b or bool(set(a) & set(b))


def _reasons(rule: Rule) -> set[str]:
    return set(rule.reasons or ALL_REASONS) - set(rule.exclude_reasons)


def scopes_overlap(a: Rule, b: Rule) -> bool:
    """Could one case be in the scope of both rules (on some day)?"""
    if not (a.valid_from <= (b.valid_to or date.max) and b.valid_from <= (a.valid_to or date.max)):
        return False
    if not (_overlaps(a.categories, b.categories) and _overlaps(a.materials, b.materials) and _overlaps(a.job_types, b.job_types)):
        return False
    if not _overlaps([series_key(s) for s in a.series], [series_key(s) for s in b.series]):
        return False
    if not (_reasons(a) & _reasons(b)):
        return False
    for flag in ("special_price", "single_use"):
        if {getattr(a, flag), getattr(b, flag)} == {Flag.ONLY, Flag.EXCLUDED}:
            return False
    return not (set(a.facts_required) & set(b.facts_excluded) or set(b.facts_required) & set(a.facts_excluded))


def conflicting_rule(rule: Rule) -> Rule | None:
    others = Rule.objects.filter(status__in=[Status.DRAFT, Status.PUBLISHED], priority=rule.priority)
    others = others.filter(store=rule.store) if rule.store_id else others.filter(store__isnull=True)
    if rule.pk:
        others = others.exclude(pk=rule.pk)
    return next((other for other in others if scopes_overlap(rule, other)), None)


def _choices(values, allowed, field_name, errors):
    bad = [v for v in values if v not in allowed]
    if bad:
        errors.setdefault(field_name, []).append(_("Unknown value: %(values)s.") % {"values": ", ".join(map(str, bad))})


def validate(rule: Rule) -> None:
    """Raise ValidationError (per field) for a rule that cannot be saved as it is."""
    errors: dict[str, list] = {}
    if not rule.code:
        errors.setdefault("code", []).append(_("Give the rule a short code, e.g. 2a."))
    if not rule.name:
        errors.setdefault("name", []).append(_("Give the rule a name."))
    if rule.window in DATED:
        if rule.window_length is None:
            errors.setdefault("window_length", []).append(_("Say how many hours, days or months the time limit lasts."))
        elif rule.window_length < 0:
            errors.setdefault("window_length", []).append(_("A time limit cannot be negative."))
        elif rule.window_length == 0:
            errors.setdefault("window_length", []).append(_("A time limit must be at least 1."))
    elif rule.window_length not in (None, 0):
        errors.setdefault("window_length", []).append(_("Only a limit in hours, days or months has a length."))
    if rule.outcome == Outcome.CHARGED:
        if not rule.unit:
            errors.setdefault("unit", []).append(_("A charged outcome needs a unit (stone, screw, piece or gram)."))
        if rule.unit_price is None:
            errors.setdefault("unit_price", []).append(_("A charged outcome needs a price per unit."))
    elif rule.unit or rule.unit_price is not None:
        errors.setdefault("unit_price", []).append(_("Only the outcome 'charged at the policy's price' has a unit and a price."))
    if rule.unit_price is not None and rule.unit_price < 0:
        errors.setdefault("unit_price", []).append(_("A price cannot be negative."))
    if rule.valid_from and rule.valid_to and rule.valid_to < rule.valid_from:
        errors.setdefault("valid_to", []).append(_("The rule cannot end before it starts."))
    if rule.max_uses is not None and rule.max_uses < 1:
        errors.setdefault("max_uses", []).append(_("Allow it at least once, or leave the field empty for no limit."))
    _choices(rule.categories, {v for v, _l in ItemCategory.choices}, "categories", errors)
    _choices(rule.materials, {v for v, _l in Material.choices}, "materials", errors)
    _choices(rule.job_types, set(ALL_JOBS), "job_types", errors)
    _choices(rule.reasons, ALL_REASONS, "reasons", errors)
    _choices(rule.exclude_reasons, ALL_REASONS, "exclude_reasons", errors)
    _choices(rule.facts_required, {v for v, _l in Fact.choices}, "facts_required", errors)
    _choices(rule.facts_excluded, {v for v, _l in Fact.choices}, "facts_excluded", errors)
    if rule.unit and rule.unit not in Unit.values:
        errors.setdefault("unit", []).append(_("Unknown unit."))
    if set(rule.facts_required) & set(rule.facts_excluded):
        errors.setdefault("facts_excluded", []).append(_("A rule cannot both need and exclude the same thing."))
    if set(rule.reasons) & set(rule.exclude_reasons):
        errors.setdefault("exclude_reasons", []).append(_("A reason cannot be both covered and excluded."))
    if errors:
        raise ValidationError(errors)
    other = conflicting_rule(rule)
    if other is not None:
        raise ValidationError({NON_FIELD_ERRORS: [
            _(
                "This rule overlaps rule %(code)s “%(name)s” (priority %(priority)s, %(status)s): both could decide the same "
                "case on the same days. Give one of them another priority, other dates or a narrower scope."
            )
            % {"code": other.code, "name": other.name, "priority": other.priority, "status": other.get_status_display()}
        ]})
