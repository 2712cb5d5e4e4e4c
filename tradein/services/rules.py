"""Trade-in rules as data: chain rules and store overrides, draft → published → withdrawn."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from aftersales import audit, once, roles
from aftersales.concurrency import check_and_bump

from ..models import RULE_ALLOWED, LabourMode, Rule, RuleStatus, TradeinSettings
from .errors import AlreadySubmitted

PERCENT_FIELDS = ("loss_rate", "fee_percent", "depreciation_percent")


def _require_rules(actor, store) -> None:
    if store is None:
        if not roles.is_chain_manager(actor):
            raise roles.NotAllowed("tradein.rules", None)
        return
    roles.require(actor, store, "tradein.rules")


def snapshot(rule: Rule) -> dict:
    """The rule as a quote uses it: stored with the quote, printed on the sheet."""
    data = audit._jsonable({name: getattr(rule, name) for name in Rule.DATA_FIELDS})
    data.update(id=rule.pk, version=rule.version, status=rule.status)
    return data


def _terms(rule: Rule) -> dict:
    """What a rule's creation records: its terms and status (its id and version are not news)."""
    return {name: value for name, value in snapshot(rule).items() if name not in ("id", "version")}


def validate(rule: Rule) -> None:
    errors: dict[str, str] = {}
    if rule.loss_rate is not None and not (Decimal(0) <= rule.loss_rate < 100):
        errors["loss_rate"] = _("A loss rate must be at least 0 % and below 100 %.")
    for name in ("fee_percent", "depreciation_percent"):
        value = getattr(rule, name)
        if value is not None and not (Decimal(0) <= value <= 100):
            errors[name] = _("A percentage between 0 and 100.")
    if rule.min_fineness is not None and not (0 <= rule.min_fineness <= 1000):
        errors["min_fineness"] = _("Fineness is between 0 and 1000 ‰.")
    for name in ("fee_per_gram", "labour_per_gram", "labour_per_piece", "piece_fee", "uplift_percent"):
        value = getattr(rule, name)
        if value is not None and value < 0:
            errors[name] = _("Not below zero.")
    if rule.labour_mode in (LabourMode.A, LabourMode.B) and not rule.labour_per_gram:
        errors["labour_per_gram"] = _("Labour modes A and B need a labour fee per gram.")
    if rule.labour_mode == LabourMode.C and not rule.labour_per_piece:
        errors["labour_per_piece"] = _("Labour mode C needs a fee per piece.")
    if rule.valid_to and rule.valid_from and rule.valid_to < rule.valid_from:
        errors["valid_to"] = _("The last day is before the first day.")
    if errors:
        raise ValidationError(errors)
    rule.full_clean(exclude=["created_by", "version"])


@transaction.atomic
def rule_create(*, actor, data: dict, submit_token: str | None = None) -> Rule:
    unknown = set(data) - set(Rule.DATA_FIELDS)
    if unknown:
        raise TypeError(f"Not rule fields: {sorted(unknown)}")
    rule = Rule(status=RuleStatus.DRAFT, created_by=actor if getattr(actor, "pk", None) else None, **data)
    _require_rules(actor, rule.store)
    validate(rule)
    if submit_token and not once.claim(token=submit_token, user=actor):
        raise AlreadySubmitted(once.already_done(token=submit_token, user=actor) or reverse("tradein:rules"))
    rule.save()
    if submit_token:
        once.set_result(token=submit_token, user=actor, result_url=reverse("tradein:rule", kwargs={"pk": rule.pk}))
    audit.record(actor=actor, kind="tradein.rule_created", subject=rule, store=rule.store, new=_terms(rule))
    return rule


