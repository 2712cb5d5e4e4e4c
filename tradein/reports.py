"""Trade-in on the board ("no metal price set for today") and in the reports (quotes,
acceptance, grams received per metal and fineness, refinery lots, the ledger balance)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from aftersales.reports import registry
from aftersales.reports.query import ReportQuery
from aftersales.reports.registry import GRAMS, PCT, TEXT, Column, Figure, Result, Table, Tile
from aftersales.reports.registry import Count as TileCount

from .models import LedgerEntry, LedgerKind, Metal, MetalPrice, Quote, QuoteStatus, RefineryLot


def tile_counts(store_ids: list[int], now: datetime) -> dict:
    today = timezone.localdate(now)
    priced = set(MetalPrice.objects.filter(date=today).filter(Q(store_id__in=store_ids) | Q(store__isnull=True))
                 .order_by().values_list("store_id", flat=True).distinct())
    if None in priced:  # the chain's price covers every store
        return {"tradein.no_price": {}}
    return {"tradein.no_price": {pk: TileCount(1, _("no price for today"), worst=True) for pk in store_ids if pk not in priced}}


TILES = registry.TileGroup(key="tradein", counts=tile_counts, tiles=(
    Tile(key="tradein.no_price", label=_lazy("No metal price set for today"), url=lambda s: reverse("tradein:metal_prices"),
         audience=registry.MANAGER, order=150, alarm=True),
))

OFFERED = (QuoteStatus.QUOTED, QuoteStatus.ACCEPTED, QuoteStatus.COMPLETED, QuoteStatus.DECLINED, QuoteStatus.EXPIRED)


def build(query: ReportQuery) -> Result:
    base = reverse("tradein:reported")
    quotes = Quote.objects.filter(store_id__in=query.store_ids, created_at__gte=query.start_at, created_at__lt=query.end_at).order_by()
    labels = dict(QuoteStatus.choices)
    by_status = {r["status"]: r["n"] for r in quotes.values("status").annotate(n=Count("id"))}
    offered = sum(by_status.get(s, 0) for s in OFFERED)
    accepted = by_status.get(QuoteStatus.ACCEPTED, 0) + by_status.get(QuoteStatus.COMPLETED, 0)
    figures = [Figure(_("Quotes"), sum(by_status.values()), url=query.list_url(base)),
               Figure(_("Acceptance rate"), round(Decimal(accepted) / offered, 4) if offered else None, PCT)]
    status_table = Table("quotes", _("Quotes by status"), [Column("status", _("Status"), TEXT), Column("quotes", _("Quotes"))],
                         [{"status": str(labels[s]), "quotes": by_status.get(s, 0), "_url": query.list_url(base, status=s)}
                          for s, _label in QuoteStatus.choices])
    metals = dict(Metal.choices)
    ledger = LedgerEntry.objects.filter(store_id__in=query.store_ids).order_by()
    # Sent entries carry negative grams (the ledger's sign constraint): on hand is the plain sum.
    moved = {(r["metal"], r["fineness"]): r for r in ledger.filter(at__gte=query.start_at, at__lt=query.end_at)
             .values("metal", "fineness").annotate(received=Sum("grams", filter=Q(kind=LedgerKind.RECEIVED)),
                                                   sent=Sum("grams", filter=Q(kind=LedgerKind.SENT)))}
    balance = {(r["metal"], r["fineness"]): r["grams"] for r in ledger.filter(at__lt=query.end_at).values("metal", "fineness")
               .annotate(grams=Sum("grams"))}
    zero = Decimal("0")
    rows = []
    for key in sorted(set(moved) | set(balance)):
        m = moved.get(key, {})
        rows.append({"metal": f"{metals.get(key[0], key[0])} {key[1]}‰", "received": m.get("received") or zero,
                     "sent": -(m.get("sent") or zero), "on_hand": balance.get(key) or zero})
    grams = Table("grams", _("Old metal: grams received and sent per metal and fineness"), [
        Column("metal", _("Metal and fineness"), TEXT), Column("received", _("Received (g)"), GRAMS), Column("sent", _("Sent to the refinery (g)"), GRAMS),
        Column("on_hand", _("On hand at the end (g)"), GRAMS)], rows, series=("received", "sent"),
        note=_("The ledger balances: received = sent + on hand."))
    lots = (RefineryLot.objects.filter(store_id__in=query.store_ids, sent_at__gte=query.start_at, sent_at__lt=query.end_at).order_by()
            .values("status").annotate(n=Count("id"), grams=Sum("grams")))
    lot_table = Table("lots", _("Refinery lots sent"), [Column("status", _("Status"), TEXT), Column("lots", _("Lots")),
                      Column("grams", _("Weight sent (g)"), GRAMS)],
                      [{"status": str(dict(RefineryLot._meta.get_field("status").choices).get(r["status"], r["status"])), "lots": r["n"],
                        "grams": r["grams"]} for r in lots], chart=None)
    return Result(figures=figures, tables=[status_table, grams, lot_table])


REPORT = registry.Report(key="tradein", title=_lazy("Trade-in and buyback"), build=build, order=40,
                         description=_lazy("Quotes, acceptance, grams received per metal and fineness, refinery lots, the ledger balance."))
