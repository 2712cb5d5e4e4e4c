"""The one clock: "now", and a store's day and hour counted in the store's own time zone.

Deadlines belong to the store (Store.time_zone, default Asia/Shanghai), not to the server's
TIME_ZONE: changing the environment must not move a pickup deadline or a quiet hour. Edges
(views, tasks, commands) take `now()` and pass it down; services compute with it.

    today = clock.today(store, now)                 # the store's date at `now`
    at = clock.at(store, day, time(10))             # 10:00 on `day` in the store
    Q(...) from clock.per_zone(now, lambda zone, today: Q(store__time_zone=zone, deadline__lt=today))
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, tzinfo
from functools import lru_cache
from time import monotonic as _monotonic
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from .models import DEFAULT_TIME_ZONE, Store


def now() -> datetime:
    return timezone.now()


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone(store: Store | tzinfo | None) -> tzinfo:
    """The store's time zone (a tzinfo given instead is used as it is)."""
    if isinstance(store, tzinfo):
        return store
    return _zone(getattr(store, "time_zone", "") or DEFAULT_TIME_ZONE)


def local(moment: datetime, store: Store | tzinfo | None) -> datetime:
    """`moment` on the store's wall clock."""
    return timezone.localtime(moment, zone(store))


def today(store: Store | tzinfo | None = None, moment: datetime | None = None) -> date:
    """The store's date at `moment` (default now); without a store, the stores' default zone."""
    return local(moment or now(), store).date()


def localnow(store: Store | tzinfo | None = None) -> datetime:
    """The current moment on the store's wall clock (form defaults, quiet hours)."""
    return local(now(), store)


def local_date(moment: datetime | date, store: Store | None) -> date:
    """The store's date of a moment (a date is already one; a naive datetime is taken as the store's)."""
    if isinstance(moment, datetime):
        return local(moment, store).date() if timezone.is_aware(moment) else moment.date()
    return moment


def at(store: Store | None, day: date, clock_time: time) -> datetime:
    """An aware moment: `clock_time` on `day` on the store's wall clock."""
    return datetime.combine(day, clock_time, tzinfo=zone(store))


ZONES_TTL = 60  # seconds; a store's zone changes rarely, and a change here forgets the list at once
_zones: tuple[float, list[str]] | None = None


def zones() -> list[str]:
    """The time zones the stores count in (usually one). Kept a minute per process, so a sweep's
    batches do not ask again each time; saving or deleting a store forgets it (AftersalesConfig)."""
    global _zones
    if _zones is None or _monotonic() - _zones[0] > ZONES_TTL:
        _zones = (_monotonic(), sorted(set(Store.objects.values_list("time_zone", flat=True))) or [DEFAULT_TIME_ZONE])
    return _zones[1]


def forget_zones(**_signal) -> None:
    global _zones
    _zones = None


def per_zone(moment: datetime, condition: Callable[[str, date], Q]) -> Q:
    """OR of condition(zone, that zone's date at `moment`) over the stores' zones: a sweep's
    "due today" is each store's today."""
    match = Q(pk__in=[])
    for name in zones():
        match |= condition(name, local(moment, Store(time_zone=name)).date())
    return match
