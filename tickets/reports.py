"""The complaint report (the design card's report) and the cases' board tiles, registered with
the core (aftersales.reports.registry). Every figure is an aggregate in SQL; the median and 90th
percentile of resolution times use PostgreSQL's percentile_cont (SQLite, in tests, reads the
durations of the period and takes the same percentiles in Python)."""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from aftersales.reports import registry
from aftersales.reports.query import ReportQuery, month_label
from aftersales.reports.registry import DECIMAL, INT, PCT, TEXT, Column, Figure, Records, Result, Table, Tile
from aftersales.reports.registry import Count as TileCount
from customers.models import Customer

from .models import (
    OPEN_STATUSES,
    ActionStatus,
    Case,
    CaseCategory,
    Channel,
    CorrectiveAction,
    Kind,
    Rating,
    RootCause,
    Status,
    Urgency,
)

# --- the board ------------------------------------------------------------------------------

def _cases_list(store_id, **params) -> str:
    return f"{reverse('tickets:reported')}?{urlencode({'store': store_id, 'kinds': 'all', **params})}"


def tile_counts(store_ids: list[int], now: datetime) -> dict:
    cases = Case.objects.filter(store_id__in=store_ids).order_by()
    to_ack = cases.filter(status=Status.RECEIVED).values("store_id").annotate(
        n=Count("id"), late=Count("id", filter=Q(ack_due_at__lt=now)))
    past = cases.filter(status__in=OPEN_STATUSES, resolution_due_at__lt=now).values("store_id").annotate(n=Count("id"))
    today = timezone.localdate(now)
    actions = (CorrectiveAction.objects.filter(case__store_id__in=store_ids).order_by()
               .filter(Q(status=ActionStatus.OPEN, due_date__lte=today) | Q(status=ActionStatus.DONE, verify_on__lte=today))
               .values("case__store_id").annotate(n=Count("id")))
    return {
        "cases.to_ack": {r["store_id"]: TileCount(r["n"], _("%(late)s late") % {"late": r["late"]} if r["late"] else "", worst=bool(r["late"]))
                         for r in to_ack},
        "cases.past_target": {r["store_id"]: TileCount(r["n"], worst=True) for r in past},
        "cases.actions_due": {r["case__store_id"]: TileCount(r["n"]) for r in actions},
    }


TILES = registry.TileGroup(key="cases", counts=tile_counts, tiles=(
    Tile(key="cases.to_ack", label=_lazy("Cases to acknowledge"), url=lambda s: _cases_list(s, view="to_ack"), order=60, alarm=True),
    Tile(key="cases.past_target", label=_lazy("Cases past their target"), url=lambda s: _cases_list(s, view="past_target"),
         audience=registry.MANAGER, order=130, alarm=True),
    Tile(key="cases.actions_due", label=_lazy("Corrective actions due"), url=lambda s: _cases_list(s, view="actions_due"),
         audience=registry.MANAGER, order=140),
))


# --- filters shared by the report and the list behind it ----------------------------------

def filter_choices() -> dict[str, list[tuple[str, str]]]:
    return {
        "category": list(CaseCategory.objects.filter(is_active=True).order_by("sort", "name").values_list("code", "name")),
        "channel": [(k, str(v)) for k, v in Channel.choices],
        "urgency": [(k, str(v)) for k, v in Urgency.choices],
    }


def complaints(*, store_ids, start_at=None, end_at=None, category: str = "", channel: str = "", urgency: str = ""):
    qs = Case.objects.filter(store_id__in=store_ids, kind=Kind.COMPLAINT)
    if start_at is not None:
        qs = qs.filter(received_at__gte=start_at)
    if end_at is not None:
        qs = qs.filter(received_at__lt=end_at)
    if category:
        qs = qs.filter(category__code=category)
    if channel:
        qs = qs.filter(channel=channel)
    if urgency:
        qs = qs.filter(urgency=urgency)
    return qs


