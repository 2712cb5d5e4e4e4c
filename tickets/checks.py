"""In December, warn when next year's official holiday schedule is known neither to the
chinese-calendar package nor from a manager: regulator deadlines of next year could not be counted."""

from __future__ import annotations

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from django.utils import timezone


def missing_next_year(today) -> int | None:
    from . import workdays

    if today.month != 12:
        return None
    year = today.year + 1
    if workdays.package_knows(year):
        return None
    try:
        if year in workdays.added_years():
            return None
    except DatabaseError:  # no tables yet (before migrate): say nothing rather than fail the check
        return None
    return year


# Tagged "database": it reads the added years, so it runs on `migrate` (every deploy) and on
# `check --database default`, not on a plain `check` without a database.
@register(Tags.database)
def check_next_year_calendar(app_configs, databases=None, **kwargs):
    if not databases:
        return []
    year = missing_next_year(timezone.localdate())
    if year is None:
        return []
    return [Warning(
        f"The official holiday schedule of {year} is not known: regulator (12315) reply deadlines in {year} cannot be counted.",
        hint="Upgrade chinese-calendar, or have a chain manager add the schedule under Cases → Official calendar.",
        id="tickets.W001",
    )]
