"""From approval to the pickup shelf: start, custody hand-overs, quality check and weigh-out."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aftersales import audit, clock, roles
from aftersales.concurrency import check_version
from aftersales.documents.services import prerender_on_commit
from aftersales.notifications.services import notify

from ..models import OPEN_STATUSES, CustodyMove, Location, RepairItem, RepairOrder, Status, UnclaimedDecision
from .errors import ApprovalRequired, IllegalTransition, WeightNeedsApproval
from .intake import check_promised_date, check_weight
from .quotes import is_chargeable
from .workflow import bump, lock, move, work_started

NOTICE_DAYS_BEFORE_DISPOSAL = 60  # 民法典 453


def tolerance() -> Decimal:
    return Decimal(str(getattr(settings, "REPAIRS_WEIGHT_TOLERANCE_G", "0.05")))


def needs_weight_approval(item: RepairItem) -> bool:
    diff = item.weight_difference
    if diff is None:
        return False
    return abs(diff) > tolerance() + (item.added_metal_weight or Decimal("0")) and item.weight_approved_by_id is None


@transaction.atomic
def repair_start(*, order_id: int, actor, technician=None, expected_version: int | None = None) -> tuple[RepairOrder, bool]:
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.start")
    if order.status == Status.IN_REPAIR:
        return order, False
    check_version(order, expected_version)
    if order.status == Status.RECEIVED and is_chargeable(order):
        raise ApprovalRequired()
    extra = {"technician": technician} if technician is not None else {}
    move(order, to=Status.IN_REPAIR, actor=actor, extra=extra)
    return order, True


@transaction.atomic
def repair_move_custody(*, item_id: int, actor, to: str, received_by=None, received_by_name: str = "", note: str = "") -> CustodyMove:
    """Record a hand-over: who handed, who received, where the item is now."""
    item = RepairItem.objects.select_for_update(of=("self", "order")).select_related("order__store").get(pk=item_id)
    roles.require(actor, item.order.store, "repairs.custody")
    if item.is_collected or item.order.status in (Status.COLLECTED, Status.CANCELLED, Status.DISPOSED):
        raise ValidationError(_("This item is no longer in the store's care."))
    if to not in Location.values or to == Location.CUSTOMER:
        raise ValidationError(_("Choose where the item goes."))
    if to == item.custody_location:
        raise ValidationError(_("The item is already there."))
    if to == Location.OUTSIDE_WORKSHOP and not received_by_name.strip():
        raise ValidationError(_("Name the outside workshop and who received the item."))
    row = CustodyMove.objects.create(item=item, from_location=item.custody_location, to_location=to, handed_by=actor,
                                     received_by=received_by, received_by_name=received_by_name.strip(), note=note)
    old = {"custody_location": item.custody_location}
    item.custody_location, item.custody_since = to, row.at
    item.save(update_fields=["custody_location", "custody_since"])
    audit.record(actor=actor, kind="repair.custody", subject=item.order, old=old, new={
        "item": item.position, "custody_location": to, "received_by": str(received_by or received_by_name)}, note=note)
    bump(item.order)
    return row


@transaction.atomic
def repair_finish_work(*, order_id: int, actor, expected_version: int | None = None) -> RepairOrder:
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.finish")
    check_version(order, expected_version)
    return move(order, to=Status.QUALITY_CHECK, actor=actor)


@transaction.atomic
def repair_send_back(*, order_id: int, actor, note: str, expected_version: int | None = None) -> RepairOrder:
    if not note.strip():
        raise ValidationError(_("Say what must be redone."))
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.send_back")
    check_version(order, expected_version)
    return move(order, to=Status.IN_REPAIR, actor=actor, note=note)


@transaction.atomic
def repair_record_weights(*, order_id: int, actor, weights: dict[int, object], added_metal: dict[int, object] | None = None,
                          expected_version: int | None = None) -> RepairOrder:
    """The technician's return weights at the quality check (0.01 g scale)."""
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.weigh_out")
    if order.status != Status.QUALITY_CHECK:
        raise IllegalTransition(number=order.number, current=order.get_status_display(), target=Status.QUALITY_CHECK.label)
    check_version(order, expected_version)
    added_metal = added_metal or {}
    changes = {}
    for item in order.items.select_for_update().filter(pickup__isnull=True):
        if item.pk not in weights:
            continue
        weight = check_weight(weights[item.pk], _("Item %(n)s") % {"n": item.position})
        added = Decimal(str(added_metal.get(item.pk) or item.added_metal_weight or 0))
        if added < 0:
            raise ValidationError(_("The added metal weight cannot be negative."))
        if item.return_weight != weight or item.added_metal_weight != added:
            item.weight_approved_by, item.weight_approval_note = None, ""
        item.return_weight, item.added_metal_weight, item.weight_checked_by = weight, added, actor
        item.save(update_fields=["return_weight", "added_metal_weight", "weight_checked_by", "weight_approved_by", "weight_approval_note"])
        changes[str(item.position)] = {"intake": item.intake_weight, "return": weight, "difference": weight - item.intake_weight, "added": added}
    audit.record(actor=actor, kind="repair.weighed_out", subject=order, new={"weights": changes})
    bump(order)
    return order