def drill(qs, params, *, now: datetime, show_staff: bool):
    """The extra narrowing a report link carries (one bar or row): the same in the list and the figure."""
    view = params.get("view", "")
    if view == "to_ack":
        qs = qs.filter(status=Status.RECEIVED)
    elif view == "past_target":
        qs = qs.filter(status__in=OPEN_STATUSES, resolution_due_at__lt=now)
    elif view == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif view == "ack_on_time":
        qs = qs.filter(acknowledged_at__isnull=False, acknowledged_at__lte=F("ack_due_at"))
    elif view == "actions_due":
        today = timezone.localdate(now)
        qs = qs.filter(Q(actions__status=ActionStatus.OPEN, actions__due_date__lte=today)
                       | Q(actions__status=ActionStatus.DONE, actions__verify_on__lte=today)).distinct()
    elif view == "reopened":
        qs = qs.filter(reopen_count__gt=0)
    if params.get("root_cause"):
        qs = qs.filter(root_cause__code=params["root_cause"], justified=True)
    if params.get("rating", "").isdigit():
        qs = qs.filter(rating__score=int(params["rating"]))
    if params.get("customer", "").isdigit():
        qs = qs.filter(customer_id=int(params["customer"]))
    if params.get("action"):
        qs = qs.filter(actions__status=params["action"]).distinct()
    if show_staff and params.get("staff", "").isdigit():
        qs = qs.filter(staff_concerned_id=int(params["staff"]))
    return qs


# --- the report -----------------------------------------------------------------------------

def _share(part: int, whole: int):
    return round(Decimal(part) / Decimal(whole), 4) if whole else None


def _percentiles(qs, fractions=(0.5, 0.9)) -> list[Decimal | None]:
    """Percentiles of (resolved_at − received_at) in days over resolved cases of `qs`."""
    resolved = qs.filter(resolved_at__isnull=False)
    if connection.vendor == "postgresql":
        # The durations straight from the report index (no second pass over the cases by id).
        days = RawSQL('EXTRACT(EPOCH FROM ("tickets_case"."resolved_at" - "tickets_case"."received_at")) / 86400.0', [])
        sql, params = resolved.order_by().annotate(d=days).values("d").query.sql_with_params()
        parts = ", ".join(f"percentile_cont({f}) WITHIN GROUP (ORDER BY t.d)" for f in fractions)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {parts} FROM ({sql}) AS t", params)
            row = cursor.fetchone()
        return [None if v is None else round(Decimal(str(v)), 1) for v in row]
    days = sorted((r - c).total_seconds() / 86400 for c, r in resolved.values_list("received_at", "resolved_at"))
    return [None if not days else round(Decimal(str(_interpolate(days, f))), 1) for f in fractions]


def _interpolate(values: list[float], fraction: float) -> float:
    """percentile_cont: linear interpolation between the closest ranks."""
    position = fraction * (len(values) - 1)
    low, high = math.floor(position), math.ceil(position)
    return values[low] + (values[high] - values[low]) * (position - low)


def build(query: ReportQuery) -> Result:
    base = reverse("tickets:reported")
    now = query.now
    qs = complaints(store_ids=query.store_ids, start_at=query.start_at, end_at=query.end_at, **query.filters).order_by()
    totals = qs.aggregate(
        received=Count("id"),
        ack_on_time=Count("id", filter=Q(acknowledged_at__isnull=False, acknowledged_at__lte=F("ack_due_at"))),
        resolved=Count("id", filter=Q(resolved_at__isnull=False)),
        on_target=Count("id", filter=Q(resolved_at__isnull=False, resolved_at__lte=F("resolution_due_at"))),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, resolution_due_at__lt=now)),
        reopened=Count("id", filter=Q(reopen_count__gt=0)),
    )
    median, p90 = _percentiles(qs)
    ratings = Rating.objects.filter(case__in=qs).order_by()
    dist = dict(ratings.values_list("score").annotate(n=Count("id")).order_by())
    rated = sum(dist.values())
    rating = {"avg": sum(score * n for score, n in dist.items()) / rated if rated else None}
    figures = [
        Figure(_("Complaints received"), totals["received"], url=query.list_url(base)),
        Figure(_("Acknowledged within 24 hours"), _share(totals["ack_on_time"], totals["received"]), PCT,
               url=query.list_url(base, view="ack_on_time")),
        Figure(_("Resolution time, median (days)"), median, DECIMAL),
        Figure(_("Resolution time, 90th percentile (days)"), p90, DECIMAL),
        Figure(_("Resolved within the target"), _share(totals["on_target"], totals["resolved"]), PCT),
        Figure(_("Open"), totals["open"], url=query.list_url(base, view="open")),
        Figure(_("Overdue (open past the target)"), totals["overdue"], url=query.list_url(base, view="past_target")),
        Figure(_("Average satisfaction (1–5)"), round(Decimal(str(rating["avg"])), 2) if rating["avg"] is not None else None, DECIMAL),
        Figure(_("Reopen rate"), _share(totals["reopened"], totals["resolved"]), PCT, url=query.list_url(base, view="reopened")),
    ]
    tables = [_by_month(query, qs, base), *_by_dimensions(query, qs, base), _pareto(query, qs, base), _actions(query, qs, base),
              _satisfaction(query, dist, base), _repeat(query, qs, base)]
    if query.show_staff:
        tables.append(_staff(query, qs, base))
    return Result(figures=figures, tables=tables)


