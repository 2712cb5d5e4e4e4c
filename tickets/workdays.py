"""Working days of the official Chinese calendar, for the regulator's (12315) reply deadlines.

The State Council publishes each year's holidays and the weekend days worked in exchange (调休).
The `chinese-calendar` package knows the years published before its release; a year it does not
know yet can be typed in by a manager (OfficialYear with its OfficialDay rows). A year known
neither way is refused: guessing Monday–Friday would put a legal deadline on a holiday.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from django.utils.translation import gettext as _


class CalendarUnknown(Exception):
    def __init__(self, year: int):
        self.year = year
        super().__init__(_("The official holiday schedule of %(year)s is not known yet: a manager adds it under Cases → Official calendar.")
                         % {"year": year})


def package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def added_years() -> set[int]:
    from .models import OfficialYear

    return set(OfficialYear.objects.values_list("year", flat=True))


def year_known(year: int) -> bool:
    return year in added_years() or package_knows(year)


class Calendar:
    """Answers "is this a working day?" with at most one query per added year."""

    def __init__(self):
        self._added: dict[int, dict[date, str] | None] = {}

    def _year(self, year: int) -> dict[date, str] | None:
        if year not in self._added:
            from .models import OfficialDay, OfficialYear

            if OfficialYear.objects.filter(year=year).exists():
                self._added[year] = dict(OfficialDay.objects.filter(year__year=year).values_list("date", "kind"))
            else:
                self._added[year] = None
        return self._added[year]

    def is_workday(self, day: date) -> bool:
        added = self._year(day.year)
        if added is not None:  # a manager's schedule wins over the package (a corrected notice)
            kind = added.get(day)
            if kind is not None:
                return kind == "workday"
            return day.weekday() < 5
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            raise CalendarUnknown(day.year) from None


def add_working_days(start: date, days: int, *, calendar: Calendar | None = None) -> date:
    """The `days`-th working day after `start` (the day of receipt does not count)."""
    calendar = calendar or Calendar()
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if calendar.is_workday(day):
            counted += 1
    return day