@transaction.atomic
def repair_approve_weight(*, order_id: int, item_id: int, actor, note: str) -> RepairItem:
    """A manager accepts a weight difference above the tolerance, with a note saying why."""
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.approve_weight")
    if not note.strip():
        raise ValidationError(_("Write a note explaining the weight difference."))
    item = order.items.select_for_update().filter(pk=item_id).first()
    if item is None:  # an item of another order
        raise RepairItem.DoesNotExist
    if item.return_weight is None:
        raise ValidationError(_("Record the return weight first."))
    item.weight_approved_by, item.weight_approval_note = actor, note.strip()
    item.save(update_fields=["weight_approved_by", "weight_approval_note"])
    audit.record(actor=actor, kind="repair.weight_approved", subject=order,
                 new={"item": item.position, "difference": item.weight_difference}, note=note)
    bump(order)
    return item


@transaction.atomic
def repair_mark_ready(*, order_id: int, actor, expected_version: int | None = None) -> tuple[RepairOrder, bool]:
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.ready")
    if order.status == Status.READY:
        return order, False
    check_version(order, expected_version)
    if order.status == Status.QUALITY_CHECK:
        for item in order.items.filter(pickup__isnull=True):
            if item.return_weight is None:
                raise ValidationError(_("Item %(n)s has no return weight yet.") % {"n": item.position})
            if needs_weight_approval(item):
                raise WeightNeedsApproval(position=item.position)
    move(order, to=Status.READY, actor=actor)
    return order, True


@transaction.atomic
def repair_cancel(*, order_id: int, actor, reason: str, expected_version: int | None = None) -> RepairOrder:
    if not reason.strip():
        raise ValidationError(_("Give the reason for cancelling."))
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.cancel")
    if order.status == Status.CANCELLED:
        return order
    if work_started(order):
        roles.require(actor, order.store, "repairs.cancel_started")
    check_version(order, expected_version)
    move(order, to=Status.CANCELLED, actor=actor, note=reason)
    # The QR code on the printed receipt now opens a 404.
    from aftersales.documents.services import status_token_revoke

    status_token_revoke(subject=order, actor=actor)
    return order


@transaction.atomic
def repair_change_promised_date(*, order_id: int, actor, new_date: date, reason: str, customer_told: bool, told_how: str = "",
                                expected_version: int | None = None, now: datetime | None = None) -> RepairOrder:
    """Seed 002: tell the customer early, with the reason and the new date."""
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.promise")
    if order.status not in OPEN_STATUSES:
        raise ValidationError(_("The promised date can only change while the work is open."))
    check_version(order, expected_version)
    check_promised_date(new_date, store=order.store, now=now or clock.now())
    if not reason.strip():
        raise ValidationError(_("Give the reason for the new date."))
    if not customer_told:
        raise ValidationError(_("Tell the customer the new date and the reason first, then record it here."))
    if new_date == order.promised_date:
        return order
    old = {"promised_date": order.promised_date}
    order.promised_date = new_date
    order.version += 1
    order.save(update_fields=["promised_date", "version"])
    audit.record(actor=actor, kind="repair.promised_date_changed", subject=order, old=old,
                 new={"promised_date": new_date, "customer_told": True, "told_how": told_how}, note=reason)
    # The customer hears it in writing too (seed 002: early, with the reason and the new date).
    notify(customer=order.customer, kind="promised_date_changed", store=order.store, related=order,
           context={"order_number": order.number, "old_date": old["promised_date"], "new_date": new_date, "reason": reason.strip()},
           dedupe_key=f"promised-date:{order.pk}:{order.version}")
    prerender_on_commit(subject=order)
    return order


@transaction.atomic
def repair_set_rush(*, order_id: int, actor, rush: bool) -> RepairOrder:
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.rush")
    if order.rush == rush:
        return order
    old = {"rush": order.rush}
    order.rush = rush
    order.version += 1
    order.save(update_fields=["rush", "version"])
    audit.record(actor=actor, kind="repair.rush", subject=order, old=old, new={"rush": rush})
    prerender_on_commit(subject=order)
    return order


@transaction.atomic
def repair_mark_unclaimed(*, order_id: int, actor=None, note: str = "") -> tuple[RepairOrder, bool]:
    """Set by the pickup-deadline job (actor None) after its reminders; safe to run twice."""
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.mark_unclaimed")
    if order.status == Status.UNCLAIMED:
        return order, False
    move(order, to=Status.UNCLAIMED, actor=actor, note=note)
    return order, True


@transaction.atomic
def repair_decide_unclaimed(*, order_id: int, actor, decision: str, note: str, expected_version: int | None = None,
                            now: datetime | None = None) -> RepairOrder:
    """A manager decides about an unclaimed item: keep holding it, or dispose of it after due notice."""
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.decide_unclaimed")
    check_version(order, expected_version)
    if not note.strip():
        raise ValidationError(_("Write down the decision and what the customer was told."))
    if decision == UnclaimedDecision.KEEP:
        target = Status.READY
    elif decision == UnclaimedDecision.DISPOSE:
        target = Status.DISPOSED
        noticed = order.final_notice_at or order.unclaimed_at
        if order.status == Status.UNCLAIMED and (noticed is None or (now or clock.now()) - noticed < timedelta(days=NOTICE_DAYS_BEFORE_DISPOSAL)):
            raise ValidationError(_("The law requires at least 60 days' notice before an item is disposed of."))
    else:
        raise ValidationError(_("Choose a decision."))
    return move(order, to=target, actor=actor, note=note, extra={"unclaimed_decision": decision, "unclaimed_decision_note": note})


@transaction.atomic
def repair_revoke_status_link(*, order_id: int, actor) -> bool:
    """A manager cuts the receipt's QR code off (a lost receipt); True when a live link was revoked."""
    from aftersales.documents.services import status_token_revoke

    order = lock(order_id)
    roles.require(actor, order.store, "repairs.revoke_status_link")
    return bool(status_token_revoke(subject=order, actor=actor))