@transaction.atomic
def rule_update(*, actor, rule_id: int, data: dict, expected_version: int | None) -> Rule:
    """A draft is edited freely; a published rule is withdrawn and copied instead (quotes keep their snapshot)."""
    rule = Rule.objects.select_for_update().get(pk=rule_id)
    _require_rules(actor, rule.store)
    if rule.status != RuleStatus.DRAFT:
        raise ValidationError(_("Only a draft rule can be changed: copy a published rule into a new draft instead."))
    check_and_bump(rule, expected_version)
    old, new = audit.changes(rule, Rule.DATA_FIELDS, data)
    _require_rules(actor, rule.store)
    validate(rule)
    rule.save()
    if new:
        audit.record(actor=actor, kind="tradein.rule_updated", subject=rule, store=rule.store, old=old, new=new)
    return rule


def _move(*, actor, rule_id: int, to: str, expected_version, kind: str) -> Rule:
    rule = Rule.objects.select_for_update().get(pk=rule_id)
    _require_rules(actor, rule.store)
    if rule.status == to:
        return rule
    if to not in RULE_ALLOWED[rule.status]:
        raise ValidationError(_("A %(current)s rule cannot be %(target)s.") % {
            "current": rule.get_status_display(), "target": RuleStatus(to).label})
    check_and_bump(rule, expected_version)
    if to == RuleStatus.PUBLISHED:
        validate(rule)
    old = {"status": rule.status}
    rule.status = to
    rule.save()
    audit.record(actor=actor, kind=kind, subject=rule, store=rule.store, old=old, new={"status": to})
    return rule


@transaction.atomic
def rule_publish(*, actor, rule_id: int, expected_version: int | None = None) -> Rule:
    return _move(actor=actor, rule_id=rule_id, to=RuleStatus.PUBLISHED, expected_version=expected_version, kind="tradein.rule_published")


@transaction.atomic
def rule_withdraw(*, actor, rule_id: int, expected_version: int | None = None) -> Rule:
    return _move(actor=actor, rule_id=rule_id, to=RuleStatus.WITHDRAWN, expected_version=expected_version, kind="tradein.rule_withdrawn")


@transaction.atomic
def rule_copy(*, actor, rule_id: int, store=None) -> Rule:
    """A new draft with a rule's terms: how a published rule is changed (quotes keep their snapshot).
    A store manager copying a chain rule gets the draft of an override for `store`."""
    source = Rule.objects.get(pk=rule_id)
    target = source.store
    if target is None and not roles.is_chain_manager(actor):
        target = store
    _require_rules(actor, target)
    rule = Rule(status=RuleStatus.DRAFT, created_by=actor if getattr(actor, "pk", None) else None,
                **{**{name: getattr(source, name) for name in Rule.DATA_FIELDS}, "store": target})
    rule.save()
    audit.record(actor=actor, kind="tradein.rule_created", subject=rule, store=rule.store, new={**_terms(rule), "copied_from": source.pk})
    return rule


SETTINGS_FIELDS = ["lock_mode", "lock_minutes", "id_above_amount", "id_above_grams"]


@transaction.atomic
def settings_save(*, actor, store, values: dict, expected_version: int | None = None, chain_wide: bool = False) -> TradeinSettings:
    """A store's price lock (store manager); the chain's defaults and ID thresholds (chain manager)."""
    if chain_wide:
        if not roles.is_chain_manager(actor):
            raise roles.NotAllowed("tradein.settings", roles.role_in(actor, store))
        scope = None
    else:
        roles.require(actor, store, "tradein.settings")
        scope = store
    row = TradeinSettings.objects.select_for_update().filter(store=scope).first() or TradeinSettings(store=scope)
    if row.pk:
        check_and_bump(row, expected_version)
    old, new = audit.changes(row, SETTINGS_FIELDS, {k: values[k] for k in SETTINGS_FIELDS if k in values})
    if row.lock_minutes is not None and row.lock_minutes <= 0:
        raise ValidationError({"lock_minutes": _("A price lock must last at least one minute: a lock in the past is no lock.")})
    row.full_clean(exclude=["store", "version"])
    row.save()
    if new:
        audit.record(actor=actor, kind="tradein.settings_saved", subject=row, store=scope, old=old, new=new)
    return row
