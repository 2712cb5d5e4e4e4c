"""Resolving a case: explanation, repair, exchange or return by the policy, compensation or voucher.

Exchange and return are decided by the policy engine (seed 002 rules 1 and 5: 48 hours from the
purchase, receipt, intact and resellable, special price excluded), at the moment the customer asked
(the case's receipt). The decision and its sentence are stored with the resolution; a manager may
override a refusal as goodwill, with a reason, recorded as such. Amounts above the store limit need
a store manager, above the chain limit a chain manager (chain settings).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales import audit, roles
from aftersales.money import round_money
from aftersales.policy.decision import Decision, Outcome, decide
from aftersales.policy.models import Fact

from ..models import (
    MAX_AMOUNT,
    Approval,
    Case,
    CaseStep,
    RefundMethod,
    Resolution,
    ResolutionKind,
    ResolutionStatus,
    Status,
    Step,
)
from .cases import _notify, _text, chain_settings
from .errors import CaseError
from .workflow import lock, move

RESOLVABLE = (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.REOPENED)
REPAIR_DOC_TYPE = "repairs.repairorder"  # the type name repairs registers in aftersales.links


def policy_decision(case: Case, *, kind: str, receipt_shown: bool, intact: bool) -> Decision:
    """What the policy says about this exchange or return, as of the moment the customer asked."""
    prior = Resolution.objects.filter(case__purchase=case.purchase, kind=kind, status=ResolutionStatus.APPROVED) \
        .exclude(case=case).count() if case.purchase_id else 0
    return decide(store=case.store, job_type=kind, purchase=case.purchase, receipt_shown=receipt_shown,
                  facts={Fact.INTACT} if intact else set(), at=case.received_at, prior_uses=prior)


def clean_amount(value, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = round_money(value)
    except (ValueError, TypeError, InvalidOperation):
        raise CaseError({"amount": _("%(label)s is not an amount.") % {"label": label}}) from None
    if amount <= 0:
        raise CaseError({"amount": _("%(label)s must be more than zero.") % {"label": label}})
    if amount > MAX_AMOUNT:
        raise CaseError({"amount": _("%(label)s of %(amount)s yuan is not plausible; check it (at most %(max)s).")
                         % {"label": label, "amount": amount, "max": MAX_AMOUNT}})
    return amount


def approval_for(amount: Decimal | None) -> str:
    if amount is None:
        return Approval.NONE
    cfg = chain_settings()
    if amount > cfg.chain_limit:
        return Approval.CHAIN
    if amount > cfg.store_limit:
        return Approval.MANAGER
    return Approval.NONE


def may_approve(actor, case: Case, level: str) -> bool:
    if level == Approval.CHAIN:
        return roles.is_chain_manager(actor) and case.store_id in roles.store_ids(actor)
    if level == Approval.MANAGER:
        return roles.may(actor, case.store, "tickets.approve")
    return True


@transaction.atomic
def resolution_record(
    *,
    case_id: int,
    actor,
    now: datetime,
    kind: str,
    explanation: str = "",
    receipt_shown: bool = False,
    intact: bool = False,
    override: bool = False,
    override_reason: str = "",
    goodwill: bool = False,
    amount=None,
    refund_amount=None,
    refund_method: str = "",
    expected_date: date | None = None,
    expected_version=None,
) -> Resolution:
    case = lock(case_id)
    roles.require(actor, case.store, "tickets.resolve")
    if expected_version not in (None, "") and int(expected_version) != case.version:
        from aftersales.concurrency import StaleEdit

        raise StaleEdit()
    if case.status not in RESOLVABLE:
        raise CaseError(_("Only an acknowledged case that is being handled can be resolved (this one is %(status)s).")
                        % {"status": case.get_status_display()})
    if kind not in ResolutionKind.values:
        raise CaseError({"kind": _("Choose how the case is resolved.")})
    explanation = _text(explanation, _("The explanation"), required=kind == ResolutionKind.EXPLANATION)
    resolution = Resolution(case=case, kind=kind, explanation=explanation, created_at=now, created_by=actor)

    if kind in (ResolutionKind.EXCHANGE, ResolutionKind.RETURN):
        decision = policy_decision(case, kind=kind, receipt_shown=receipt_shown, intact=intact)
        resolution.policy_decision = decision.as_dict()
        resolution.policy_outcome = decision.outcome
        resolution.policy_sentence = decision.text_zh
        allowed = decision.outcome in (Outcome.EXCHANGE, Outcome.RETURN)
        if not allowed:
            if not override:
                raise CaseError({"kind": _("The policy does not allow this: %(sentence)s A manager may override it as goodwill, with a reason.")
                                 % {"sentence": decision.text(translation_language())}})
            roles.require(actor, case.store, "tickets.override_policy")
            resolution.override = True
            resolution.override_reason = _text(override_reason, _("The reason for the override"), required=True)
        if kind == ResolutionKind.RETURN:
            resolution.refund_amount = clean_amount(refund_amount, _("The refund"))
            if resolution.refund_amount is None:
                raise CaseError({"refund_amount": _("A return records the amount refunded.")})
    elif kind == ResolutionKind.REPAIR:
        if not case.links.filter(doc_type=REPAIR_DOC_TYPE).exists():
            raise CaseError({"kind": _("Open the repair order from this case (or link it) first.")})
        if goodwill:
            roles.require(actor, case.store, "tickets.goodwill_repair")
            resolution.goodwill = True
    elif kind in (ResolutionKind.COMPENSATION, ResolutionKind.VOUCHER):
        resolution.amount = clean_amount(amount, _("The amount"))
        if resolution.amount is None:
            raise CaseError({"amount": _("Give the amount of the compensation or voucher.")})
        resolution.approval_needed = approval_for(resolution.amount)
    if refund_method:
        if refund_method not in RefundMethod.values:
            raise CaseError({"refund_method": _("Choose how the money was paid back.")})
        resolution.refund_method = refund_method
    if resolution.refund_amount is not None and not resolution.refund_method:
        raise CaseError({"refund_method": _("Say how the refund was paid (recorded only; the till pays it).")})
    if override and not resolution.override:
        resolution.override_reason = ""

    if resolution.approval_needed and not may_approve(actor, case, resolution.approval_needed):
        resolution.status = ResolutionStatus.AWAITING_APPROVAL
        resolution.save()
        move(case, to=Status.AWAITING_APPROVAL, actor=actor, now=now, note=resolution.get_kind_display(),
             extra={"expected_by": expected_date or case.expected_by})
        audit.record(actor=actor, kind="case.resolution_proposed", subject=case, new=_summary(resolution))
        return resolution
    if resolution.approval_needed:
        resolution.approved_by, resolution.approved_at = actor, now
    resolution.save()
    audit.record(actor=actor, kind="case.resolution_recorded", subject=case, new=_summary(resolution))
    _resolve(case, resolution, actor=actor, now=now, expected_date=expected_date)
    return resolution


def translation_language() -> str:
    from django.utils.translation import get_language

    return get_language() or "zh-hans"


def _summary(resolution: Resolution) -> dict:
    return {
        "resolution": resolution.kind, "amount": resolution.amount, "refund": resolution.refund_amount,
        "refund_method": resolution.refund_method, "policy_outcome": resolution.policy_outcome,
        "policy_rule": resolution.policy_decision.get("rule_code", "") if resolution.policy_decision else "",
        "override": resolution.override, "override_reason": resolution.override_reason, "goodwill": resolution.goodwill,
        "approval": resolution.approval_needed,
    }


def _resolve(case: Case, resolution: Resolution, *, actor, now: datetime, expected_date: date | None) -> None:
    """The case is resolved: the follow-up call, the rating link and the customer's SMS."""
    from customers.models import FollowUpReason
    from customers.services import followup_create

    from .ratings import rating_url

    move(case, to=Status.RESOLVED, actor=actor, now=now, note=resolution.get_kind_display(),
         extra={"resolved_at": now, "resolution_escalate_at": None, "ack_reminder_at": None, "ack_escalate_at": None})
    if not CaseStep.objects.filter(case=case, step=Step.RESOLVE).exists():
        CaseStep.objects.create(case=case, step=Step.RESOLVE, done_at=now, done_by=actor, note=resolution.get_kind_display())
    followup_create(customer=case.customer, reason=FollowUpReason.AFTER_CASE, due_date=timezone.localdate(now) + timedelta(days=1),
                    store=case.store, source=case, context=_("Case %(number)s (%(kind)s): %(resolution)s") % {
                        "number": case.number, "kind": case.get_kind_display(), "resolution": resolution.get_kind_display()})
    _notify(case, kind="case_resolved", dedupe_key=f"case-resolved:{case.pk}:{resolution.pk}",
            context={"expected_date": expected_date, "rating_url": rating_url(case)})


