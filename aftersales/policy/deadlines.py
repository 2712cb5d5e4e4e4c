"""Counting a rule's time limit as the 民法典 counts deadlines (articles 201–203).

A period in days starts on the day after the purchase; a period in months ends on the
same-numbered day of the last month, or that month's last day when it has no such day; a
deadline is the whole of its last day. Hours run from the moment of purchase.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, tzinfo

from django.utils import timezone

from .models import Window


def add_months(day: date, months: int) -> date:
    """The same-numbered day `months` later (or earlier), or that month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    """A year is twelve months: 29 February + 1 year is 28 February (setting the year alone would fail)."""
    return add_months(day, 12 * years)


def local_date(moment: datetime | date, zone: tzinfo | None = None) -> date:
    """The date of `moment` in `zone` (the store's time zone; default the current one)."""
    if isinstance(moment, datetime):
        return timezone.localtime(moment, zone).date() if timezone.is_aware(moment) else moment.date()
    return moment


def deadline(window: str, length: int | None, purchased_at: datetime, zone: tzinfo | None = None) -> datetime | date | None:
    """The last moment (hours) or the last day (days, months) of the window; None: no limit."""
    n = length or 0
    if window == Window.HOURS:
        return purchased_at + timedelta(hours=n)
    if window == Window.DAYS:
        return local_date(purchased_at, zone) + timedelta(days=n)
    if window == Window.MONTHS:
        return add_months(local_date(purchased_at, zone), n)
    return None


def within(window: str, length: int | None, purchased_at: datetime, at: datetime,
           zone: tzinfo | None = None) -> tuple[bool, datetime | date | None]:
    """Whether `at` is inside the window; days are the store's days (`zone`, its time zone)."""
    end = deadline(window, length, purchased_at, zone)
    if end is None:
        return True, None
    if isinstance(end, datetime):
        return at <= end, end
    return local_date(at, zone) <= end, end