def _by_month(query, qs, base) -> Table:
    tz = timezone.get_current_timezone()
    found = {}
    for row in qs.annotate(month=TruncMonth("received_at", tzinfo=tz)).values("month").annotate(
            n=Count("id"), on_time=Count("id", filter=Q(acknowledged_at__isnull=False, acknowledged_at__lte=F("ack_due_at")))):
        found[row["month"].date() if hasattr(row["month"], "date") else row["month"]] = row
    rows = []
    for month in query.months():
        row = found.get(month, {})
        first, last = query.month_range(month)
        rows.append({"month": month_label(month), "complaints": row.get("n", 0), "ack": _share(row.get("on_time", 0), row.get("n", 0)),
                     "_url": query.list_url(base, day_from=first, day_to=last)})
    return Table("by_month", _("Complaints per month"), [Column("month", _("Month"), TEXT), Column("complaints", _("Complaints")),
                 Column("ack", _("Acknowledged within 24 hours"), PCT)], rows, series=("complaints", "ack"))


def _by_dimensions(query, qs, base) -> list[Table]:
    tables = []
    # Grouped by id (read from the report index, no join); the chain's short lists give the names.
    names = {pk: (code, name) for pk, code, name in CaseCategory.objects.values_list("pk", "code", "name")}
    cats = qs.values("category_id").annotate(n=Count("id")).order_by("-n", "category_id")
    tables.append(Table("by_category", _("By category"), [Column("category", _("Category"), TEXT), Column("complaints", _("Complaints"))],
                        [{"category": names[r["category_id"]][1], "code": names[r["category_id"]][0], "complaints": r["n"],
                          "_url": query.list_url(base, category=names[r["category_id"]][0])} for r in cats]))
    channels = dict(Channel.choices)
    chans = qs.values("channel").annotate(n=Count("id")).order_by("-n", "channel")
    tables.append(Table("by_channel", _("By channel"), [Column("channel", _("Channel"), TEXT), Column("complaints", _("Complaints"))],
                        [{"channel": str(channels.get(r["channel"], r["channel"])), "complaints": r["n"],
                          "_url": query.list_url(base, channel=r["channel"])} for r in chans], chart="pie"))
    if len(query.stores) > 1:
        stores = {s.pk: s for s in query.stores}
        by_store = qs.values("store_id").annotate(n=Count("id"), overdue=Count("id", filter=Q(
            status__in=OPEN_STATUSES, resolution_due_at__lt=query.now))).order_by("-n")
        rows = []
        for r in by_store:
            params = query.list_params()
            params["store"] = r["store_id"]
            rows.append({"store": stores[r["store_id"]].name, "complaints": r["n"], "overdue": r["overdue"],
                         "_url": f"{base}?{urlencode(params)}"})
        tables.append(Table("by_store", _("By store"), [Column("store", _("Store"), TEXT), Column("complaints", _("Complaints")),
                            Column("overdue", _("Overdue"))], rows, series=("complaints", "overdue")))
    return tables


def _pareto(query, qs, base) -> Table:
    names = {pk: (code, name) for pk, code, name in RootCause.objects.values_list("pk", "code", "name")}
    causes = list(qs.filter(justified=True, root_cause__isnull=False).values("root_cause_id").annotate(n=Count("id")).order_by("-n", "root_cause_id"))
    total = sum(r["n"] for r in causes)
    rows, running = [], 0
    for r in causes:
        running += r["n"]
        code, name = names[r["root_cause_id"]]
        rows.append({"cause": name, "complaints": r["n"], "cumulative": _share(running, total), "_url": query.list_url(base, root_cause=code)})
    return Table("root_causes", _("Root causes of justified complaints (Pareto)"), [
        Column("cause", _("Root cause"), TEXT), Column("complaints", _("Complaints")), Column("cumulative", _("Cumulative share"), PCT)],
        rows, series=("complaints", "cumulative"), note=_("Largest first; the line is the running share of all justified complaints."))


