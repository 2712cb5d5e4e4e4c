"""Follow-up calls on the board and in the reports (registered with aftersales.reports)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from aftersales.reports import registry
from aftersales.reports.query import ReportQuery, month_label
from aftersales.reports.registry import DECIMAL, PCT, TEXT, Column, Figure, Records, Result, Table, Tile
from aftersales.reports.registry import Count as TileCount

from . import selectors
from .models import FollowUp, FollowUpCall, FollowUpReason, FollowUpStatus


def tile_counts(store_ids: list[int], now: datetime) -> dict:
    today = timezone.localdate(now)
    # The same calls as the counter's call list (selectors.call_list), for every store at once.
    qs = FollowUp.objects.filter(store_id__in=store_ids, status=FollowUpStatus.DUE).filter(
        Q(next_try_on__lte=today) | Q(next_try_on__isnull=True, due_date__lte=today))
    rows = selectors.followups_allowed(qs).order_by().values("store_id").annotate(n=Count("id"))
    return {"followups.due": {r["store_id"]: TileCount(r["n"]) for r in rows}}


TILES = registry.TileGroup(key="followups", counts=tile_counts, tiles=(
    Tile(key="followups.due", label=_lazy("Follow-up calls due"),
         url=lambda s: f"{reverse('customers:followups')}?{urlencode({'store': s})}", order=50),
))


STATUSES = (FollowUpStatus.DUE, FollowUpStatus.DONE, FollowUpStatus.UNREACHABLE, FollowUpStatus.DECLINED)


def _period(query: ReportQuery):
    return FollowUp.objects.filter(store_id__in=query.store_ids, due_date__gte=query.start, due_date__lt=query.end)


def build(query: ReportQuery) -> Result:
    base = reverse("customers:followups")
    calls = _period(query).order_by()
    labels = dict(FollowUpStatus.choices)
    totals = calls.aggregate(**{s: Count("id", filter=Q(status=s)) for s in STATUSES})
    figures = [Figure(labels[s], totals[s], url=query.list_url(base, status=s)) for s in STATUSES]
    done_or_not = totals[FollowUpStatus.DONE] + totals[FollowUpStatus.UNREACHABLE] + totals[FollowUpStatus.DECLINED]
    figures.append(Figure(_("Reached"), round(Decimal(totals[FollowUpStatus.DONE]) / done_or_not, 4) if done_or_not else None, PCT))
    monthly = {r["month"]: r for r in calls.annotate(month=TruncMonth("due_date")).values("month").annotate(
        **{s: Count("id", filter=Q(status=s)) for s in STATUSES})}
    rows = []
    for month in query.months():
        row = monthly.get(month, {})
        first, last = query.month_range(month)
        rows.append({"month": month_label(month), **{s: row.get(s, 0) for s in STATUSES},
                     "_url": query.list_url(base, day_from=first, day_to=last, status=FollowUpStatus.DONE)})
    by_month = Table("by_month", _("Follow-up calls per month (by due date)"),
                     [Column("month", _("Month"), TEXT), *[Column(s, labels[s]) for s in STATUSES]], rows,
                     series=tuple(STATUSES), stack=True)
    reasons = dict(FollowUpReason.choices)
    sat = (FollowUpCall.objects.filter(followup__in=calls, satisfaction__isnull=False).order_by()
           .values("followup__reason").annotate(n=Count("id"), avg=Avg("satisfaction")).order_by("followup__reason"))
    sat_rows = [{"reason": str(reasons.get(r["followup__reason"], r["followup__reason"])), "calls": r["n"],
                 "average": round(Decimal(str(r["avg"])), 2) if r["avg"] is not None else None,
                 "_url": query.list_url(base, status=FollowUpStatus.DONE, reason=r["followup__reason"])} for r in sat]
    by_reason = Table("satisfaction", _("Satisfaction by reason (1–5)"), [
        Column("reason", _("Reason"), TEXT), Column("calls", _("Rated calls")), Column("average", _("Average"), DECIMAL)],
        sat_rows, series=("average",))
    return Result(figures=figures, tables=[by_month, by_reason])


def records(query: ReportQuery) -> Records:
    labels, reasons = dict(FollowUpStatus.choices), dict(FollowUpReason.choices)
    columns = [Column("due", _("Due"), TEXT), Column("store", _("Store"), TEXT), Column("reason", _("Reason"), TEXT),
               Column("status", _("Status"), TEXT), Column("attempts", _("Attempts"))]
    rows = _period(query).order_by("due_date", "id").values_list("due_date", "store__code", "reason", "status", "attempts").iterator(chunk_size=2000)
    return Records(columns, ((d, s, str(reasons.get(r, r)), str(labels.get(st, st)), a) for d, s, r, st, a in rows))


REPORT = registry.Report(key="followups", title=_lazy("Follow-up calls"), build=build, records=records, order=30,
                         description=_lazy("Calls due, done, unreachable and declined; satisfaction by reason."))
