from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from aftersales import clock, roles

from .models import (
    BuybackPrice,
    LedgerEntry,
    LedgerKind,
    LockMode,
    Metal,
    MetalPrice,
    NewPiece,
    OldPiece,
    PurityTest,
    Quote,
    QuoteStatus,
    RefineryLot,
    Rule,
    RuleStatus,
    TradeinSettings,
)


def price_per_gram(*, store, material: str, on: date | None = None) -> Decimal | None:
    """The day's price per gram of a material: the store's own, else the chain's; None if not set."""
    on = on or clock.today()
    rows = MetalPrice.objects.filter(Q(store=store) | Q(store__isnull=True), date=on, material=material)
    best = None
    for row in rows:
        if best is None or (row.store_id is not None and best.store_id is None):
            best = row
    return best.price_per_gram if best else None


def buyback_price_per_gram(*, store, metal: str, on: date | None = None) -> Decimal | None:
    on = on or timezone.localdate()
    rows = BuybackPrice.objects.filter(Q(store=store) | Q(store__isnull=True), date=on, metal=metal)
    best = None
    for row in rows:
        if best is None or (row.store_id is not None and best.store_id is None):
            best = row
    return best.price_per_gram if best else None


def prices_for_day(*, store, on: date | None = None) -> list[MetalPrice]:
    """Every price that applies in a store on a day (the store's own replaces the chain's)."""
    on = on or clock.today()
    rows = MetalPrice.objects.filter(Q(store=store) | Q(store__isnull=True), date=on).select_related("store", "set_by")
    chosen: dict[str, MetalPrice] = {}
    for row in rows:
        if row.material not in chosen or (row.store_id is not None and chosen[row.material].store_id is None):
            chosen[row.material] = row
    return sorted(chosen.values(), key=lambda r: (r.metal, r.material))


def buyback_prices_for_day(*, store, on: date | None = None) -> list[BuybackPrice]:
    on = on or timezone.localdate()
    rows = BuybackPrice.objects.filter(Q(store=store) | Q(store__isnull=True), date=on).select_related("store", "set_by")
    chosen: dict[str, BuybackPrice] = {}
    for row in rows:
        if row.metal not in chosen or (row.store_id is not None and chosen[row.metal].store_id is None):
            chosen[row.metal] = row
    return sorted(chosen.values(), key=lambda r: r.metal)


# --- rules and settings ----------------------------------------------------------------------

