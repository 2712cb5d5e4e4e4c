"""Closing a case (root cause and corrective action for a justified complaint), reopening it,
and the corrective actions tracked to done and verified after a set number of days (seed 002, step 7)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales import audit, roles
from aftersales.concurrency import check_and_bump

from ..models import ActionStatus, AlertKind, Case, CorrectiveAction, Kind, RootCause, StaffAlert, Status
from .cases import _text, chain_settings, resolution_due
from .errors import CaseError
from .workflow import lock, move


def _clean_action(*, case: Case, what: str, owner, due_date: date | None, today: date) -> dict:
    if not (what or "").strip():
        raise CaseError({"action_what": _("Say what corrective action will be taken.")})
    what = _text(what, _("What will be done"))
    if owner is None:
        raise CaseError({"action_owner": _("Say who will do the corrective action.")})
    if roles.role_in(owner, case.store) is None:
        raise CaseError({"action_owner": _("The person responsible must work in the case's store.")})
    if due_date is None:
        raise CaseError({"action_due": _("Say by when the corrective action will be done.")})
    if due_date < today:
        raise CaseError({"action_due": _("The corrective action cannot be due in the past.")})
    return {"what": what, "owner": owner, "due_date": due_date}


@transaction.atomic
def case_close(
    *,
    case_id: int,
    actor,
    now: datetime,
    justified: bool | None,
    root_cause: RootCause | int | None = None,
    closing_note: str = "",
    action_what: str = "",
    action_owner=None,
    action_due: date | None = None,
    expected_version=None,
) -> Case:
    """Close a resolved (or reopened and reviewed) case. A justified complaint needs a root cause
    from the chain's list and a corrective action (what, who, by when): nothing is saved without them."""
    case = lock(case_id)
    roles.require(actor, case.store, "tickets.close")
    if case.status not in (Status.RESOLVED, Status.REOPENED):
        raise CaseError(_("Only a resolved case can be closed (this one is %(status)s).") % {"status": case.get_status_display()})
    check_and_bump(case, expected_version)
    if case.kind == Kind.COMPLAINT and justified is None:
        raise CaseError({"justified": _("Say whether the complaint was justified.")})
    if root_cause is not None and not isinstance(root_cause, RootCause):
        root_cause = RootCause.objects.filter(pk=root_cause, is_active=True).first()
        if root_cause is None:
            raise CaseError({"root_cause": _("Choose a root cause from the list.")})
    action = None
    if justified:
        if root_cause is None:
            raise CaseError({"root_cause": _("A justified complaint is closed with its root cause.")})
        has_action = case.actions.exists()
        if action_what or action_owner or action_due or not has_action:
            action = _clean_action(case=case, what=action_what, owner=action_owner, due_date=action_due, today=timezone.localdate(now))
    case.version -= 1  # move() bumps it again
    move(case, to=Status.CLOSED, actor=actor, now=now, note=_text(closing_note, _("The closing note")), extra={
        "closed_at": now, "justified": justified, "root_cause": root_cause, "closing_note": _text(closing_note, _("The closing note")),
        "resolution_escalate_at": None,
    })
    if action is not None:
        created = CorrectiveAction.objects.create(case=case, created_by=actor, **action)
        audit.record(actor=actor, kind="case.action_created", subject=case,
                     new={"action": created.pk, "what": created.what, "owner": created.owner_id, "due": created.due_date})
    return case


