"""The order's life: an explicit map of allowed moves; every move locks the row and writes an event."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from aftersales import audit, clock
from aftersales.models import Event, Role

from ..models import RepairOrder, Status
from .errors import IllegalTransition

S = Status
ALLOWED: dict[str, set[str]] = {
    S.RECEIVED: {S.AWAITING_APPROVAL, S.APPROVED, S.IN_REPAIR, S.DECLINED, S.CANCELLED},
    S.AWAITING_APPROVAL: {S.APPROVED, S.DECLINED, S.CANCELLED},
    S.APPROVED: {S.IN_REPAIR, S.AWAITING_APPROVAL, S.CANCELLED},
    S.IN_REPAIR: {S.QUALITY_CHECK, S.AWAITING_APPROVAL},
    S.QUALITY_CHECK: {S.READY, S.IN_REPAIR},
    S.READY: {S.COLLECTED, S.UNCLAIMED},
    # Set by the pickup-deadline job; then a manager decides (民法典 453: 60 days' notice first).
    S.UNCLAIMED: {S.READY, S.DISPOSED},
    S.COLLECTED: set(),
    S.DECLINED: set(),
    S.CANCELLED: set(),
    S.DISPOSED: set(),
}


# Who may do what (checked by every service with roles.require(actor, store, "repairs.<action>")).
# The chain manager may do everything in every store; a person of a small store who does both
# jobs gets two roles there. The table stays strict.
C, M, T = Role.COUNTER, Role.MANAGER, Role.TECHNICIAN
PERMISSIONS: dict[str, set[str]] = {
    "intake": {C, M},
    "quote": {C, M},
    "approve": {C, M},            # record the customer's approval (signature or phone)
    "decline": {C, M},
    "cancel": {C, M},             # before the work started
    "cancel_started": {M},        # after the work started
    "promise": {C, M},            # change the promised date
    "rush": {C, M},
    "pickup": {C, M},             # hand-over and the payment taken with it
    "payment": {C, M},            # deposits taken at intake
    "extend_deadline": {C, M},    # the customer called about the pickup deadline
    "custody": {C, T, M},
    "photo": {C, T, M},
    "start": {T, M},
    "finish": {T, M},
    "send_back": {T, M},          # quality check failed
    "weigh_out": {T, M},
    "ready": {T, M},              # quality check passed
    "approve_weight": {M},
    "mark_unclaimed": {M},
    "decide_unclaimed": {M},
    "revoke_status_link": {M},
    "catalogue": set(),           # the chain's service catalogue: chain managers only
}
PERMISSION_LABELS = {
    "intake": _("take in a repair"), "quote": _("make a quote"), "approve": _("record the customer's approval"),
    "decline": _("record that the customer declined"), "cancel": _("cancel an order"),
    "cancel_started": _("cancel an order after the work started"), "promise": _("change the promised date"),
    "rush": _("mark an order as rush"), "pickup": _("hand items over and take payment"), "payment": _("take a deposit"),
    "extend_deadline": _("move the pickup deadline"), "custody": _("record a hand-over"), "photo": _("add a photo"),
    "start": _("start the work"), "finish": _("finish the work"), "send_back": _("send an order back to the workshop"),
    "weigh_out": _("record return weights"), "ready": _("mark an order ready for pickup"),
    "approve_weight": _("approve a weight difference"), "mark_unclaimed": _("mark an order as unclaimed"),
    "decide_unclaimed": _("decide about an unclaimed order"), "revoke_status_link": _("revoke a status link"),
    "catalogue": _("edit the service catalogue"),
    "edit_calendar": _("edit the store's closed days"),  # the table entry is in services/calendar.py
}


def work_started(order: RepairOrder) -> bool:
    """Whether the order has ever been in the workshop (cancelling it then is a manager's call)."""
    return order.status in (S.IN_REPAIR, S.QUALITY_CHECK) or Event.objects.filter(
        subject_type=audit.subject_label(RepairOrder), subject_id=order.pk, kind=f"repair.{S.IN_REPAIR}").exists()


def can_move(order: RepairOrder, to: str) -> bool:
    return to in ALLOWED.get(order.status, set())


def bump(order: RepairOrder) -> None:
    order.version += 1
    order.save(update_fields=["version"])


def lock(order_id: int) -> RepairOrder:
    # OF self: the order's row only. Without it PostgreSQL also locks the joined store and customer
    # rows, so every change to any order of a store waited for the others, and so did every insert
    # referencing the store (an event, a new order: their key checks wait on a locked store row).
    return RepairOrder.objects.select_for_update(of=("self",)).select_related("store", "customer").get(pk=order_id)


def move(order: RepairOrder, *, to: str, actor, note: str = "", extra: dict | None = None) -> RepairOrder:
    """Guard, save and record one move of a locked order."""
    if not can_move(order, to):
        raise IllegalTransition(number=order.number, current=order.get_status_display(), target=Status(to).label)
    old = {"status": order.status}
    order.status = to
    now = clock.now()
    order.status_changed_at = now
    fields = ["status", "status_changed_at", "version"]
    if to == S.READY and order.ready_at is None:
        order.ready_at = now
        fields.append("ready_at")
    if to == S.READY:
        from . import ladder

        fields += ladder.start(order, now=now)  # the pickup deadline counts from this ready notice
    if to == S.COLLECTED:
        order.collected_at = now
        fields.append("collected_at")
    if to == S.UNCLAIMED:
        order.unclaimed_at = order.final_notice_at = now
        order.next_reminder_at = order.next_reminder_days = None
        fields += ["unclaimed_at", "final_notice_at", "next_reminder_at", "next_reminder_days"]
    for name, value in (extra or {}).items():
        setattr(order, name, value)
        fields.append(name)
    order.version += 1
    order.save(update_fields=fields)
    audit.record(actor=actor, kind=f"repair.{to}", subject=order, old=old, new={"status": to, **(extra or {})}, note=note)
    if to in (S.READY, S.UNCLAIMED):
        from . import ladder

        (ladder.notify_ready if to == S.READY else ladder.notify_final)(order)
    return order
