"""The A5 quote sheet (以旧换新/回收 报价单): the one adaptor from a quote to printed data.

Everything printed comes from what the quote stored when it was priced: the rule snapshot, the
price, the lines with their formulas in words, the refusals; an unchanged quote gives identical
data, so the stored PDF (with its SHA-256) is served again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from aftersales.documents import selectors as doc_selectors
from aftersales.documents.data import StoreInfo
from aftersales.documents.images import image_data_uri

from . import selectors
from .models import Quote

SHEET_KIND = "tradein_quote"


@dataclass(frozen=True)
class SheetPiece:
    description: str
    material: str
    hallmark: str
    gross_weight: Decimal
    net_weight: Decimal
    used_weight: Decimal
    fineness: Decimal
    fineness_source: str


@dataclass(frozen=True)
class SheetNewPiece:
    product_code: str
    description: str
    category: str
    weight: Decimal
    price: str


@dataclass(frozen=True)
class SheetLine:
    text: str
    other: str  # the same line in the other language, printed small below


@dataclass(frozen=True)
class TradeinSheet:
    store: StoreInfo
    number: str
    kind: str
    status: str
    customer_name: str
    customer_phone: str
    quoted_at: datetime | None
    price_date: date | None
    price_basis: str
    price_per_gram: Decimal | None
    locked_until: datetime | None
    rule: str
    rule_terms: tuple[str, ...]
    old_pieces: tuple[SheetPiece, ...]
    new_pieces: tuple[SheetNewPiece, ...]
    lines: tuple[SheetLine, ...]
    refusals: tuple[str, ...]
    amount: Decimal | None
    store_pays: bool
    signature: bytes | None
    staff_name: str
    language: str = "zh-hans"


def _signature(quote: Quote) -> bytes | None:
    if not quote.signature:
        return None
    try:
        with quote.signature.open("rb") as fh:
            return fh.read()
    except OSError:
        return None


def _terms(snapshot: dict) -> tuple[str, ...]:
    from .models import Boundary, FeeMode, LabourMode

    if not snapshot:
        return ()
    out = [f"{_('Loss rate')}: {snapshot.get('loss_rate')} %"]
    if snapshot.get("fee_mode") == FeeMode.PERCENT:
        out.append(f"{_('Old-piece fee')}: {snapshot.get('fee_percent')} % × {_('price per gram')}")
    else:
        out.append(f"{_('Old-piece fee')}: {snapshot.get('fee_per_gram')} {_('yuan/g')}")
    mode = snapshot.get("labour_mode")
    if mode in LabourMode.values and mode != LabourMode.NONE:
        out.append(f"{_('Labour')}: {LabourMode(mode).label}")
    if Decimal(str(snapshot.get("uplift_percent") or 0)) > 0:
        out.append(f"{_('Uplift')}: {snapshot.get('uplift_percent')} % · {Boundary(snapshot.get('uplift_boundary', 'inclusive')).label}")
    if snapshot.get("min_fineness"):
        out.append(f"{_('Lowest fineness')}: {snapshot.get('min_fineness')} ‰")
    return tuple(str(t) for t in out)


def sheet_data(quote: Quote, *, language: str | None = None) -> TradeinSheet:
    from django.utils import translation

    from .models import Material, PriceMode, QuoteKind, RuleCategory

    language = (language or settings.LANGUAGE_CODE or "zh-hans").lower()
    zh = language.startswith("zh")
    prefs = doc_selectors.print_settings_for(quote.store)
    store = StoreInfo(name=quote.store.name, address=quote.store.address, phone=quote.store.phone, code=quote.store.code,
                      receipt_paper="a5", tag_width_mm=prefs.tag_width_mm, tag_height_mm=prefs.tag_height_mm)
    with translation.override(language):
        olds = []
        for p in quote.old_pieces.all():
            fineness, test = selectors.used_fineness(p)
            source = str(test.get_method_display()) if test else str(_("hallmark"))
            olds.append(SheetPiece(description=p.description, material=str(Material(p.material).label), hallmark=p.hallmark,
                                   gross_weight=p.gross_weight, net_weight=p.net_weight, used_weight=selectors.used_weight(p),
                                   fineness=fineness, fineness_source=source))
        news = tuple(SheetNewPiece(product_code=n.product_code, description=n.description, category=str(RuleCategory(n.category).label),
                                   weight=n.weight, price=(str(n.tag_price) if n.price_mode == PriceMode.TAG else str(_("by weight"))))
                     for n in quote.new_pieces.all())
        snap = quote.rule_snapshot or {}
        return TradeinSheet(
            store=store, number=quote.number, kind=str(QuoteKind(quote.kind).label), status=quote.get_status_display(),
            customer_name=quote.customer.masked_name, customer_phone=quote.customer.masked_phone,
            quoted_at=quote.quoted_at, price_date=quote.price_date,
            price_basis=(str(_("Buyback price per gram of fine metal")) if quote.kind == QuoteKind.BUYBACK
                         else str(Material(quote.price_material).label)),
            price_per_gram=quote.price_per_gram, locked_until=quote.price_locked_until,
            rule=f"{snap.get('code', '')} {snap.get('name', '')} (v{snap.get('version', '')})" if snap else "",
            rule_terms=_terms(snap), old_pieces=tuple(olds), new_pieces=news,
            lines=tuple(SheetLine(text=line.get("zh" if zh else "en", ""), other=line.get("en" if zh else "zh", "")) for line in quote.lines),
            refusals=tuple(r.get("zh" if zh else "en", "") for r in quote.refusals),
            amount=quote.amount, store_pays=quote.amount is not None and quote.amount < 0,
            signature=_signature(quote), staff_name=str(quote.quoted_by or ""), language=language,
        )


def _context(data: TradeinSheet) -> dict:
    return {"signature": image_data_uri(data.signature, max_px=400, kind="PNG"),
            "payout": -data.amount if data.amount is not None and data.store_pays else None}


def register_sheet(registry) -> None:
    registry.register_document_type(SHEET_KIND, label=_("Trade-in quote sheet"), template="tradein/sheet.html",
                                    data_type=TradeinSheet, context=_context)