@transaction.atomic
def case_reopen(*, case_id: int, actor, now: datetime, reason: str, expected_version=None) -> Case:
    """A manager reopens a resolved or closed case; a rating of 1–2 reopens it with actor None."""
    case = lock(case_id)
    if actor is not None:
        roles.require(actor, case.store, "tickets.reopen")
        check_and_bump(case, expected_version)
        case.version -= 1
    reason = _text(reason, _("The reason"), required=True)
    cfg = chain_settings()
    due = max(resolution_due(now, case.urgency, cfg), now + timedelta(hours=1))
    move(case, to=Status.REOPENED, actor=actor, now=now, note=reason, extra={
        "reopen_count": case.reopen_count + 1, "reopened_at": now, "reopen_reason": reason,
        "resolution_due_at": due, "resolution_escalate_at": due, "resolution_escalated_at": None,
    })
    managers = _managers(case)
    StaffAlert.objects.bulk_create([
        StaffAlert(user_id=uid, store=case.store, case=case, kind=AlertKind.REOPENED, created_at=now,
                   dedupe_key=f"case-reopened:{case.pk}:{case.reopen_count}:{uid}")
        for uid in managers
    ], ignore_conflicts=True)
    return case


def _managers(case: Case) -> list[int]:
    from aftersales.models import Role, StaffMembership

    return list(StaffMembership.objects.filter(store=case.store, role=Role.MANAGER, user__is_active=True)
                .values_list("user_id", flat=True).distinct())


# --- corrective actions --------------------------------------------------------------------

def _lock_action(action_id: int) -> tuple[CorrectiveAction, Case]:
    action = CorrectiveAction.objects.select_related("case").get(pk=action_id)
    case = lock(action.case_id)
    return CorrectiveAction.objects.select_for_update().get(pk=action_id), case


@transaction.atomic
def action_create(*, case_id: int, actor, now: datetime, what: str, owner, due_date: date | None) -> CorrectiveAction:
    case = lock(case_id)
    roles.require(actor, case.store, "tickets.actions")
    data = _clean_action(case=case, what=what, owner=owner, due_date=due_date, today=timezone.localdate(now))
    action = CorrectiveAction.objects.create(case=case, created_by=actor, **data)
    audit.record(actor=actor, kind="case.action_created", subject=case,
                 new={"action": action.pk, "what": action.what, "owner": action.owner_id, "due": action.due_date})
    return action


@transaction.atomic
def action_done(*, action_id: int, actor, now: datetime, note: str, expected_version=None) -> CorrectiveAction:
    action, case = _lock_action(action_id)
    roles.require(actor, case.store, "tickets.actions")
    if action.status != ActionStatus.OPEN:
        return action  # already done: a second click changes nothing
    check_and_bump(action, expected_version)
    action.status = ActionStatus.DONE
    action.done_at, action.done_by = now, actor
    action.done_note = _text(note, _("What was done"), required=True)
    action.verify_on = timezone.localdate(now) + timedelta(days=chain_settings().verify_after_days)
    action.save()
    audit.record(actor=actor, kind="case.action_done", subject=case, new={"action": action.pk, "verify_on": action.verify_on},
                 note=action.done_note)
    return action


@transaction.atomic
def action_verify(*, action_id: int, actor, now: datetime, effective: bool, note: str, expected_version=None) -> CorrectiveAction:
    """"Did it work?": a manager answers once the set number of days has passed since it was done."""
    action, case = _lock_action(action_id)
    roles.require(actor, case.store, "tickets.verify_action")
    if action.status in (ActionStatus.VERIFIED, ActionStatus.NOT_EFFECTIVE):
        return action
    if action.status != ActionStatus.DONE:
        raise CaseError(_("The action is not done yet: it is verified after it is done."))
    if timezone.localdate(now) < action.verify_on:
        raise CaseError(_("Verify it on or after %(date)s: it needs time to show whether it worked.") % {"date": action.verify_on.isoformat()})
    check_and_bump(action, expected_version)
    action.status = ActionStatus.VERIFIED if effective else ActionStatus.NOT_EFFECTIVE
    action.verified_at, action.verified_by = now, actor
    action.verification_note = _text(note, _("The verification note"), required=True)
    action.save()
    audit.record(actor=actor, kind="case.action_verified", subject=case, new={"action": action.pk, "effective": effective},
                 note=action.verification_note)
    return action
