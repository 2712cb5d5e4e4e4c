"""Promised dates: working days after intake, skipping the store's calendar.

The calendar is kept by the store manager on the store settings page: the weekdays the store is
closed every week (Store.closed_weekdays) and single closed days (StoreClosedDay; with no store,
the whole chain is closed).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q

from .models import StoreClosedDay


def closed_days(store, start: date, end: date) -> set[date]:
    rows = StoreClosedDay.objects.filter(Q(store=store) | Q(store__isnull=True), date__gte=start, date__lte=end)
    return set(rows.values_list("date", flat=True))


def add_working_days(*, store, start: date, days: int) -> date:
    """The date `days` open days after `start`; day one is the day after (民法典 201)."""
    closed_weekdays = set(getattr(settings, "REPAIRS_CLOSED_WEEKDAYS", ())) | store.closed_weekday_numbers
    days = max(int(days), 0)
    horizon = start + timedelta(days=days * 3 + 30)
    closed = closed_days(store, start, horizon)
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if current.weekday() in closed_weekdays or current in closed:
            continue
        counted += 1
    while current.weekday() in closed_weekdays or current in closed:
        current += timedelta(days=1)
    return current


def turnaround(days: list[int], rush: bool) -> int:
    """The longest job decides; rush work halves it (at least one day)."""
    longest = max(days or [1])
    return max(1, (longest + 1) // 2) if rush else max(1, longest)
