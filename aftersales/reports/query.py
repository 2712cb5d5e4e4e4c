"""What a report is asked for: the period, the stores, the filters; parsed from the query string.

Bad input never reaches SQL: a reversed period, more than MAX_MONTHS, an unknown value, a month
that is not a month are form errors; another store's id is a 404 (roles.store_ids).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aftersales import roles
from aftersales.models import Store
from aftersales.policy.deadlines import add_months

MAX_MONTHS = 36
DEFAULT_MONTHS = 12
FILTERS = ("category", "channel", "urgency")
# Query-string keys the report pages understand; anything else is named back as ignored.
KNOWN = {"start", "end", "store", *FILTERS, "page"}
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def month_start(day: date) -> date:
    return day.replace(day=1)


def parse_month(value: str) -> date | None:
    match = MONTH.match((value or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def month_label(day: date) -> str:
    return f"{day:%Y-%m}"


@dataclass
class ReportQuery:
    user: object
    stores: list[Store]              # the stores aggregated over (one, or all the user may see)
    start: date                      # first day of the first month
    end: date                        # first day of the month after the last (exclusive)
    now: datetime
    store: Store | None = None       # set when one store was chosen
    filters: dict = field(default_factory=dict)   # category / channel / urgency → value
    show_staff: bool = False

    @property
    def store_ids(self) -> list[int]:
        return [s.pk for s in self.stores]

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end, time.min))

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)

    def months(self) -> list[date]:
        out, day = [], self.start
        while day < self.end:
            out.append(day)
            day = add_months(day, 1)
        return out

    def month_range(self, month: date) -> tuple[date, date]:
        """The month's first and last day, clipped to the period."""
        return max(month, self.start), min(add_months(month, 1), self.end) - timedelta(days=1)

    def params(self, **extra) -> dict:
        """The query string of this report (for exports, the filter form, the PDF link)."""
        out = {"start": month_label(self.start), "end": month_label(add_months(self.end, -1))}
        if self.store is not None:
            out["store"] = self.store.pk
        out.update({k: v for k, v in self.filters.items() if v})
        out.update({k: v for k, v in extra.items() if v not in (None, "")})
        return out

    def list_params(self, *, day_from: date | None = None, day_to: date | None = None, dated: bool = True, **extra) -> dict:
        """The filters of a drill-down list: the same period (as dates), store and filters."""
        out: dict = {"store": self.store.pk if self.store is not None else "all"}
        if dated:
            out["from"] = (day_from or self.start).isoformat()
            out["to"] = (day_to or (self.end - timedelta(days=1))).isoformat()
        out.update({k: v for k, v in self.filters.items() if v})
        out.update({k: v for k, v in extra.items() if v not in (None, "")})
        return out

    def list_url(self, base: str, **kwargs) -> str:
        return f"{base}?{urlencode(self.list_params(**kwargs))}"


class FilterForm(forms.Form):
    start = forms.CharField(label=_("From month"), required=False, max_length=7)
    end = forms.CharField(label=_("To month"), required=False, max_length=7)
    store = forms.CharField(label=_("Store"), required=False, max_length=12)
    category = forms.CharField(label=_("Category"), required=False, max_length=40)
    channel = forms.CharField(label=_("Channel"), required=False, max_length=40)
    urgency = forms.CharField(label=_("Urgency"), required=False, max_length=40)

    def __init__(self, data, *, choices: dict, today: date):
        super().__init__(data)
        self.choices = choices
        self.today = today

    def clean_start(self):
        return self._month("start")

    def clean_end(self):
        return self._month("end")

    def _month(self, name: str):
        value = self.cleaned_data.get(name, "")
        if not value:
            return None
        parsed = parse_month(value)
        if parsed is None:
            raise forms.ValidationError(_("Write the month as year-month, for example 2026-03."))
        return parsed

    def clean(self):
        data = super().clean()
        end = data.get("end") or month_start(self.today)
        start = data.get("start") or add_months(end, -(DEFAULT_MONTHS - 1))
        if "start" in self.errors or "end" in self.errors:
            return data
        if start > end:
            raise forms.ValidationError(
                _("The period starts (%(start)s) after it ends (%(end)s): swap the two months.")
                % {"start": month_label(start), "end": month_label(end)})
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months > MAX_MONTHS:
            raise forms.ValidationError(
                _("A report covers at most %(max)s months; this period has %(months)s. Choose a shorter one.")
                % {"max": MAX_MONTHS, "months": months})
        data["start"], data["end"] = start, end
        for name in FILTERS:
            value = data.get(name) or ""
            allowed = {v for v, _label in self.choices.get(name, [])}
            if value and value not in allowed:
                self.add_error(name, _("There is no such choice: %(value)s.") % {"value": value[:40]})
        return data


def parse(request, *, report_filters: tuple[str, ...] = (), choices: dict | None = None, now: datetime | None = None):
    """(ReportQuery or None, form, ignored keys). Another store's id raises Http404."""
    now = now or timezone.now()
    data = request.GET
    form = FilterForm(data, choices=choices or {}, today=timezone.localdate(now))
    ignored = sorted(k for k in data if k not in KNOWN or (k in FILTERS and k not in report_filters))
    allowed = roles.store_ids(request.user)
    store = None
    raw_store = (data.get("store") or "").strip()
    if raw_store:
        if not raw_store.isdigit() or int(raw_store) not in allowed:
            raise Http404(gettext("No such store."))
        store = Store.objects.get(pk=int(raw_store))
    if not form.is_valid():
        return None, form, ignored
    if store is not None:
        stores = [store]
    else:
        stores = list(roles.stores(request.user).filter(pk__in=_readable(request.user, allowed)).order_by("code"))
    query = ReportQuery(
        user=request.user, stores=stores, store=store, now=now,
        start=form.cleaned_data["start"], end=add_months(form.cleaned_data["end"], 1),
        filters={k: form.cleaned_data.get(k) or "" for k in FILTERS if k in report_filters},
    )
    return query, form, ignored


def _readable(user, store_ids) -> list[int]:
    return [pk for pk in store_ids if roles.may(user, pk, "reports.view")]
