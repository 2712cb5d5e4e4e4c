"""Pickup: identify who collects, weigh in front of them, take the balance, hand over some or all items."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aftersales import audit, clock, roles
from aftersales.concurrency import check_version
from aftersales.money import round_money

from .. import images
from ..models import CustodyMove, Location, Payment, PaymentKind, PaymentMethod, Pickup, RepairOrder, Status
from .errors import AlreadyCollected, IllegalTransition, PickupCheckFailed
from .intake import check_money, check_weight
from .quotes import amount_due, amount_paid
from .workflow import bump, lock, move

PICKUP_STATUSES = {Status.READY, Status.DECLINED}


def balance_due(order: RepairOrder) -> Decimal:
    """What the customer still pays; negative when the store owes money back (a deposit above the
    final total, or any deposit on work the customer declined)."""
    due = Decimal("0") if order.status == Status.DECLINED else amount_due(order)
    return round_money(due - amount_paid(order))


def _plan_followup(order: RepairOrder, now) -> None:
    """Seed 002: a follow-up call N days after the pickup (store setting); once per order."""
    from customers.models import FollowUpReason
    from customers.services import followup_create

    followup_create(customer=order.customer, reason=FollowUpReason.AFTER_PICKUP, store=order.store, source=order,
                    due_date=clock.today(order.store, now) + timedelta(days=order.store.followup_days_after_pickup),
                    context=_("Collected repair %(number)s: ask how the piece is doing.") % {"number": order.number})


def _store_signature(pickup: Pickup, content, now) -> None:
    """The name is kept now; the file is written through the storage API once the pickup commits
    (a rolled-back pickup leaves no file behind)."""
    field = Pickup._meta.get_field("signature")
    name = field.generate_filename(pickup, content.name)
    pickup.signature.name = name
    pickup.save(update_fields=["signature"])
    storage = field.storage

    def write() -> None:
        saved = storage.save(name, content)
        if saved != name:  # the storage chose another name: point the row at the real file
            Pickup.objects.filter(pk=pickup.pk).update(signature=saved)

    transaction.on_commit(write)


@transaction.atomic
def repair_pickup(
    *, order_id: int, actor, item_ids: list[int], weights: dict[int, object], receipt_presented: bool,
    phone_last4: str = "", by_owner: bool = True, collector_name: str = "", id_type: str = "", id_last_digits: str = "",
    payment_amount=Decimal("0"), payment_method: str = "", note: str = "", expected_version: int | None = None,
    signature_data_url: str = "",
) -> Pickup:
    order = lock(order_id)
    roles.require(actor, order.store, "repairs.pickup")
    if order.status == Status.COLLECTED:
        raise AlreadyCollected(number=order.number)
    if order.status not in PICKUP_STATUSES:
        raise IllegalTransition(number=order.number, current=order.get_status_display(), target=Status.COLLECTED.label)
    check_version(order, expected_version)

    phone_last4 = (phone_last4 or "").strip()
    if phone_last4 and phone_last4 != order.customer.phone_last4:
        raise PickupCheckFailed(reason=_("the last four digits of the phone do not match."))
    id_given = bool(id_type and (id_last_digits or "").strip())
    if not receipt_presented and not id_given:
        raise PickupCheckFailed(reason=_("without the receipt, the person collecting must show ID (type and last digits)."))
    if not by_owner and not (collector_name.strip() and id_given):
        raise PickupCheckFailed(reason=_("someone collecting for the customer gives their name and shows ID."))

    waiting = {i.pk: i for i in order.items.select_for_update().filter(pickup__isnull=True)}
    chosen = [waiting[i] for i in {int(x) for x in item_ids} if int(i) in waiting]
    if not item_ids:
        raise ValidationError(_("Choose the items handed over."))
    if len(chosen) != len(set(item_ids)):
        raise AlreadyCollected(number=order.number)
    last_items = len(chosen) == len(waiting)

    amount = check_money(payment_amount, _("The payment"))
    if amount < 0:
        raise ValidationError(_("The amount paid cannot be negative."))
    due = balance_due(order)
    refund = -due if due < 0 and last_items else Decimal("0")
    if amount > max(due, Decimal("0")):
        raise ValidationError(_("The amount paid is more than the balance due (%(due)s).") % {"due": max(due, Decimal("0.00"))})
    if last_items and due > 0 and amount != due:
        raise ValidationError(_("The balance of %(due)s must be paid when the last item is collected.") % {"due": due})
    if (amount > 0 or refund > 0) and payment_method not in PaymentMethod.values:
        raise ValidationError(_("Say how the balance was paid or the refund given."))

    signature = images.signature_from_data_url(signature_data_url) if signature_data_url else None

    now = clock.now()
    pickup = Pickup.objects.create(
        order=order, at=now, handed_by=actor, receipt_presented=receipt_presented, phone_last4_checked=bool(phone_last4),
        by_owner=by_owner, collector_name=collector_name.strip() or order.customer.name, id_type=id_type,
        id_last_digits=(id_last_digits or "").strip(), note=note,
    )
    if signature is not None:
        _store_signature(pickup, signature, now)
    weighed = {}
    for item in sorted(chosen, key=lambda i: i.position):
        weight = check_weight(weights.get(item.pk), _("Item %(n)s") % {"n": item.position})
        CustodyMove.objects.create(item=item, from_location=item.custody_location, to_location=Location.CUSTOMER, handed_by=actor,
                                   received_by_name=pickup.collector_name, at=now)
        item.pickup, item.pickup_weight, item.custody_location, item.custody_since = pickup, weight, Location.CUSTOMER, now
        item.save(update_fields=["pickup", "pickup_weight", "custody_location", "custody_since"])
        weighed[str(item.position)] = {"intake": item.intake_weight, "pickup": weight, "difference": weight - item.intake_weight}
    if amount > 0:
        Payment.objects.create(order=order, kind=PaymentKind.BALANCE, amount=amount, method=payment_method, received_by=actor, pickup=pickup, at=now)
    if refund > 0:
        Payment.objects.create(order=order, kind=PaymentKind.REFUND, amount=refund, method=payment_method, received_by=actor, pickup=pickup, at=now)
    audit.record(actor=actor, kind="repair.pickup", subject=order, new={
        "weighed": weighed, "receipt_presented": receipt_presented, "by_owner": by_owner, "collector": pickup.collector_name,
        "id_type": id_type, "paid": amount, "refunded": refund, "method": payment_method,
        "signed": signature is not None}, note=note)
    if last_items:
        _plan_followup(order, now)
    if last_items and order.status == Status.READY:
        move(order, to=Status.COLLECTED, actor=actor)
    else:
        if last_items:
            order.collected_at = now
            order.save(update_fields=["collected_at"])
        bump(order)
    return pickup