@transaction.atomic
def resolution_decide(*, resolution_id: int, actor, now: datetime, approve: bool, note: str = "") -> Resolution:
    """A manager (above the store limit) or chain manager (above the chain limit) approves or refuses."""
    resolution = Resolution.objects.select_related("case").get(pk=resolution_id)
    case = lock(resolution.case_id)
    resolution = Resolution.objects.select_for_update().get(pk=resolution_id)
    roles.require(actor, case.store, "tickets.approve")
    if resolution.status != ResolutionStatus.AWAITING_APPROVAL:
        return resolution  # already decided: a second click changes nothing
    if not may_approve(actor, case, resolution.approval_needed):
        raise roles.NotAllowed("tickets.approve", roles.role_in(actor, case.store))
    resolution.approved_by, resolution.approved_at = actor, now
    if approve:
        resolution.status = ResolutionStatus.APPROVED
        resolution.save(update_fields=["status", "approved_by", "approved_at"])
        audit.record(actor=actor, kind="case.resolution_approved", subject=case, new=_summary(resolution), note=note)
        _resolve(case, resolution, actor=actor, now=now, expected_date=case.expected_by)
    else:
        resolution.status = ResolutionStatus.REFUSED
        resolution.save(update_fields=["status", "approved_by", "approved_at"])
        move(case, to=Status.IN_PROGRESS, actor=actor, now=now, note=note)
        audit.record(actor=actor, kind="case.resolution_refused", subject=case, new=_summary(resolution), note=note)
    return resolution