def _actions(query, qs, base) -> Table:
    today = query.today
    actions = CorrectiveAction.objects.filter(case__in=qs).order_by()
    counts = actions.aggregate(
        open=Count("id", filter=Q(status=ActionStatus.OPEN)),
        overdue=Count("id", filter=Q(status=ActionStatus.OPEN, due_date__lt=today)),
        done=Count("id", filter=Q(status=ActionStatus.DONE)),
        verified=Count("id", filter=Q(status=ActionStatus.VERIFIED)),
        not_effective=Count("id", filter=Q(status=ActionStatus.NOT_EFFECTIVE)),
    )
    labels = [("open", _("Open"), ActionStatus.OPEN), ("overdue", _("Overdue"), ActionStatus.OPEN),
              ("done", _("Done, awaiting verification"), ActionStatus.DONE), ("verified", _("Verified: it worked"), ActionStatus.VERIFIED),
              ("not_effective", _("Verified: it did not work"), ActionStatus.NOT_EFFECTIVE)]
    rows = [{"state": str(label), "actions": counts[key], "_url": query.list_url(base, action=status)} for key, label, status in labels]
    return Table("actions", _("Corrective actions"), [Column("state", _("State"), TEXT), Column("actions", _("Actions"))], rows)


def _satisfaction(query, dist: dict, base) -> Table:
    rows = [{"score": str(score), "ratings": dist.get(score, 0), "_url": query.list_url(base, rating=score)} for score in range(1, 6)]
    return Table("satisfaction", _("Satisfaction ratings (1–5)"), [Column("score", _("Rating"), TEXT), Column("ratings", _("Ratings"))], rows)


def _repeat(query, qs, base) -> Table:
    repeat = list(qs.values("customer_id").annotate(n=Count("id")).filter(n__gte=2).order_by("-n", "customer_id")[:20])
    names = dict(Customer.objects.filter(pk__in=[r["customer_id"] for r in repeat]).values_list("pk", "name"))
    rows = [{"customer": _mask(names.get(r["customer_id"], "")), "complaints": r["n"], "_url": query.list_url(base, customer=r["customer_id"])}
            for r in repeat]
    return Table("repeat", _("Repeat complainants (two or more in the period)"), [Column("customer", _("Customer"), TEXT),
                 Column("complaints", _("Complaints"))], rows, chart=None)


def _mask(name: str) -> str:
    return (name[:1] + "*" * max(len(name) - 1, 1)) if name else "—"


def _staff(query, qs, base) -> Table:
    rows = []
    for r in (qs.filter(staff_concerned__isnull=False).values("staff_concerned_id", "staff_concerned__username", "staff_concerned__first_name",
                                                                "staff_concerned__last_name").annotate(n=Count("id")).order_by("-n")):
        name = f"{r['staff_concerned__last_name']}{r['staff_concerned__first_name']}".strip() or r["staff_concerned__username"]
        rows.append({"staff": name, "complaints": r["n"], "_url": query.list_url(base, staff=r["staff_concerned_id"])})
    return Table("staff", _("By staff member concerned (managers only)"), [Column("staff", _("Staff member"), TEXT),
                 Column("complaints", _("Complaints"), INT)], rows)


def records(query: ReportQuery) -> Records:
    statuses, channels, urgencies = dict(Status.choices), dict(Channel.choices), dict(Urgency.choices)
    columns = [Column("number", _("Case"), TEXT), Column("store", _("Store"), TEXT), Column("received", _("Received"), TEXT),
               Column("channel", _("Channel"), TEXT), Column("category", _("Category"), TEXT), Column("urgency", _("Urgency"), TEXT),
               Column("status", _("Status"), TEXT), Column("acknowledged", _("Acknowledged"), TEXT), Column("resolved", _("Resolved"), TEXT),
               Column("reopened", _("Times reopened"))]
    qs = complaints(store_ids=query.store_ids, start_at=query.start_at, end_at=query.end_at, **query.filters)
    rows = qs.order_by("received_at", "id").values_list("number", "store__code", "received_at", "channel", "category__name", "urgency",
                                                        "status", "acknowledged_at", "resolved_at", "reopen_count").iterator(chunk_size=2000)
    return Records(columns, ((n, s, r, str(channels.get(c, c)), cat, str(urgencies.get(u, u)), str(statuses.get(st, st)), a, rs, ro)
                             for n, s, r, c, cat, u, st, a, rs, ro in rows))


REPORT = registry.Report(key="complaints", title=_lazy("Complaints"), build=build, records=records, order=10,
                         filters=("category", "channel", "urgency"), choices=filter_choices,
                         description=_lazy("Volume, the 24-hour acknowledgement, resolution times against the target, root causes, "
                                           "corrective actions, repeat complainants and satisfaction."))
