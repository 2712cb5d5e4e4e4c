"""Escalation of cases, on the sweep framework (aftersales.notifications.sweeps).

Due times live on the case: `ack_reminder_at` (remind the assignee before the 24 hours end),
`ack_escalate_at` (not acknowledged in time: the store's managers), `resolution_escalate_at`
(the resolution target passed: the chain managers). Beat ticks every few minutes; each sweep
selects what is due, writes one StaffAlert per person with a unique dedupe key (the proof that
nobody is told twice, even by two workers), records one event per case, and empties the due time
so the case leaves the sweep. Queries per batch are constant: one select of people, one insert of
alerts, one insert of events, one update.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db.models import QuerySet

from aftersales import fastinsert
from aftersales.models import Event, Role, StaffMembership

from ..models import OPEN_STATUSES, AlertKind, Case, StaffAlert, Status

SUBJECT = "tickets.case"


def reminders_due(now: datetime) -> QuerySet[Case]:
    return Case.objects.filter(ack_reminder_at__lte=now, status=Status.RECEIVED).order_by("ack_reminder_at", "id")


def ack_overdue_due(now: datetime) -> QuerySet[Case]:
    # Strictly after the due time: acknowledged at 24:00 exactly is on time (seed 001).
    return Case.objects.filter(ack_escalate_at__lt=now, status=Status.RECEIVED).order_by("ack_escalate_at", "id")


def resolution_overdue_due(now: datetime) -> QuerySet[Case]:
    return Case.objects.filter(resolution_escalate_at__lt=now, status__in=OPEN_STATUSES).order_by("resolution_escalate_at", "id")


def _alerts(rows, recipients: dict[int, list[int]], *, kind: str, key: str, now: datetime) -> None:
    """One INSERT of alerts (a second run's duplicates are dropped by the unique key) and one of events."""
    alerts, events = [], []
    for case in rows:
        users = recipients.get(case.pk, [])
        for uid in users:
            alerts.append((uid, case.store_id, case.pk, kind, f"{key}:{case.pk}:{uid}", now))
        events.append((now, case.store_id, f"case.{kind}", SUBJECT, case.pk, {}, {"alerted": users}, ""))
    fastinsert.insert(StaffAlert, ["user_id", "store_id", "case_id", "kind", "dedupe_key", "created_at"], alerts, ignore_conflicts=True)
    fastinsert.insert(Event, ["created_at", "store_id", "kind", "subject_type", "subject_id", "old", "new", "note"], events,
                      json_columns=("old", "new"))


def send_reminders(rows: list[Case], *, now: datetime) -> int:
    recipients = {c.pk: [c.assignee_id or c.received_by_id] for c in rows if (c.assignee_id or c.received_by_id)}
    # The key names the due time: a case whose acknowledgement deadline moves is reminded again.
    by_due = defaultdict(list)
    for case in rows:
        by_due[case.ack_due_at.isoformat()].append(case)
    for due, cases in by_due.items():
        _alerts(cases, recipients, kind=AlertKind.ACK_REMINDER, key=f"case-ack-reminder:{due}", now=now)
    Case.objects.filter(pk__in=[c.pk for c in rows]).update(ack_reminder_at=None)
    return len(rows)


def escalate_ack(rows: list[Case], *, now: datetime) -> int:
    managers = defaultdict(list)
    for store_id, uid in StaffMembership.objects.filter(store_id__in={c.store_id for c in rows}, role=Role.MANAGER,
                                                        user__is_active=True).values_list("store_id", "user_id"):
        managers[store_id].append(uid)
    _alerts(rows, {c.pk: managers[c.store_id] for c in rows}, kind=AlertKind.ACK_OVERDUE, key="case-ack-overdue", now=now)
    Case.objects.filter(pk__in=[c.pk for c in rows]).update(ack_escalate_at=None, ack_escalated_at=now)
    return len(rows)


def escalate_resolution(rows: list[Case], *, now: datetime) -> int:
    chain = sorted(set(StaffMembership.objects.filter(role=Role.CHAIN_MANAGER, user__is_active=True).values_list("user_id", flat=True)))
    # A reopened case has a new target: its key carries the reopen count.
    by_round = defaultdict(list)
    for case in rows:
        by_round[case.reopen_count].append(case)
    for round_, cases in by_round.items():
        _alerts(cases, {c.pk: chain for c in cases}, kind=AlertKind.RESOLUTION_OVERDUE, key=f"case-resolution-overdue:{round_}", now=now)
    Case.objects.filter(pk__in=[c.pk for c in rows]).update(resolution_escalate_at=None, resolution_escalated_at=now)
    return len(rows)
