"""Shared bits of the ladder tests: store-local moments and many READY orders at once."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from repairs.models import RepairOrder, Status
from tests.repairs.factories import make_order

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(y: int, m: int, d: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=SHANGHAI)


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def ready_orders(store, n: int, *, deadline: date, customer=None) -> list[int]:
    """One READY order through the real services, then n-1 copies of it in one INSERT."""
    first = make_order(store, status=Status.READY, **({"customer": customer} if customer else {}))
    RepairOrder.objects.filter(pk=first.pk).update(pickup_deadline=deadline, next_reminder_at=None, next_reminder_days=None)
    first.refresh_from_db()
    copies = []
    for i in range(1, n):
        clone = RepairOrder.objects.get(pk=first.pk)
        clone.pk = clone.id = None
        clone.number = f"{first.number}-{i:05d}"
        copies.append(clone)
    RepairOrder.objects.bulk_create(copies)
    return list(RepairOrder.objects.filter(status=Status.READY, store=store).values_list("pk", flat=True))
