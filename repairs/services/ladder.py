"""The pickup ladder: ready notice, reminders before the pickup deadline, then unclaimed.

Seed 002 gives the customer one month to collect; a bare "not collected = abandoned" clause risks
being void (消保法 26), so the store keeps a ladder of notices and a record of each (the outbox
Message, unique on its dedupe key), and a manager decides what happens after (民法典 453: at least
60 days' notice before disposal). Deadlines are counted as the 民法典 counts them (201–203): a month
after 31 January ends on 28/29 February, and the deadline is the whole of its last day, so the
order becomes unclaimed on the day after.

Due times live on the order (pickup_deadline, next_reminder_at); beat's sweeps (repairs/tasks.py)
select what is due. Nothing is scheduled ahead in the broker.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales import audit, clock, fastinsert, roles
from aftersales.concurrency import check_version
from aftersales.models import Event, Role, Store
from aftersales.notifications.bulk import Notice, Recipient, notify_many
from aftersales.notifications.services import notify
from aftersales.policy.deadlines import add_months
from customers.models import Customer

from ..models import RepairOrder, Status
from .workflow import lock


def deadline_after(store, ready_day: date) -> date:
    """The last day to collect: the ready notice's day plus the store's months (民法典 201–203)."""
    return add_months(ready_day, store.pickup_deadline_months)


def reminder_at(deadline: date, days_before: int) -> datetime:
    """When the reminder `days_before` the deadline is due: that day at PICKUP_REMINDER_HOUR, store time."""
    day = deadline - timedelta(days=days_before)
    return timezone.make_aware(datetime.combine(day, time(settings.PICKUP_REMINDER_HOUR)))


def next_reminder(store, deadline: date, now: datetime) -> tuple[datetime | None, int | None]:
    """The first reminder still ahead of `now`; reminders whose time has passed are not sent late."""
    for days in store.reminder_offsets:  # largest first
        at = reminder_at(deadline, days)
        if at > now:
            return at, days
    return None, None


def reminder_key(order_id: int, deadline: date, days: int) -> str:
    return f"pickup-reminder:{order_id}:{deadline.isoformat()}:{days}"


def final_notice_key(order_id: int, deadline: date) -> str:
    return f"final-notice:{order_id}:{deadline.isoformat()}"


def set_ladder(order: RepairOrder, *, deadline: date, now: datetime) -> list[str]:
    """Put the order on the ladder for `deadline`; returns the fields changed (the caller saves)."""
    order.pickup_deadline = deadline
    order.next_reminder_at, order.next_reminder_days = next_reminder(order.store, deadline, now)
    return ["pickup_deadline", "next_reminder_at", "next_reminder_days"]


def start(order: RepairOrder, *, now: datetime) -> list[str]:
    """The order has just become READY: its deadline counts from today (the ready notice)."""
    return set_ladder(order, deadline=deadline_after(order.store, timezone.localdate(now)), now=now)


def notify_ready(order: RepairOrder) -> None:
    """The ready-for-pickup message with its last day to collect; sent after the caller commits."""
    notify(customer=order.customer, kind="ready_for_pickup", store=order.store, related=order,
           context={"order_number": order.number, "pickup_deadline": order.pickup_deadline},
           dedupe_key=f"ready-for-pickup:{order.pk}:{order.pickup_deadline.isoformat()}")


def notify_final(order: RepairOrder) -> None:
    deadline = order.pickup_deadline or clock.today()
    notify(customer=order.customer, kind="final_notice", store=order.store, related=order,
           context={"order_number": order.number, "pickup_deadline": deadline},
           dedupe_key=final_notice_key(order.pk, deadline))


@transaction.atomic
def repair_extend_pickup_deadline(*, order_id: int, actor, new_deadline: date, reason: str,
                                  expected_version: int | None = None, now: datetime | None = None) -> RepairOrder:
    """The customer called and will come later: move the deadline and the reminders with it."""
    order = lock(order_id)
    roles.require_role(actor, order.store, Role.COUNTER, Role.MANAGER)
    if order.status != Status.READY:
        raise ValidationError(_("Only an order waiting for pickup can have its pickup deadline moved."))
    check_version(order, expected_version)
    if not reason.strip():
        raise ValidationError(_("Write down why the deadline moves (who called, what was agreed)."))
    now = now or clock.now()
    today = timezone.localdate(now)
    if new_deadline < today or (order.pickup_deadline and new_deadline <= order.pickup_deadline):
        raise ValidationError(_("The new last day to collect must be later than the current one and not in the past."))
    old = {"pickup_deadline": order.pickup_deadline}
    fields = set_ladder(order, deadline=new_deadline, now=now)
    order.version += 1
    order.save(update_fields=[*fields, "version"])
    audit.record(actor=actor, kind="repair.pickup_deadline_extended", subject=order, old=old,
                 new={"pickup_deadline": new_deadline}, note=reason.strip())
    return order


# --- the sweeps' handlers (registered in repairs/tasks.py) -------------------------------------

def reminders_due(now: datetime):
    return (RepairOrder.objects.filter(status=Status.READY, next_reminder_at__lte=now, pickup_deadline__gte=timezone.localdate(now))
            .select_related("store", "customer").order_by())


def send_reminders(rows: list[RepairOrder], *, now: datetime) -> int:
    """One reminder per locked order (the most recent one due), then its next reminder time."""
    today = timezone.localdate(now)
    notices, updates = [], []
    for order in rows:
        due = [d for d in order.store.reminder_offsets if reminder_at(order.pickup_deadline, d) <= now]
        if due:
            days = min(due)
            notices.append(Notice(
                customer=order.customer, store=order.store, kind="pickup_reminder", related=order,
                dedupe_key=reminder_key(order.pk, order.pickup_deadline, days),
                context={"order_number": order.number, "pickup_deadline": order.pickup_deadline,
                         "days_left": (order.pickup_deadline - today).days}))
        order.next_reminder_at, order.next_reminder_days = next_reminder(order.store, order.pickup_deadline, now)
        updates.append(order)
    notify_many(notices, now=now)
    RepairOrder.objects.bulk_update(updates, ["next_reminder_at", "next_reminder_days"], batch_size=1000)
    return len(rows)


def expiry_due(now: datetime):
    # The deadline is the whole of its last day: unclaimed from the day after.
    # Lean rows: the handler reads customers and stores once per batch, as plain values.
    return (RepairOrder.objects.filter(status=Status.READY, pickup_deadline__lt=timezone.localdate(now))
            .order_by().only("id", "number", "store_id", "customer_id", "pickup_deadline"))


EVENT_COLUMNS = ["created_at", "actor_id", "store_id", "kind", "subject_type", "subject_id", "old", "new", "note"]


def expire(rows: list[RepairOrder], *, now: datetime) -> int:
    """READY past the deadline → UNCLAIMED, in bulk: one UPDATE, one INSERT of events, one of messages."""
    ids = [o.pk for o in rows]
    moved = RepairOrder.objects.filter(pk__in=ids, status=Status.READY).update(
        status=Status.UNCLAIMED, status_changed_at=now, unclaimed_at=now, final_notice_at=now,
        next_reminder_at=None, next_reminder_days=None, version=F("version") + 1)
    if moved != len(ids):  # the rows are locked; anything else is a bug, and rolls the batch back
        raise RuntimeError(f"expected to move {len(ids)} orders, moved {moved}")
    label = audit.subject_label(RepairOrder)
    note = _("Pickup deadline %(date)s passed; final notice sent.")
    fastinsert.insert(Event, EVENT_COLUMNS, [
        (now, None, o.store_id, "repair.unclaimed", label, o.pk, {"status": "ready"},
         {"status": "unclaimed", "final_notice": final_notice_key(o.pk, o.pickup_deadline)},
         note % {"date": o.pickup_deadline.isoformat()})
        for o in rows
    ], json_columns=("old", "new"))
    stores = Store.objects.in_bulk({o.store_id for o in rows})
    customers = {pk: Recipient(pk, name, phone) for pk, name, phone in
                 Customer.objects.filter(pk__in={o.customer_id for o in rows}).values_list("pk", "name", "phone")}
    notify_many([
        Notice(customer=customers[o.customer_id], store=stores[o.store_id], kind="final_notice", related=o,
               dedupe_key=final_notice_key(o.pk, o.pickup_deadline), context={"order_number": o.number, "pickup_deadline": o.pickup_deadline})
        for o in rows
    ], now=now)
    return len(rows)
