"""Reads for the case pages: always through roles.scoped, with related rows fetched up front."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet

from aftersales import links, roles

from .models import (
    OPEN_STATUSES,
    ActionStatus,
    Case,
    CaseCategory,
    CorrectiveAction,
    Kind,
    Resolution,
    ResolutionStatus,
    RootCause,
    StaffAlert,
    Status,
    Step,
)
from .services.workflow import ALLOWED

VIEWS = ("open", "to_ack", "overdue", "mine", "awaiting", "reopened", "all")


def case_list(*, user, store, now: datetime, view: str = "open", status: str = "", category: str = "", kind: str = "",
              q: str = "") -> QuerySet[Case]:
    qs = roles.scoped(Case.objects.all(), user)
    if store is not None:
        qs = qs.filter(store=store)
    order_by = ["-received_at", "-id"]
    if view == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif view == "to_ack":
        qs = qs.filter(status=Status.RECEIVED)
        order_by = ["ack_due_at", "id"]
    elif view == "overdue":
        # status__in first, so the planner sees the partial index's predicate (case_open_due_idx) implied.
        qs = qs.filter(status__in=OPEN_STATUSES).filter(Q(status=Status.RECEIVED, ack_due_at__lt=now) | Q(resolution_due_at__lt=now))
        order_by = ["resolution_due_at", "id"]
    elif view == "mine":
        qs = qs.filter(assignee=user, status__in=OPEN_STATUSES)
    elif view == "awaiting":
        qs = qs.filter(status=Status.AWAITING_APPROVAL)
    elif view == "reopened":
        qs = qs.filter(status=Status.REOPENED)
    if status and status in Status.values:
        qs = qs.filter(status=status)
    if category.isdigit():
        qs = qs.filter(category_id=int(category))
    if kind and kind in Kind.values:
        qs = qs.filter(kind=kind)
    q = (q or "").strip()
    if q:
        if q.isdigit() and len(q) == 4:
            qs = qs.filter(customer__phone_last4=q)
        else:
            qs = qs.filter(Q(number__iexact=q) | Q(number__istartswith=q) | Q(regulator_number=q) | Q(customer__name__icontains=q))
    return qs.order_by(*order_by)


ROW_FIELDS = ("id", "number", "status", "kind", "channel", "urgency", "received_at", "ack_due_at", "resolution_due_at",
              "regulator_reply_due", "reopen_count", "store_id", "store__code", "customer__id", "customer__name", "customer__phone",
              "category__id", "category__name", "assignee__id", "assignee__username", "assignee__first_name", "assignee__last_name")


def case_rows(ids: list[int]) -> list[Case]:
    """The rows of one page, in the order of `ids`: the page is chosen on the case table alone (an
    OFFSET then skips index entries, not joined rows), and only its 50 rows are joined."""
    found = {c.pk: c for c in Case.objects.filter(pk__in=ids).select_related("customer", "assignee", "category", "store").only(*ROW_FIELDS)}
    return [found[i] for i in ids if i in found]


def queue_counts(*, user, store, now: datetime, with_alerts: bool = False) -> dict[str, int]:
    """What the navigation badge shows, in one query: my open cases, the store's cases to acknowledge, overdue."""
    empty = {"mine": 0, "to_ack": 0, "overdue": 0, "alerts": 0}
    if store is None or not roles.may(user, store, "tickets.view"):
        return empty
    counts = Case.objects.filter(store=store, status__in=OPEN_STATUSES).aggregate(
        mine=Count("id", filter=Q(assignee=user)),
        to_ack=Count("id", filter=Q(status=Status.RECEIVED)),
        overdue=Count("id", filter=Q(status=Status.RECEIVED, ack_due_at__lt=now) | Q(resolution_due_at__lt=now)),
    )
    counts["alerts"] = StaffAlert.objects.filter(user=user, read_at__isnull=True).count() if with_alerts else 0
    return counts


def case_get(*, user, number: str) -> Case:
    # The staff member concerned, the purchase and the root cause are read when set: joined every
    # time, PostgreSQL spent more on planning the nine-table query than on running it.
    return roles.scoped(Case.objects.filter(number=number), user) \
        .select_related("store", "customer", "category", "assignee", "received_by").get()


def steps_of(case: Case) -> list[tuple[str, str, object]]:
    done = {s.step: s for s in case.steps.select_related("done_by")}
    return [(code, label, done.get(code)) for code, label in Step.choices]


def links_of(case: Case) -> list[tuple[object, links.Doc | None]]:
    rows = list(case.links.all())
    described = links.describe([(r.doc_type, r.doc_id) for r in rows])
    return [(r, described.get((r.doc_type, r.doc_id))) for r in rows]


def actions_list(*, user, store, today, view: str = "open") -> QuerySet[CorrectiveAction]:
    qs = roles.scoped(CorrectiveAction.objects.all(), user).select_related("case", "owner", "case__store")
    if store is not None:
        qs = qs.filter(case__store=store)
    if view == "overdue":
        return qs.filter(status=ActionStatus.OPEN, due_date__lt=today).order_by("due_date", "id")
    if view == "verify":
        return qs.filter(status=ActionStatus.DONE).order_by("verify_on", "id")
    if view == "done":
        return qs.filter(status__in=[ActionStatus.VERIFIED, ActionStatus.NOT_EFFECTIVE]).order_by("-verified_at", "-id")
    return qs.filter(status=ActionStatus.OPEN).order_by("due_date", "id")


def pending_approvals(case: Case) -> list[Resolution]:
    return list(case.resolutions.filter(status=ResolutionStatus.AWAITING_APPROVAL))


def alerts_for(user, limit: int = 50) -> list[StaffAlert]:
    return list(StaffAlert.objects.filter(user=user, store_id__in=roles.store_ids(user))
                .select_related("case", "store").order_by("-created_at", "-id")[:limit])


def categories() -> QuerySet[CaseCategory]:
    return CaseCategory.objects.filter(is_active=True)


def root_causes() -> QuerySet[RootCause]:
    return RootCause.objects.filter(is_active=True)


def allowed_moves(case: Case) -> set[str]:
    return ALLOWED.get(case.status, set())
