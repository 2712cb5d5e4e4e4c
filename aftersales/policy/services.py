"""The policy engine (evaluate) and the only writes to rules (create, update, publish, withdraw)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from aftersales import audit, once, roles
from aftersales.catalog import ItemCategory, Material, Reason
from aftersales.concurrency import check_and_bump
from aftersales.models import Role
from aftersales.money import round_money

from . import deadlines
from .decision import STANDARD, Decision, Outcome
from .models import ALL_JOBS, ALLOWED, EXCHANGE, RETURN, Fact, Flag, Rule, Status, Unit, Window
from .text import FACT_SUBJECTS, JOB_PHRASES

ALL_REASONS = {value for value, _label in Reason.choices}
DATED = {Window.HOURS, Window.DAYS, Window.MONTHS}
NEEDS_PURCHASE = DATED | {Window.LIFE}


class IllegalTransition(Exception):
    pass


class AlreadySubmitted(Exception):
    """The same form was submitted before (a double click): go to what the first submission made."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class RuleNotEditable(Exception):
    message = _("A withdrawn rule cannot be changed. Make a new rule instead.")


# --- evaluation ---------------------------------------------------------------------------


@dataclass
class Case:
    job_type: str
    category: str = ""
    material: str = ""
    reason: str = ""
    series: str = ""
    purchased_at: datetime | None = None
    receipt_shown: bool = False
    special_price: bool = False
    single_use: bool = False
    facts: frozenset = field(default_factory=frozenset)
    prior_uses: int | None = None
    quantity: int = 1
    at: datetime | None = None


def series_key(name: str) -> str:
    key = "".join(str(name).split()).casefold()
    return key.removesuffix("系列") or key


def _both(message, **params) -> tuple[str, str]:
    texts = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            texts.append(str(message) % params)
    return texts[0], texts[1]


def _when(value) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def in_scope(rule: Rule, case: Case) -> bool:
    """What the rule is about: category, material, series, job, reason, special/single-use 'only', subject facts."""
    if rule.categories and case.category not in rule.categories:
        return False
    if rule.materials and case.material not in rule.materials:
        return False
    if rule.series and series_key(case.series) not in {series_key(s) for s in rule.series}:
        return False
    if rule.job_types and case.job_type not in rule.job_types:
        return False
    if rule.reasons and case.reason not in rule.reasons:
        return False
    if rule.special_price == Flag.ONLY and not case.special_price:
        return False
    if rule.single_use == Flag.ONLY and not case.single_use:
        return False
    return all(f in case.facts for f in rule.facts_required if f in FACT_SUBJECTS)


def failed_condition(rule: Rule, case: Case) -> tuple[tuple[str, str] | None, object]:
    """(why the rule does not decide, or None; the deadline that applied)."""
    ref = str(rule.code or rule.pk)
    if case.reason and case.reason in rule.exclude_reasons:
        return _both(_("Rule %(rule)s does not cover this reason (%(reason)s)."), rule=ref, reason=Reason(case.reason).label), None
    if rule.special_price == Flag.EXCLUDED and case.special_price:
        return _both(_("Rule %(rule)s excludes special-price items."), rule=ref), None
    if rule.single_use == Flag.EXCLUDED and case.single_use:
        return _both(_("Rule %(rule)s excludes single-use items."), rule=ref), None
    for fact in rule.facts_excluded:
        if fact in case.facts:
            return _both(_("Rule %(rule)s excludes: %(fact)s."), rule=ref, fact=Fact(fact).label), None
    for fact in rule.facts_required:
        if fact not in FACT_SUBJECTS and fact not in case.facts:
            return _both(_("Rule %(rule)s needs the staff to confirm: %(fact)s."), rule=ref, fact=Fact(fact).label), None
    end = None
    if rule.window in NEEDS_PURCHASE:
        if case.purchased_at is None:
            return _both(_("Rule %(rule)s is for items bought from us, and no purchase was given."), rule=ref), None
        ok, end = deadlines.within(rule.window, rule.window_length, case.purchased_at, case.at)
        if not ok:
            return _both(
                _("Rule %(rule)s: bought on %(bought)s, the time limit ended at the end of %(end)s."),
                rule=ref, bought=_when(case.purchased_at), end=_when(end),
            ), end
    if rule.receipt_required and not case.receipt_shown:
        return _both(_("Rule %(rule)s needs the receipt, and it was not shown."), rule=ref), end
    if rule.max_uses is not None and (case.prior_uses or 0) >= rule.max_uses:
        return _both(_("Rule %(rule)s allows this %(max)s time(s) per purchase; it was used %(n)s time(s) already."), rule=ref, max=rule.max_uses, n=case.prior_uses), end
    return None, end


