"""Reads for the outbox pages, the manager's status page and the customer's timeline."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from aftersales import roles

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


@dataclass
class SweepState:
    name: str
    label: str
    last: SweepRun | None


def sweep_states() -> list[SweepState]:
    """The last run of every known sweep (registered here, or seen running in the database)."""
    latest = SweepRun.objects.values("name").annotate(last=Max("pk")).values_list("last", flat=True)
    last_runs = {r.name: r for r in SweepRun.objects.filter(pk__in=list(latest))}
    states = [SweepState(s.name, str(s.label), last_runs.pop(s.name, None)) for s in sweeps.registered()]
    states += [SweepState(name, name, run) for name, run in sorted(last_runs.items())]
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