def rule_for(*, store, category: str, origin: str, day: date) -> Rule | None:
    """The published rule for a category and origin on a day: the store's own beats the chain's;
    among several, the one valid from the latest day."""
    rows = Rule.objects.filter(Q(store=store) | Q(store__isnull=True), status=RuleStatus.PUBLISHED, category=category, origin=origin,
                               valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    rows = rows.select_related("store")
    return (rows.filter(store=store).order_by("-valid_from", "-pk").first()
            or rows.filter(store__isnull=True).order_by("-valid_from", "-pk").first())


def rules_for(*, user, store) -> QuerySet[Rule]:
    """Chain rules and the user's stores' overrides."""
    return Rule.objects.filter(Q(store__isnull=True) | Q(store__in=roles.store_ids(user))).select_related("store", "created_by")


def rule_get(*, user, pk: int) -> Rule:
    return rules_for(user=user, store=None).get(pk=pk)


def settings_for(store) -> TradeinSettings:
    """The store's settings, else the chain's, else the defaults (unsaved)."""
    rows = {row.store_id: row for row in TradeinSettings.objects.filter(Q(store=store) | Q(store__isnull=True))}
    return rows.get(store.pk if store else None) or rows.get(None) or TradeinSettings(store=None)


def chain_settings() -> TradeinSettings:
    return TradeinSettings.objects.filter(store__isnull=True).first() or TradeinSettings(store=None)


def lock_until(*, store, now: datetime) -> datetime:
    """When a price quoted `now` stops holding, per the store's setting."""
    prefs = settings_for(store)
    if prefs.lock_mode == LockMode.END_OF_DAY:
        local = timezone.localtime(now)
        return (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return now + timedelta(minutes=prefs.lock_minutes)


# --- quotes ------------------------------------------------------------------------------------

def quotes_for(*, user) -> QuerySet[Quote]:
    return roles.scoped(Quote.objects.all(), user).select_related("store", "customer")


def quote_get(*, user, number: str) -> Quote:
    # Who quoted, accepted and completed are read when set (a join each cost more planning than work).
    return quotes_for(user=user).prefetch_related(
        Prefetch("old_pieces", queryset=OldPiece.objects.prefetch_related(
            Prefetch("tests", queryset=PurityTest.objects.select_related("tested_by")), "photos")),
        Prefetch("new_pieces", queryset=NewPiece.objects.all()),
    ).select_related("rule", "created_by").get(number=number)


def used_fineness(piece: OldPiece) -> tuple[Decimal, PurityTest | None]:
    """The fineness a quote uses: from the latest purity test, else the hallmark."""
    tests = list(piece.tests.all())
    if tests:
        test = max(tests, key=lambda t: (t.tested_at, t.pk))
        return test.reading, test
    return Decimal(piece.hallmark_fineness), None


def used_weight(piece: OldPiece) -> Decimal:
    """Net weight, or the weight after melting when the piece was melted."""
    tests = [t for t in piece.tests.all() if t.weight_after_melt is not None]
    if tests:
        return max(tests, key=lambda t: (t.tested_at, t.pk)).weight_after_melt
    return piece.net_weight


# --- the ledger ----------------------------------------------------------------------------------

def ledger_balance(*, store) -> list[dict]:
    """Per metal and fineness: grams received, sent, on hand; and whether received = sent + on hand
    also holds against the old pieces and refinery lots the entries came from."""
    rows: dict[tuple, dict] = defaultdict(lambda: {"received": Decimal(0), "sent": Decimal(0)})
    for e in LedgerEntry.objects.filter(store=store).values("metal", "fineness", "kind").annotate(total=Sum("grams")):
        key = (e["metal"], e["fineness"])
        if e["kind"] == LedgerKind.RECEIVED:
            rows[key]["received"] += e["total"]
        else:
            rows[key]["sent"] += -e["total"]
    lots = defaultdict(Decimal)
    for lot in RefineryLot.objects.filter(store=store).values("metal", "fineness").annotate(total=Sum("grams")):
        lots[(lot["metal"], lot["fineness"])] += lot["total"]
    out = []
    for (metal, fineness), r in sorted(rows.items()):
        on_hand = r["received"] - r["sent"]
        out.append({"metal": metal, "metal_label": Metal(metal).label, "fineness": fineness, "received": r["received"], "sent": r["sent"], "on_hand": on_hand,
                    "balanced": r["received"] == r["sent"] + on_hand and r["sent"] == lots.get((metal, fineness), Decimal(0))})
    return out


def on_hand(*, store, metal: str, fineness: int) -> Decimal:
    return LedgerEntry.objects.filter(store=store, metal=metal, fineness=fineness).aggregate(t=Sum("grams"))["t"] or Decimal(0)


def ledger_report(*, user, since: date | None = None) -> list[dict]:
    """Grams in and out per store, month, metal and fineness (the stores the user reaches)."""
    qs = roles.scoped(LedgerEntry.objects.all(), user)
    if since:
        qs = qs.filter(at__date__gte=since)
    rows = (qs.annotate(month=TruncMonth("at")).values("store__code", "store__name", "month", "metal", "fineness", "kind")
            .annotate(total=Sum("grams")).order_by("store__code", "-month", "metal", "fineness"))
    report: dict[tuple, dict] = {}
    for r in rows:
        key = (r["store__code"], r["month"], r["metal"], r["fineness"])
        item = report.setdefault(key, {"store": r["store__name"], "code": r["store__code"], "month": r["month"], "metal": r["metal"],
                                       "metal_label": Metal(r["metal"]).label,
                                       "fineness": r["fineness"], "grams_in": Decimal(0), "grams_out": Decimal(0)})
        if r["kind"] == LedgerKind.RECEIVED:
            item["grams_in"] += r["total"]
        else:
            item["grams_out"] += -r["total"]
    return list(report.values())


def lots_for(*, user) -> QuerySet[RefineryLot]:
    return roles.scoped(RefineryLot.objects.all(), user).select_related("store", "sent_by")


def open_quotes_count(*, store) -> int:
    return Quote.objects.filter(store=store, status__in=[QuoteStatus.DRAFT, QuoteStatus.QUOTED]).count()
