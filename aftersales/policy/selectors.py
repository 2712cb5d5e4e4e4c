"""Reads for the policy pages: every query goes through roles.scoped (chain rules are everyone's)."""

from __future__ import annotations

from itertools import groupby

from django.db.models import QuerySet

from aftersales import clock, roles

from .engine import DATED, candidate_rules
from .models import Rule, Status
from .services import can_edit
from .validation import scopes_overlap


def visible_rules(user) -> QuerySet[Rule]:
    """Chain rules, and the overrides of the stores the user reaches; another store's override is not found."""
    base = Rule.objects.select_related("store", "created_by")
    return roles.scoped(base, user) | base.filter(store__isnull=True)


def rule_list(user, *, status: str = "") -> QuerySet[Rule]:
    qs = visible_rules(user)
    if not can_edit_any(user):
        qs = qs.filter(status=Status.PUBLISHED)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("clause", "-priority", "store__code", "code", "pk")


def draft_rules(user) -> QuerySet[Rule]:
    return visible_rules(user).filter(status=Status.DRAFT).order_by("clause", "code", "pk")


def can_edit_any(user) -> bool:
    """Chain managers, and store managers (for their own store's overrides)."""
    return roles.is_chain_manager(user) or any(can_edit(user, m.store) for m in roles.memberships(user))


def editable_stores(user):
    return [s for s in roles.stores(user).order_by("code") if can_edit(user, s)]


def policy_for(store, day=None) -> list[tuple[int, list[Rule]]]:
    """The rules in force for a store on a day, grouped by printed clause; each group best rule first.

    A store's override with the same code as a chain rule replaces it on the printed page. A rule
    that catches what an earlier rule of its clause leaves when its time limit or receipt condition
    fails is marked `is_fallback` (printed after "Otherwise:").
    """
    day = day or clock.today()
    rules = candidate_rules(store=store, day=day)
    overridden = {r.code for r in rules if r.store_id}
    rules = [r for r in rules if r.store_id or r.code not in overridden]
    rules.sort(key=lambda r: (r.clause, -r.priority, 0 if r.store_id else 1, r.code))
    clauses = [(clause, list(group)) for clause, group in groupby(rules, key=lambda r: r.clause)]
    for _clause, group in clauses:
        for i, rule in enumerate(group):
            rule.is_fallback = any(
                (earlier.window in DATED or earlier.receipt_required) and scopes_overlap(earlier, rule) for earlier in group[:i]
            )
    return clauses
