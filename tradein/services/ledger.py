"""The old-gold ledger: accepted old pieces add grams; refinery lots take them out, and come back assayed."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aftersales import audit, numbering, roles
from aftersales.concurrency import check_and_bump
from aftersales.models import Store

from .. import selectors
from ..models import LedgerEntry, LedgerKind, LotStatus, Metal, RefineryLot
from .quotes import _decimal, _fineness, _weight


@transaction.atomic
def refinery_lot_send(*, actor, store, metal: str, fineness, grams, refinery: str, now: datetime) -> RefineryLot:
    """Send grams of one metal and fineness to the refinery: they leave the store's stock."""
    roles.require(actor, store, "tradein.refinery")
    # One writer per store's ledger at a time: two lots cannot both take the last grams.
    Store.objects.select_for_update().get(pk=store.pk)
    if metal not in Metal.values:
        raise ValidationError({"metal": _("Choose one of the options.")})
    fineness = int(_fineness(fineness, "fineness", _("Fineness")))
    grams = _weight(grams, "grams", _("Weight sent"))
    refinery = (refinery or "").strip()[:100]
    if not refinery:
        raise ValidationError({"refinery": _("Name the refinery.")})
    stock = selectors.on_hand(store=store, metal=metal, fineness=fineness)
    if grams > stock:
        raise ValidationError({"grams": _("Only %(stock)s g of this metal and fineness are on hand.") % {"stock": stock}})
    lot = RefineryLot.objects.create(number=numbering.next_number(store=store, kind="L"), store=store, metal=metal, fineness=fineness,
                                     grams=grams, refinery=refinery, sent_at=now, sent_by=actor)
    LedgerEntry.objects.create(store=store, kind=LedgerKind.SENT, metal=metal, fineness=fineness, grams=-grams, lot=lot, at=now, by=actor)
    audit.record(actor=actor, kind="tradein.lot_sent", subject=lot, store=store,
                 new={"number": lot.number, "metal": metal, "fineness": fineness, "grams": grams, "refinery": refinery})
    return lot


@transaction.atomic
def refinery_lot_assay(*, actor, lot_id: int, assay_fineness, fine_grams=None, now: datetime, expected_version=None) -> RefineryLot:
    """The refinery's assay result: the fineness it found and the fine metal it credits."""
    lot = RefineryLot.objects.select_for_update(of=("self",)).select_related("store").get(pk=lot_id)
    roles.require(actor, lot.store, "tradein.refinery")
    if lot.status == LotStatus.ASSAYED:
        raise ValidationError(_("Lot %(number)s already has its assay result.") % {"number": lot.number})
    check_and_bump(lot, expected_version)
    reading = _fineness(assay_fineness, "assay_fineness", _("Assayed fineness"))
    fine = _decimal(fine_grams, "fine_grams", _("Fine metal credited"))
    if fine is None:
        fine = lot.grams * reading / 1000
    if fine < 0 or fine > lot.grams:
        raise ValidationError({"fine_grams": _("The fine metal credited is between 0 g and the weight sent.")})
    old = {"status": lot.status}
    lot.status, lot.assay_fineness, lot.fine_grams, lot.assayed_at = LotStatus.ASSAYED, reading, fine.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP), now
    lot.save()
    audit.record(actor=actor, kind="tradein.lot_assayed", subject=lot, store=lot.store, old=old,
                 new={"status": lot.status, "assay_fineness": reading, "fine_grams": lot.fine_grams})
    return lot
