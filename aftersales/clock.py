"""The one clock: "now" and the stores' "today".

Views, tasks and commands ask here and hand the moment down; services that count deadlines take
`now` (or `today`) as an argument and fall back to this clock only when the caller gives none.
Tests move it with time-machine (`make test TEST_NOW=...` moves it for a whole run).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from django.utils import timezone


def now() -> datetime:
    """The current moment, aware (UTC)."""
    return timezone.now()


def today(tz: tzinfo | None = None) -> date:
    """The calendar day at the stores (TIME_ZONE, Asia/Shanghai), or in `tz`."""
    return timezone.localdate(now(), tz)


def localnow(tz: tzinfo | None = None) -> datetime:
    """The current moment in store local time (for form defaults and quiet hours)."""
    return timezone.localtime(now(), tz)
