"""Reads for the outbox pages, the manager's status page and the customer's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from aftersales import clock, roles

from . import kinds, sweeps
from .models import Message, MessageTemplate, Status, SweepRun


def outbox(user, *, status: str = "", kind: str = "", channel: str = "", store_id: int | None = None, q: str = "") -> QuerySet[Message]:
    qs = roles.scoped(Message.objects.all(), user).select_related("store")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if channel:
        qs = qs.filter(channel=channel)
    if store_id:
        qs = qs.filter(store_id=store_id)
    if q:
        qs = qs.filter(Q(to_address__contains=q) | Q(recipient_name__contains=q) | Q(dedupe_key__contains=q))
    return qs.order_by("-created_at", "-pk")


def message_for(user, pk: int) -> Message:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(roles.scoped(Message.objects.select_related("store"), user), pk=pk)


def waiting_counts(user, *, store_ids=None) -> dict[str, int]:
    qs = roles.scoped(Message.objects.filter(status__in=[Status.QUEUED, Status.QUIET, Status.FAILED]), user)
    if store_ids is not None:
        qs = qs.filter(store_id__in=store_ids)
    rows = (
        qs
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = {Status.QUEUED: 0, Status.QUIET: 0, Status.FAILED: 0}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def failures(user, *, store_ids=None, limit: int = 20) -> list[Message]:
    qs = roles.scoped(Message.objects.filter(status=Status.FAILED), user).select_related("store")
    if store_ids is not None:
        qs = qs.filter(store_id__in=store_ids)
    return list(qs.order_by("-created_at", "-pk")[:limit])


# When this process started: a desk started a moment ago has not had time to run its sweeps.
PROCESS_STARTED = clock.now()


@dataclass
class SweepState:
    name: str
    label: str
    last: SweepRun | None
    every: timedelta | None = None  # how often the beat ticks for it (None: not in the schedule)
    next_at: datetime | None = None  # when the next run is due, about
    late: bool = False  # a whole tick was missed: the beat or the workers are not running

    @property
    def every_minutes(self) -> int | None:
        return round(self.every.total_seconds() / 60) if self.every else None


def _periods() -> dict[str, timedelta]:
    out = {}
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        if entry.get("task") == "notifications.run_sweep" and entry.get("args"):
            schedule = entry["schedule"]
            out[entry["args"][0]] = schedule if isinstance(schedule, timedelta) else timedelta(seconds=float(schedule))
    return out


def sweep_states(*, now: datetime) -> list[SweepState]:
    """Every known sweep: its last run, when it runs next, and whether it is really late.

    A sweep that has not run yet is late only when a whole tick (plus a minute) has passed since
    this process started or, if later, since the beat was first seen running (the first run of any
    sweep): an hourly sweep on a desk started ten minutes ago is simply not due yet. A sweep that
    has run is late when it missed a whole tick.
    """
    latest = SweepRun.objects.values("name").annotate(last=Max("pk")).values_list("last", flat=True)
    last_runs = {r.name: r for r in SweepRun.objects.filter(pk__in=list(latest))}
    first_run = SweepRun.objects.order_by("started_at").values_list("started_at", flat=True).first()
    periods = _periods()
    grace = timedelta(minutes=1)
    states = []
    for name, label in [(s.name, str(s.label)) for s in sweeps.registered()] + [(n, n) for n in sorted(set(last_runs) - set(sweeps._registry))]:
        last = last_runs.get(name)
        every = periods.get(name)
        state = SweepState(name, label, last, every)
        if every is not None:
            since = last.started_at if last else max(first_run or PROCESS_STARTED, PROCESS_STARTED)
            state.next_at = since + every
            state.late = now > state.next_at + every + grace if last else now > state.next_at + grace
            if state.late is False and state.next_at < now:
                state.next_at = now  # due now: the next tick picks it up
        states.append(state)
    return states


def templates_overview() -> list[dict]:
    rows = {(t.kind, t.language): t for t in MessageTemplate.objects.select_related("updated_by")}
    out = []
    for kind in kinds.all_kinds():
        for language in kinds.LANGUAGES:
            row = rows.get((kind.code, language))
            default = kind.defaults.get(language, ("", ""))
            out.append({
                "kind": kind,
                "language": language,
                "row": row,
                "subject": row.subject if row else default[0],
                "body": row.body if row else default[1],
                "customised": row is not None and (row.subject, row.body) != tuple(default),
            })
    return out


# --- one recipient's messages (the customers app lists them on the customer's timeline) --------

def messages_to(*, recipient_type: str, recipient_id: int) -> QuerySet[Message]:
    return Message.objects.filter(recipient_type=recipient_type, recipient_id=recipient_id).order_by("-created_at", "-pk")
