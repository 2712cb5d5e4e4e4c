"""The policy engine: which rule decides a case, and why (read-only; the writes are in services)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from aftersales import clock
from aftersales.money import round_money

from . import deadlines
from .models import EXCHANGE, RETURN, Fact, Flag, Rule, Status, Window
from .outcomes import STANDARD, Decision, Outcome
from .text import FACT_CONDITIONS, FACT_EXCLUSIONS, FACT_SUBJECTS, JOB_PHRASES, REASON_PHRASES

DATED = {Window.HOURS, Window.DAYS, Window.MONTHS}
NEEDS_PURCHASE = DATED | {Window.LIFE}


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
    zone: tzinfo | None = None  # the store's time zone: its days count the time limits


def series_key(name: str) -> str:
    key = "".join(str(name).split()).casefold()
    return key.removesuffix("系列") or key


def _both(message, **params) -> tuple[str, str]:
    texts = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            texts.append(str(message) % params)
    return texts[0], texts[1]


def _when(value, zone: tzinfo | None = None) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value, zone).strftime("%Y-%m-%d %H:%M")
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


@dataclass
class Failure:
    """Why a rule in scope does not decide: for the staff (which rule, which condition) and for the
    customer (the condition in words, without rule codes)."""

    why: tuple[str, str]
    reason: tuple[str, str]
    end: object = None


def _limit_ended(rule: Rule, end, zone: tzinfo | None = None) -> tuple[str, str]:
    """The customer's words for a time limit that has run out: an hour limit ends at a moment,
    a limit in days or months at the end of a day."""
    if isinstance(end, datetime):
        return _both(_("the %(n)s hours after the purchase ended at %(end)s"), n=rule.window_length, end=_when(end, zone))
    return _both(_("the time limit ended with %(end)s"), end=_when(end, zone))


def failed_condition(rule: Rule, case: Case) -> tuple[Failure | None, object]:
    """(why the rule does not decide, or None; the deadline that applied)."""
    ref = str(rule.code or rule.pk)
    if case.reason and case.reason in rule.exclude_reasons:
        reason = REASON_PHRASES.get(case.reason, case.reason)
        return Failure(_both(_("Rule %(rule)s does not cover this reason (%(reason)s)."), rule=ref, reason=reason),
                       _both(_("%(reason)s is not covered"), reason=reason)), None
    if rule.special_price == Flag.EXCLUDED and case.special_price:
        return Failure(_both(_("Rule %(rule)s excludes special-price items."), rule=ref),
                       _both(_("special-price items are excluded"))), None
    if rule.single_use == Flag.EXCLUDED and case.single_use:
        return Failure(_both(_("Rule %(rule)s excludes single-use items."), rule=ref),
                       _both(_("single-use items are excluded"))), None
    for fact in rule.facts_excluded:
        if fact in case.facts:
            phrase = FACT_EXCLUSIONS.get(fact, Fact(fact).label)
            return Failure(_both(_("Rule %(rule)s excludes %(fact)s."), rule=ref, fact=phrase),
                           _both(_("%(fact)s are excluded"), fact=phrase)), None
    for fact in rule.facts_required:
        if fact not in FACT_SUBJECTS and fact not in case.facts:
            phrase = FACT_CONDITIONS.get(fact, Fact(fact).label)
            return Failure(_both(_("Rule %(rule)s needs the staff to confirm that %(fact)s."), rule=ref, fact=phrase),
                           _both(_("%(fact)s is required"), fact=phrase)), None
    end = None
    if rule.window in NEEDS_PURCHASE:
        if case.purchased_at is None:
            return Failure(_both(_("Rule %(rule)s is for items bought from us, and no purchase was given."), rule=ref),
                           _both(_("it is only for items bought from us"))), None
        ok, end = deadlines.within(rule.window, rule.window_length, case.purchased_at, case.at, case.zone)
        if not ok:
            if isinstance(end, datetime):
                why = _both(_("Rule %(rule)s: bought on %(bought)s, the %(n)s hours ended at %(end)s."),
                            rule=ref, bought=_when(case.purchased_at, case.zone), n=rule.window_length, end=_when(end, case.zone))
            else:
                why = _both(_("Rule %(rule)s: bought on %(bought)s, the time limit ended at the end of %(end)s."),
                            rule=ref, bought=_when(case.purchased_at, case.zone), end=_when(end, case.zone))
            return Failure(why, _limit_ended(rule, end, case.zone), end), end
    if rule.receipt_required and not case.receipt_shown:
        return Failure(_both(_("Rule %(rule)s needs the receipt, and it was not shown."), rule=ref),
                       _both(_("the receipt is needed and was not shown"))), end
    if rule.max_uses is not None and (case.prior_uses or 0) >= rule.max_uses:
        return Failure(
            _both(_("Rule %(rule)s allows this %(max)s time(s) per purchase; it was used %(n)s time(s) already."),
                  rule=ref, max=rule.max_uses, n=case.prior_uses),
            _both(_("it is allowed %(max)s time(s) per purchase and was used already"), max=rule.max_uses),
        ), end
    return None, end


FAVOURABLE = {Outcome.FREE, Outcome.EXCHANGE, Outcome.RETURN}


def _reasons(failures: list[tuple[Rule, Failure]], *, favourable_only: bool) -> tuple[str, str]:
    """The customer's reasons, once each, joined in each language ("" when there are none)."""
    zh, en = [], []
    for rule, failure in failures:
        if favourable_only and rule.outcome not in FAVOURABLE:
            continue
        if failure.reason[0] not in zh:
            zh.append(failure.reason[0])
            en.append(failure.reason[1])
    return "；".join(zh), "; ".join(en)


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
    at = at or clock.now()
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
        zone=clock.zone(store),
    )
    day = deadlines.local_date(at, case.zone)
    why_zh, why_en = [], []
    failures: list[tuple[Rule, Failure]] = []
    for rule in candidate_rules(store=store, day=day, drafts=drafts):
        if not in_scope(rule, case):
            continue
        failure, end = failed_condition(rule, case)
        if failure:
            why_zh.append(failure.why[0])
            why_en.append(failure.why[1])
            failures.append((rule, failure))
            continue
        return _decision(rule, case, end, why_zh, why_en, failures)
    details = {"why_zh": why_zh, "why_en": why_en, "at": at.isoformat(), "quantity": case.quantity}
    reason_zh, reason_en = _reasons(failures, favourable_only=False)
    if job_type in (EXCHANGE, RETURN):
        job = JOB_PHRASES[job_type]
        if reason_zh:
            zh = _both(_("No %(job)s: %(reasons)s."), job=job, reasons=reason_zh)[0]
            en = _both(_("No %(job)s: %(reasons)s."), job=job, reasons=reason_en)[1]
        else:
            zh, en = _both(_("No rule of the after-sales policy allows this %(job)s."), job=job)
        return Decision(outcome=Outcome.NOT_ALLOWED, text_zh=zh, text_en=en, details=details)
    zh, en = STANDARD.text_zh, STANDARD.text_en
    if reason_zh:
        zh, en = _with_reasons(zh, en, reason_zh, reason_en)
    return Decision(outcome=STANDARD.outcome, text_zh=zh, text_en=en, details=details)


