"""The order's life: an explicit map of allowed moves; every move locks the row and writes an event."""

from __future__ import annotations

from aftersales import audit, clock

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


def can_move(order: RepairOrder, to: str) -> bool:
    return to in ALLOWED.get(order.status, set())


def bump(order: RepairOrder) -> None:
    order.version += 1
    order.save(update_fields=["version"])


def lock(order_id: int) -> RepairOrder:
    return RepairOrder.objects.select_for_update().select_related("store", "customer").get(pk=order_id)


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
