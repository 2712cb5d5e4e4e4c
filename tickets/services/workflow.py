"""The case's life: an explicit map of allowed moves; every move locks the row and writes an event."""

from __future__ import annotations

from aftersales import audit

from ..models import Case, Status
from .errors import IllegalTransition

S = Status
ALLOWED: dict[str, set[str]] = {
    S.RECEIVED: {S.ACKNOWLEDGED, S.CANCELLED},
    S.ACKNOWLEDGED: {S.IN_PROGRESS, S.AWAITING_APPROVAL, S.RESOLVED, S.CANCELLED},
    S.IN_PROGRESS: {S.AWAITING_APPROVAL, S.RESOLVED, S.CANCELLED},
    S.AWAITING_APPROVAL: {S.RESOLVED, S.IN_PROGRESS},
    S.RESOLVED: {S.CLOSED, S.REOPENED},
    # A low rating (or the manager) reopens; it is handled again and resolved anew.
    S.REOPENED: {S.IN_PROGRESS, S.AWAITING_APPROVAL, S.RESOLVED, S.CLOSED},
    S.CLOSED: {S.REOPENED},
    S.CANCELLED: set(),
}


def can_move(case: Case, to: str) -> bool:
    return to in ALLOWED.get(case.status, set())


def lock(case_id: int) -> Case:
    # OF self: the case's row only, not its store's, customer's and category's (see repairs' lock).
    return Case.objects.select_for_update(of=("self",)).select_related("store", "customer", "category").get(pk=case_id)


def bump(case: Case, fields: list[str] | None = None) -> None:
    case.version += 1
    case.save(update_fields=["version", *(fields or [])])


def move(case: Case, *, to: str, actor, now, note: str = "", extra: dict | None = None) -> Case:
    """Guard, save and record one move of a locked case."""
    if case.status == to:
        return case
    if not can_move(case, to):
        raise IllegalTransition(number=case.number, current=case.get_status_display(), target=Status(to).label)
    old = {"status": case.status}
    case.status = to
    case.status_changed_at = now
    fields = ["status", "status_changed_at", "version"]
    for name, value in (extra or {}).items():
        setattr(case, name, value)
        fields.append(name)
    case.version += 1
    case.save(update_fields=fields)
    audit.record(actor=actor, kind=f"case.{to}", subject=case, old=old, new={"status": to, **(extra or {})}, note=note)
    return case