def _with_reasons(zh: str, en: str, reason_zh: str, reason_en: str) -> tuple[str, str]:
    """A decision's sentence followed by why a more favourable rule did not apply."""
    with translation.override("zh-hans"):
        zh = str(_("%(text)s Not free: %(reasons)s.") % {"text": zh, "reasons": reason_zh})
    with translation.override("en"):
        en = str(_("%(text)s Not free: %(reasons)s.") % {"text": en, "reasons": reason_en})
    return zh, en


def _decision(rule: Rule, case: Case, end, why_zh: list[str], why_en: list[str], failures=()) -> Decision:
    ref = str(rule.code or rule.pk)
    # The rule's name is the store's own (Chinese) words: the English line gives the rule's code.
    zh = _both(_("Rule %(rule)s (%(name)s) decides."), rule=ref, name=rule.name)[0]
    en = _both(_("Rule %(rule)s decides."), rule=ref)[1]
    why_zh, why_en = [*why_zh, zh], [*why_en, en]
    if end is not None:
        if isinstance(end, datetime):
            zh, en = _both(_("Bought on %(bought)s; the time limit runs until %(end)s."), bought=_when(case.purchased_at, case.zone), end=_when(end, case.zone))
        else:
            zh, en = _both(_("Bought on %(bought)s; the time limit runs to the end of %(end)s."), bought=_when(case.purchased_at, case.zone), end=_when(end, case.zone))
        why_zh.append(zh)
        why_en.append(en)
    text_zh, text_en = rule.text_zh, rule.text_en
    if rule.outcome not in FAVOURABLE:
        # A charged or refused decision says why a free rule did not apply (the free period ended,
        # water damage is not covered, …).
        reason_zh, reason_en = _reasons(list(failures), favourable_only=True)
        if reason_zh:
            text_zh, text_en = _with_reasons(text_zh, text_en, reason_zh, reason_en)
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
        text_zh=text_zh,
        text_en=text_en,
        alternative_zh=rule.alternative_zh,
        alternative_en=rule.alternative_en,
        details={
            "rule_name": rule.name,
            "rule_version": rule.version,
            "rule_store": rule.store.code if rule.store_id else "",
            "rule_status": rule.status,
            "deadline": _when(end, case.zone) if end is not None else None,
            "quantity": case.quantity,
            "amount": amount,
            "at": case.at.isoformat(),
            "why_zh": why_zh,
            "why_en": why_en,
        },
    )
