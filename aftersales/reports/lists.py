"""What a list page takes from a report's or the board's link: the store and the dates.

    store = lists.store_from(request)          # ?store=<id> (404 if not yours), ?store=all, else the current store
    start, end = lists.period_from(request)   # ?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive), None when absent
    qs = lists.received_between(qs, "received_at", start, end)
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.http import Http404
from django.utils import timezone

from aftersales import roles

ALL = "all"


def store_from(request):
    raw = (request.GET.get("store") or "").strip()
    if not raw:
        return request.store
    if raw == ALL:
        return None
    if not raw.isdigit() or int(raw) not in roles.store_ids(request.user):
        raise Http404
    return roles.stores(request.user).get(pk=int(raw))


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def period_from(request) -> tuple[date | None, date | None]:
    return _day(request.GET.get("from")), _day(request.GET.get("to"))


def between(queryset, field: str, start: date | None, end: date | None):
    """Rows whose datetime `field` falls on the days start…end (store time), both inclusive."""
    if start is not None:
        queryset = queryset.filter(**{f"{field}__gte": timezone.make_aware(datetime.combine(start, time.min))})
    if end is not None:
        queryset = queryset.filter(**{f"{field}__lt": timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))})
    return queryset
