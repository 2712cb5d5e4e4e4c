"""The repairs' board tiles and report, registered with the core (aftersales.reports.registry).

Every figure is one aggregate query in SQL (GROUP BY store, month, technician, rule); the page
never loops over orders.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import CharField, Count, DecimalField, ExpressionWrapper, F, Max, Min, Q, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from aftersales.models import User
from aftersales.policy.deadlines import add_months
from aftersales.reports import registry
from aftersales.reports.query import ReportQuery, month_label
from aftersales.reports.registry import INT, MONEY, PCT, TEXT, Column, Figure, Records, Result, Table, Tile
from aftersales.reports.registry import Count as TileCount

from .models import (
    OPEN_STATUSES,
    CustodyMove,
    Location,
    PolicyCostMonth,
    RepairItem,
    RepairJob,
    RepairOrder,
    RollupMark,
    Status,
)
from .selectors import weight_to_approve


def _list(store_id, **params) -> str:
    return f"{reverse('repairs:index')}?{urlencode({'store': store_id, **params})}"


def _by_store(qs, **extra) -> dict[int, dict]:
    return {row["store_id"]: row for row in qs.order_by().values("store_id").annotate(n=Count("id"), **extra)}


def tile_counts(store_ids: list[int], now: datetime) -> dict[str, dict[int, TileCount]]:
    today = timezone.localdate(now)
    start = timezone.make_aware(datetime.combine(today, time.min))
    orders = RepairOrder.objects.filter(store_id__in=store_ids)
    out: dict[str, dict[int, TileCount]] = {}
    out["repairs.today"] = {k: TileCount(v["n"]) for k, v in _by_store(orders.filter(received_at__gte=start)).items()}
    out["repairs.awaiting"] = {k: TileCount(v["n"]) for k, v in _by_store(orders.filter(status=Status.AWAITING_APPROVAL)).items()}
    ready = {}
    for k, v in _by_store(orders.filter(status=Status.READY), oldest=Min("ready_at")).items():
        days = (today - timezone.localdate(v["oldest"])).days if v["oldest"] else 0
        ready[k] = TileCount(v["n"], _("oldest: %(days)s days") % {"days": days})
    out["repairs.ready"] = ready
    out["repairs.overdue"] = {k: TileCount(v["n"], worst=True) for k, v in
                              _by_store(orders.filter(status__in=OPEN_STATUSES, promised_date__lt=today)).items()}
    weights = (weight_to_approve().filter(order__store_id__in=store_ids, order__status=Status.QUALITY_CHECK).order_by()
               .values("order__store_id").annotate(n=Count("order_id", distinct=True)))
    out["repairs.weight"] = {row["order__store_id"]: TileCount(row["n"]) for row in weights}
    out["repairs.decide"] = {k: TileCount(v["n"]) for k, v in
                             _by_store(orders.filter(status=Status.UNCLAIMED, unclaimed_decision="")).items()}
    return out


TILES = registry.TileGroup(key="repairs", counts=tile_counts, tiles=(
    Tile(key="repairs.today", label=_lazy("Today's intake"), url=lambda s: _list(s, view="today"), order=10),
    Tile(key="repairs.awaiting", label=_lazy("Awaiting the customer's approval"), url=lambda s: _list(s, view="awaiting"), order=20),
    Tile(key="repairs.ready", label=_lazy("Ready, not collected"), url=lambda s: _list(s, view="ready"), order=30),
    Tile(key="repairs.overdue", label=_lazy("Overdue against the promised date"), url=lambda s: _list(s, view="overdue"), order=40, alarm=True),
    Tile(key="repairs.weight", label=_lazy("Weight differences to approve"), url=lambda s: _list(s, view="weight"),
         audience=registry.MANAGER, order=110, alarm=True),
    Tile(key="repairs.decide", label=_lazy("Unclaimed orders to decide"), url=lambda s: _list(s, view="decide"),
         audience=registry.MANAGER, order=120),
))


# --- the report -----------------------------------------------------------------------------

def _share(part: int, whole: int):
    return round(Decimal(part) / Decimal(whole), 4) if whole else None


def _period(query: ReportQuery):
    return RepairOrder.objects.filter(store_id__in=query.store_ids, received_at__gte=query.start_at, received_at__lt=query.end_at)


ON_TIME = Q(ready_at__isnull=False, ready_at__date__lte=F("promised_date"))


def build(query: ReportQuery) -> Result:
    base = reverse("repairs:index")
    orders = _period(query)
    tz = timezone.get_current_timezone()
    # One scan of the period's orders (the report index), grouped by month and technician; the
    # monthly, technician and period figures are sums of these SQL counts.
    keys = ("received", "declined", "ready", "on_time")
    grouped = list(orders.order_by().annotate(month=TruncMonth("received_at", tzinfo=tz)).values("month", "technician_id").annotate(
        received=Count("id"), declined=Count("id", filter=Q(status=Status.DECLINED)),
        ready=Count("id", filter=Q(ready_at__isnull=False)), on_time=Count("id", filter=ON_TIME)))
    monthly: dict = {}
    by_tech: dict = {}
    for row in grouped:
        for target in (monthly.setdefault(_month_of(row["month"]), dict.fromkeys(keys, 0)),
                       by_tech.setdefault(row["technician_id"], dict.fromkeys(keys, 0))):
            for k in keys:
                target[k] += row[k]
    totals = {k: sum(row[k] for row in monthly.values()) for k in keys}
    today = query.today
    now_qs = RepairOrder.objects.filter(store_id__in=query.store_ids).order_by()
    overdue = now_qs.filter(status__in=OPEN_STATUSES, promised_date__lt=today).count()
    unclaimed = now_qs.filter(status=Status.UNCLAIMED).count()
    diffs = _weighed_out_with_difference().filter(order__in=orders).count()
    figures = [
        Figure(_("Orders received"), totals["received"], url=query.list_url(base)),
        Figure(_("Ready by the promised date"), _share(totals["on_time"], totals["ready"]), PCT),
        Figure(_("Overdue now"), overdue, url=query.list_url(base, dated=False, view="overdue")),
        Figure(_("Unclaimed now"), unclaimed, url=query.list_url(base, dated=False, view="unclaimed")),
        Figure(_("Weigh-out differences above the tolerance"), diffs),
        Figure(_("Declined (returned unrepaired)"), _share(totals["declined"], totals["received"]), PCT,
               url=query.list_url(base, status=Status.DECLINED)),
    ]
    rows = []
    for month in query.months():
        row = monthly.get(month, {})
        first, last = query.month_range(month)
        rows.append({"month": month_label(month), "received": row.get("received", 0), "declined": row.get("declined", 0),
                     "on_time": _share(row.get("on_time", 0), row.get("ready", 0)),
                     "_url": query.list_url(base, day_from=first, day_to=last)})
    volume = Table("volume", _("Orders received per month"), [
        Column("month", _("Month"), TEXT), Column("received", _("Received")), Column("declined", _("Declined")),
        Column("on_time", _("Ready on time"), PCT)], rows, chart="bar", series=("received", "declined", "on_time"))

    names = {u.pk: (f"{u.last_name}{u.first_name}".strip() or u.username) for u in
             User.objects.filter(pk__in=[t for t in by_tech if t is not None]).only("username", "first_name", "last_name")}
    tech_rows = []
    for tech_id, t in sorted(by_tech.items(), key=lambda item: -item[1]["received"]):
        tech_rows.append({"technician": names.get(tech_id, "") if tech_id else _("Not assigned"), "orders": t["received"],
                          "on_time": _share(t["on_time"], t["ready"]), "declined": t["declined"],
                          "_url": query.list_url(base, technician=tech_id) if tech_id else ""})
    tech_table = Table("technicians", _("By technician"), [
        Column("technician", _("Technician"), TEXT), Column("orders", _("Orders")), Column("on_time", _("Ready on time"), PCT),
        Column("declined", _("Declined"))], tech_rows, series=("orders",))

    labels = dict(Location.choices)
    shops = (CustodyMove.objects.filter(item__order__in=orders, to_location__in=[Location.CHAIN_WORKSHOP, Location.OUTSIDE_WORKSHOP])
             .order_by().values("to_location").annotate(n=Count("item__order", distinct=True)).order_by("to_location"))
    by_shop = Table("workshops", _("By workshop"), [Column("workshop", _("Workshop"), TEXT), Column("orders", _("Orders"))],
                    [{"workshop": str(labels.get(w["to_location"], w["to_location"])), "orders": w["n"],
                      "_url": query.list_url(base, workshop=w["to_location"])} for w in shops], chart="pie")

    return Result(figures=figures, tables=[volume, tech_table, by_shop, *policy_cost(query, orders, base)])


def _weighed_out_with_difference():
    from django.db.models.functions import Abs

    from .services.work import tolerance

    return (RepairItem.objects.filter(return_weight__isnull=False).annotate(_diff=Abs(F("return_weight") - F("intake_weight")))
            .filter(_diff__gt=F("added_metal_weight") + tolerance()))


STANDARD_PRICE = ExpressionWrapper(F("service_type__price") * F("quantity"), output_field=DecimalField(max_digits=14, decimal_places=2))


POLICY_COST = "policy_cost"


def _month_of(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def policy_cost_live(*, store_ids, start_at=None, end_at=None) -> list[dict]:
    """Free jobs per store, month of intake and rule, with their catalogue price: the live query
    (what the roll-up stores; a test compares the two)."""
    tz = timezone.get_current_timezone()
    jobs = RepairJob.objects.filter(item__order__store_id__in=store_ids, outcome="free", refused=False)
    if start_at is not None:
        jobs = jobs.filter(item__order__received_at__gte=start_at)
    if end_at is not None:
        jobs = jobs.filter(item__order__received_at__lt=end_at)
    rows = (jobs.order_by()
            .annotate(rule=Coalesce(KeyTextTransform("rule_code", "decision"), F("job_type"), output_field=CharField()),
                      month=TruncMonth("item__order__received_at", tzinfo=tz), store_id=F("item__order__store_id"))
            .values("store_id", "month", "rule").annotate(jobs=Count("id"), amount=Sum(STANDARD_PRICE)))
    return [{**r, "month": _month_of(r["month"]), "rule": r["rule"] or "—", "amount": r["amount"] or Decimal("0")} for r in rows]


@transaction.atomic
def policy_cost_refresh(*, now: datetime | None = None) -> int:
    """Fold the jobs added since the last refresh into PolicyCostMonth: the (store, month) groups
    they touch are recomputed from the live query. Safe to run twice or from two workers (the
    mark row is locked). Returns how many groups were rebuilt."""
    RollupMark.objects.get_or_create(name=POLICY_COST)
    mark = RollupMark.objects.select_for_update().get(name=POLICY_COST)
    tz = timezone.get_current_timezone()
    new = RepairJob.objects.filter(pk__gt=mark.last_id)
    top = new.aggregate(top=Max("id"))["top"]
    if top is None:
        return 0
    touched = {(store_id, _month_of(month)) for store_id, month in
               new.filter(pk__lte=top).order_by().annotate(month=TruncMonth("item__order__received_at", tzinfo=tz))
               .values_list("item__order__store_id", "month").distinct()}
    stores = sorted({s for s, _m in touched})
    first, last = min(m for _s, m in touched), max(m for _s, m in touched)
    live = policy_cost_live(store_ids=stores, start_at=timezone.make_aware(datetime.combine(first, time.min)),
                            end_at=timezone.make_aware(datetime.combine(add_months(last, 1), time.min)))
    match = Q(pk__in=[])
    for store_id, month in touched:
        match |= Q(store_id=store_id, month=month)
    PolicyCostMonth.objects.filter(match).delete()
    PolicyCostMonth.objects.bulk_create([PolicyCostMonth(store_id=r["store_id"], month=r["month"], rule=r["rule"], jobs=r["jobs"],
                                                         amount=r["amount"]) for r in live if (r["store_id"], r["month"]) in touched])
    mark.last_id, mark.refreshed_at = top, now or timezone.now()
    mark.save(update_fields=["last_id", "refreshed_at"])
    return len(touched)


def policy_cost(query: ReportQuery, orders, base: str) -> list[Table]:
    """What the policy costs: the catalogue (standard) price of the work the policy made free,
    per rule and per month of intake, read from the roll-up (refreshed every few minutes)."""
    rollup = (PolicyCostMonth.objects.filter(store_id__in=query.store_ids, month__gte=query.start, month__lt=query.end)
              .order_by().values("rule", "month").annotate(jobs=Sum("jobs"), amount=Sum("amount")))
    mark = RollupMark.objects.filter(name=POLICY_COST).first()
    cells: dict = {}
    rules: dict[str, dict] = {}
    for row in rollup:
        rule = row["rule"]
        cells[(rule, row["month"])] = row
        total = rules.setdefault(rule, {"rule": rule, "jobs": 0, "amount": Decimal("0")})
        total["jobs"] += row["jobs"]
        total["amount"] += row["amount"] or Decimal("0")
    rule_codes = sorted(rules)
    month_rows = []
    for month in query.months():
        first, last = query.month_range(month)
        row = {"month": month_label(month), "_url": query.list_url(base, day_from=first, day_to=last, free="1")}
        total = Decimal("0")
        for n, rule in enumerate(rule_codes):
            amount = (cells.get((rule, month)) or {}).get("amount") or Decimal("0")
            row[f"r{n}"] = amount
            total += amount
        row["total"] = total
        month_rows.append(row)
    as_of = timezone.localtime(mark.refreshed_at).strftime("%Y-%m-%d %H:%M") if mark and mark.refreshed_at else "—"
    per_month = Table("policy_cost", _("What the policy costs: standard price of free work, per month and rule"),
                      [Column("month", _("Month"), TEXT), *[Column(f"r{n}", rule, MONEY) for n, rule in enumerate(rule_codes)],
                       Column("total", _("Total"), MONEY)], month_rows, chart="bar",
                      series=tuple(f"r{n}" for n in range(len(rule_codes))), stack=True,
                      note=_("Catalogue price × quantity of every job the policy made free, by the rule that decided it "
                             "(figures as of %(time)s).") % {"time": as_of})
    per_rule = Table("policy_rules", _("Free work per rule"), [
        Column("rule", _("Rule"), TEXT), Column("jobs", _("Jobs"), INT), Column("amount", _("Standard price"), MONEY)],
        [{**r, "_url": query.list_url(base, free="1")} for r in sorted(rules.values(), key=lambda r: -r["amount"])], series=("amount",))
    return [per_month, per_rule]


def records(query: ReportQuery) -> Records:
    columns = [Column("number", _("Order"), TEXT), Column("store", _("Store"), TEXT), Column("status", _("Status"), TEXT),
               Column("received", _("Received"), TEXT), Column("promised", _("Promised"), TEXT), Column("ready", _("Ready"), TEXT),
               Column("collected", _("Collected"), TEXT), Column("estimate", _("Estimate"), MONEY)]
    labels = {k: str(v) for k, v in Status.choices}
    rows = (_period(query).order_by("received_at", "id")
            .values_list("number", "store__code", "status", "received_at", "promised_date", "ready_at", "collected_at", "estimate")
            .iterator(chunk_size=2000))
    return Records(columns, ((n, s, labels.get(st, st), r, p, rd, c, e) for n, s, st, r, p, rd, c, e in rows))


REPORT = registry.Report(key="repairs", title=_lazy("Repairs"), build=build, records=records, order=20,
                         description=_lazy("Volume, turnaround against the promised date, overdue, unclaimed, weights, declines, "
                                           "technicians and workshops, and what the policy costs."))
