"""Quotes with revisions, and the customer's approval (signed in person, or by phone) or refusal."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from aftersales import audit, clock, files, roles
from aftersales.concurrency import check_version
from aftersales.documents.services import prerender_on_commit
from aftersales.money import MAX_AMOUNT, round_money
from tradein.selectors import price_per_gram

from .. import images
from ..models import ApprovalMethod, PaymentKind, Quote, QuoteStatus, RepairOrder, Status
from .errors import IllegalTransition, PriceMissing
from .intake import check_money, check_weight
from .workflow import lock, move

QUOTABLE = {Status.RECEIVED, Status.AWAITING_APPROVAL, Status.APPROVED, Status.IN_REPAIR}


def latest_quote(order: RepairOrder) -> Quote | None:
    return order.quotes.order_by("-revision").first()


def approved_quotes(order) -> QuerySet[Quote]:
    """An order's approved quotes, latest first; `order` may be an OuterRef (the receipt reads the
    latest one's total with the order)."""
    return Quote.objects.filter(order=order, status=QuoteStatus.APPROVED).order_by("-revision")


def approved_quote(order: RepairOrder) -> Quote | None:
    """The latest approved quote; from the order's quotes when they were prefetched (the order
    page), else one query."""
    if "quotes" in getattr(order, "_prefetched_objects_cache", {}):
        return max((q for q in order.quotes.all() if q.status == QuoteStatus.APPROVED), key=lambda q: q.revision, default=None)
    return approved_quotes(order).first()


def amount_due(order: RepairOrder) -> Decimal:
    """What the whole order costs: the approved quote, else the intake estimate."""
    approved = approved_quote(order)
    return approved.total if approved else order.estimate


def amount_paid(order: RepairOrder) -> Decimal:
    """Deposits and balances taken, less refunds given."""
    return sum((-p.amount if p.kind == PaymentKind.REFUND else p.amount for p in order.payments.all()), Decimal("0"))


def is_chargeable(order: RepairOrder) -> bool:
    return order.needs_quote or order.estimate > 0


def _approve(quote: Quote, *, actor, method: str, signature=None, call_taken_by: str = "", spoke_with: str = "") -> None:
    quote.status = QuoteStatus.APPROVED
    quote.approval_method = method
    quote.approved_at = clock.now()
    quote.approval_recorded_by = actor
    quote.phone_call_taken_by = call_taken_by
    quote.phone_spoke_with = spoke_with
    if signature is not None:
        files.save_after_commit(quote, "signature", signature)  # written once the approval commits
    quote.save()


@transaction.atomic
def repair_quote(
    *, order_id: int, actor, labour=Decimal("0"), parts=Decimal("0"), metal_material: str = "", metal_weight=Decimal("0"),
    discount=Decimal("0"), note: str = "", expected_version: int | None = None,
) -> Quote:
    """A new quote revision. Within the do-not-exceed amount it is approved at once; otherwise the
    order waits for the customer (and work in progress stops until they agree)."""
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.quote")
    if order.status not in QUOTABLE:
        raise IllegalTransition(number=order.number, current=order.get_status_display(), target=Status.AWAITING_APPROVAL.label)
    check_version(order, expected_version)
    labour = check_money(labour, _("Labour"))
    parts = check_money(parts, _("Parts"))
    discount = check_money(discount, _("The discount"))
    metal_weight = check_weight(metal_weight, _("The added metal")) if metal_weight else Decimal("0")
    if metal_weight < 0:
        raise ValidationError(_("The added metal weight cannot be negative."))
    metal_price, metal_amount = None, Decimal("0")
    if metal_weight > 0:
        if not metal_material:
            raise ValidationError(_("Say which metal is added."))
        metal_price = price_per_gram(store=order.store, material=metal_material)
        if metal_price is None:
            raise PriceMissing(material=metal_material)
        metal_amount = round_money(metal_weight * metal_price)
    total = round_money(labour + parts + metal_amount - discount)
    if metal_amount > MAX_AMOUNT or total > MAX_AMOUNT:  # checked against the column's bound before saving
        raise ValidationError(_("The quote comes to more than %(max)s yuan: check the amounts.") % {"max": f"{MAX_AMOUNT:,.0f}"})
    if total < 0:
        raise ValidationError(_("The discount is larger than the quote."))
    previous = latest_quote(order)
    if previous and previous.status == QuoteStatus.PENDING:
        previous.status = QuoteStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    quote = Quote.objects.create(
        order=order, revision=(previous.revision + 1) if previous else 1, labour=labour, parts=parts,
        metal_material=metal_material if metal_weight > 0 else "", metal_weight=metal_weight, metal_price_per_gram=metal_price,
        metal_amount=metal_amount, discount=discount, total=total, note=note, created_by=actor,
    )
    audit.record(actor=actor, kind="repair.quoted", subject=order, new={
        "revision": quote.revision, "labour": labour, "parts": parts, "metal_weight": metal_weight,
        "metal_price_per_gram": metal_price, "metal_amount": metal_amount, "discount": discount, "total": total,
    }, note=note)
    if order.do_not_exceed is not None and total <= order.do_not_exceed:
        _approve(quote, actor=actor, method=ApprovalMethod.WITHIN_LIMIT)
        audit.record(actor=actor, kind="repair.quote_approved", subject=order, new={"revision": quote.revision, "method": ApprovalMethod.WITHIN_LIMIT, "total": total},
                     note=_("Within the do-not-exceed amount of %(limit)s.") % {"limit": order.do_not_exceed})
        if order.status in (Status.RECEIVED, Status.AWAITING_APPROVAL):
            move(order, to=Status.APPROVED, actor=actor)
        else:
            order.version += 1
            order.save(update_fields=["version"])
        prerender_on_commit(subject=order)
    elif order.status != Status.AWAITING_APPROVAL:
        move(order, to=Status.AWAITING_APPROVAL, actor=actor)
    else:
        order.version += 1
        order.save(update_fields=["version"])
    return quote