def candidate_rules(*, store, day: date, drafts: Iterable[Rule] = ()) -> list[Rule]:
    """Published rules valid on `day` for the chain and `store`, plus draft rules being tried; best first."""
    qs = Rule.objects.filter(status=Status.PUBLISHED, valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    qs = qs.filter(Q(store__isnull=True) | Q(store=store)) if store is not None else qs.filter(store__isnull=True)
    rules = list(qs.select_related("store"))
    store_id = getattr(store, "pk", None)
    rules += [r for r in drafts if r.valid_on(day) and r.store_id in (None, store_id) and r.pk not in {x.pk for x in rules}]
    # Higher priority first; at equal priority a store's own rule beats the chain's.
    rules.sort(key=lambda r: (-r.priority, 0 if r.store_id else 1, -r.valid_from.toordinal(), r.pk or 0))
    return rules


def evaluate(
    *,
    store,
    job_type: str,
    category: str = "",
    material: str = "",
    reason: str = "",
    purchase=None,
    series: str = "",
    receipt_shown: bool = False,
    special_price: bool | None = None,
    quantity: int = 1,
    at=None,
    single_use: bool | None = None,
    facts: Iterable[str] = (),
    prior_uses: int | None = None,
    drafts: Iterable[Rule] = (),
) -> Decision:
    at = at or timezone.now()
    case = Case(
        job_type=job_type,
        category=category or getattr(purchase, "category", "") or "",
        material=material or getattr(purchase, "material", "") or "",
        reason=reason or "",
        series=series or getattr(purchase, "series", "") or "",
        purchased_at=getattr(purchase, "purchased_at", None),
        receipt_shown=bool(receipt_shown),
        special_price=bool(getattr(purchase, "special_price", False) if special_price is None else special_price),
        single_use=bool(getattr(purchase, "single_use", False) if single_use is None else single_use),
        facts=frozenset(facts or ()),
        prior_uses=prior_uses,
        quantity=max(int(quantity or 1), 1),
        at=at,
    )
    day = deadlines.local_date(at)
    why_zh, why_en = [], []
    for rule in candidate_rules(store=store, day=day, drafts=drafts):
        if not in_scope(rule, case):
            continue
        failure, end = failed_condition(rule, case)
        if failure:
            why_zh.append(failure[0])
            why_en.append(failure[1])
            continue
        return _decision(rule, case, end, why_zh, why_en)
    details = {"why_zh": why_zh, "why_en": why_en, "at": at.isoformat(), "quantity": case.quantity}
    if job_type in (EXCHANGE, RETURN):
        zh, en = _both(_("No rule of the after-sales policy allows this %(job)s."), job=JOB_PHRASES[job_type])
        return Decision(outcome=Outcome.NOT_ALLOWED, text_zh=zh, text_en=en, details=details)
    return Decision(outcome=STANDARD.outcome, text_zh=STANDARD.text_zh, text_en=STANDARD.text_en, details=details)


def _decision(rule: Rule, case: Case, end, why_zh: list[str], why_en: list[str]) -> Decision:
    ref = str(rule.code or rule.pk)
    zh, en = _both(_("Rule %(rule)s (%(name)s) decides."), rule=ref, name=rule.name)
    why_zh, why_en = [*why_zh, zh], [*why_en, en]
    if end is not None:
        zh, en = _both(_("Bought on %(bought)s; the time limit runs to the end of %(end)s."), bought=_when(case.purchased_at), end=_when(end))
        why_zh.append(zh)
        why_en.append(en)
    if rule.status != Status.PUBLISHED:
        zh, en = _both(_("Rule %(rule)s is a draft: real cases are not decided by it yet."), rule=ref)
        why_zh.append(zh)
        why_en.append(en)
    amount = None
    if rule.outcome == Outcome.CHARGED and rule.unit_price is not None:
        amount = str(round_money(rule.unit_price * case.quantity))
    return Decision(
        outcome=rule.outcome,
        unit_price=rule.unit_price if rule.outcome == Outcome.CHARGED else None,
        unit=rule.unit if rule.outcome == Outcome.CHARGED else "",
        rule_id=rule.pk,
        rule_code=rule.code,
        text_zh=rule.text_zh,
        text_en=rule.text_en,
        alternative_zh=rule.alternative_zh,
        alternative_en=rule.alternative_en,
        details={
            "rule_name": rule.name,
            "rule_version": rule.version,
            "rule_store": rule.store.code if rule.store_id else "",
            "rule_status": rule.status,
            "deadline": _when(end) if end is not None else None,
            "quantity": case.quantity,
            "amount": amount,
            "at": case.at.isoformat(),
            "why_zh": why_zh,
            "why_en": why_en,
        },
    )


# --- validation ---------------------------------------------------------------------------


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


# --- writes -------------------------------------------------------------------------------


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
