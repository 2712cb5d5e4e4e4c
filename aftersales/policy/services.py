"""The only writes to policy rules: create, update, publish, withdraw (the engine reads them in engine.py)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aftersales import audit, once, roles
from aftersales.concurrency import check_and_bump
from aftersales.models import Role

from .models import ALLOWED, Rule, Status, Window
from .validation import validate


class IllegalTransition(Exception):
    pass


class AlreadySubmitted(Exception):
    """The same form was submitted before (a double click): go to what the first submission made."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class RuleNotEditable(Exception):
    message = _("A withdrawn rule cannot be changed. Make a new rule instead.")


def can_edit(user, store) -> bool:
    """Chain managers edit chain rules and every store's; a store manager edits their own store's overrides."""
    if getattr(user, "is_system", False):  # seeding and tests (demo.SYSTEM)
        return True
    if store is None:
        return roles.is_chain_manager(user)
    return roles.has_role(user, store, Role.MANAGER)


def _require_can_edit(user, store) -> None:
    if not can_edit(user, store):
        raise PermissionDenied


LIST_FIELDS = ["categories", "materials", "series", "job_types", "reasons", "exclude_reasons", "facts_required", "facts_excluded"]


def _clean(data: dict) -> dict:
    data = dict(data)
    for name in LIST_FIELDS:
        if name in data:
            data[name] = sorted({str(v).strip() for v in (data[name] or []) if str(v).strip()})
    if data.get("window") in (Window.ANY, Window.LIFE) and data.get("window_length") == 0:
        data["window_length"] = None
    if data.get("unit_price") is not None:
        data["unit_price"] = Decimal(str(data["unit_price"]))
    return data


# One advisory lock for every rule write (rule edits are rare): two managers saving overlapping
# rules at the same moment cannot both pass the conflict check. SQLite's IMMEDIATE transactions
# already serialise writers.
POLICY_LOCK = 7_001_005


def _lock_rules() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [POLICY_LOCK])


def snapshot(rule: Rule) -> dict:
    return audit._jsonable({name: getattr(rule, name) for name in Rule.DATA_FIELDS})


@transaction.atomic
def rule_create(*, actor, data: dict, submit_token: str | None = None) -> Rule:
    data = _clean(data)
    unknown = set(data) - set(Rule.DATA_FIELDS)
    if unknown:
        raise TypeError(f"Not rule fields: {sorted(unknown)}")
    rule = Rule(status=Status.DRAFT, created_by=actor if getattr(actor, "pk", None) else None, **data)
    _require_can_edit(actor, rule.store)
    _lock_rules()
    validate(rule)
    if submit_token and not once.claim(token=submit_token, user=actor):
        raise AlreadySubmitted(once.already_done(token=submit_token, user=actor) or reverse("policy:index"))
    rule.save()
    if submit_token:
        once.set_result(token=submit_token, user=actor, result_url=reverse("policy:detail", kwargs={"pk": rule.pk}))
    audit.record(actor=actor, kind="policy.rule_created", subject=rule, new=snapshot(rule))
    return rule


@transaction.atomic
def rule_update(*, actor, rule_id: int, data: dict, expected_version: int | None) -> Rule:
    _lock_rules()
    rule = Rule.objects.select_for_update().get(pk=rule_id)
    _require_can_edit(actor, rule.store)
    if rule.status == Status.WITHDRAWN:
        raise RuleNotEditable()
    check_and_bump(rule, expected_version)
    old, new = audit.changes(rule, Rule.DATA_FIELDS, _clean(data))
    _require_can_edit(actor, rule.store)  # a store manager cannot move a rule to the chain or another store
    validate(rule)
    if not new:
        return Rule.objects.get(pk=rule_id)
    rule.save()
    audit.record(actor=actor, kind="policy.rule_updated", subject=rule, old=old, new=new)
    return rule


def _move(*, actor, rule_id: int, to: str, expected_version: int | None, kind: str) -> Rule:
    _lock_rules()
    rule = Rule.objects.select_for_update().get(pk=rule_id)
    _require_can_edit(actor, rule.store)
    if rule.status == to:
        return rule  # already done: nothing to do
    if to not in ALLOWED[rule.status]:
        raise IllegalTransition(f"{rule.status} → {to}")
    check_and_bump(rule, expected_version)
    if to == Status.PUBLISHED:
        validate(rule)
    old = {"status": rule.status}
    rule.status = to
    rule.save()
    audit.record(actor=actor, kind=kind, subject=rule, old=old, new={"status": to})
    return rule


@transaction.atomic
def rule_publish(*, actor, rule_id: int, expected_version: int | None = None) -> Rule:
    """From now on real cases are decided by this rule (within its validity dates)."""
    return _move(actor=actor, rule_id=rule_id, to=Status.PUBLISHED, expected_version=expected_version, kind="policy.rule_published")


@transaction.atomic
def rule_withdraw(*, actor, rule_id: int, expected_version: int | None = None) -> Rule:
    return _move(actor=actor, rule_id=rule_id, to=Status.WITHDRAWN, expected_version=expected_version, kind="policy.rule_withdrawn")