@transaction.atomic
def repair_approve(
    *, order_id: int, actor, method: str, signature_data_url: str = "", call_taken_by: str = "", spoke_with: str = "",
    do_not_exceed=None, expected_version: int | None = None,
) -> tuple[RepairOrder, bool]:
    """The customer agrees to the latest quote (or, with no quote, to the intake estimate).

    Returns (order, changed); approving an order already approved changes nothing.
    """
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.approve")
    quote = latest_quote(order)
    if order.status in (Status.APPROVED, Status.IN_REPAIR, Status.QUALITY_CHECK, Status.READY, Status.COLLECTED) and (
        quote is None or quote.status == QuoteStatus.APPROVED
    ):
        return order, False
    if order.status not in (Status.RECEIVED, Status.AWAITING_APPROVAL):
        raise IllegalTransition(number=order.number, current=order.get_status_display(), target=Status.APPROVED.label)
    if order.status == Status.RECEIVED and order.needs_quote:
        raise ValidationError(_("Part of the price waits for the inspection: make a quote first."))
    check_version(order, expected_version)
    signature = None
    if method == ApprovalMethod.IN_PERSON:
        signature = images.signature_from_data_url(signature_data_url)
    elif method == ApprovalMethod.PHONE:
        if not call_taken_by.strip():
            raise ValidationError(_("Say who took the customer's call."))
    else:
        raise ValidationError(_("Choose how the customer approved."))
    if quote is None or quote.status != QuoteStatus.PENDING:
        quote = Quote.objects.create(order=order, revision=(quote.revision + 1) if quote else 1, labour=order.estimate,
                                     total=order.estimate, created_by=actor, note=_("Intake estimate"))
    _approve(quote, actor=actor, method=method, signature=signature, call_taken_by=call_taken_by.strip(), spoke_with=spoke_with.strip())
    extra = {}
    if do_not_exceed not in (None, ""):
        extra["do_not_exceed"] = check_money(do_not_exceed, _("The do-not-exceed amount"))
    move(order, to=Status.APPROVED, actor=actor, extra=extra,
         note=_("Revision %(rev)s, total %(total)s, %(method)s") % {"rev": quote.revision, "total": quote.total, "method": ApprovalMethod(method).label})
    prerender_on_commit(subject=order)
    return order, True


@transaction.atomic
def repair_decline(*, order_id: int, actor, note: str = "", expected_version: int | None = None) -> RepairOrder:
    """The customer does not want the work: the item goes back unrepaired (a normal end)."""
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.decline")
    if order.status == Status.DECLINED:
        return order
    check_version(order, expected_version)
    quote = latest_quote(order)
    if quote and quote.status == QuoteStatus.PENDING:
        quote.status = QuoteStatus.DECLINED
        quote.save(update_fields=["status"])
    move(order, to=Status.DECLINED, actor=actor, note=note)
    return order
