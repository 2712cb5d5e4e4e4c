"""Follow-up calls the sweeps create: birthdays, periodic cleaning invitations, and escalation.

Each is a due query (what still needs a follow-up today) and a handler that creates it through
followup_create (idempotent on its natural key), so a second run, or two workers at once, add
nothing. Marketing reasons (birthday, cleaning) only for customers who agreed (消保法 29): the due
queries select consenting customers only, and followup_create refuses the others anyway.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _

from aftersales import audit, clock
from aftersales.models import Store
from aftersales.notifications.services import notify
from aftersales.policy.deadlines import add_months

from . import selectors, services
from .models import Customer, FollowUp, FollowUpReason, FollowUpStatus, Purchase

CLEANING_TIMES = 4  # invitations after a purchase or a repair: at M, 2M, 3M and 4M months
LATE_DAYS = 6  # a sweep that did not run for a few days still invites (the natural key keeps it once)


def _settings(field: str) -> list[int]:
    return sorted(set(Store.objects.values_list(field, flat=True)))


# --- birthdays ----------------------------------------------------------------------------------

def birthdays_due(now: datetime) -> QuerySet:
    match = Q(pk__in=[])
    for zone in clock.zones():  # each store's today, in its time zone
        today = clock.local_date(now, Store(time_zone=zone))
        done = FollowUp.objects.filter(customer=OuterRef("pk"), reason=FollowUpReason.BIRTHDAY, due_date=today)
        for days in _settings("birthday_greeting_days_before"):
            ids = selectors.birthdays_on(today + timedelta(days=days)).filter(
                home_store__birthday_greeting_days_before=days, home_store__time_zone=zone)
            match |= Q(pk__in=ids.values("pk")) & ~Q(Exists(done))
    return selectors.marketable().filter(match).select_related("home_store").order_by()


def greet_birthdays(rows: list[Customer], *, now: datetime) -> int:
    for customer in rows:
        today = clock.today(customer.home_store, now)
        birthday = today + timedelta(days=customer.home_store.birthday_greeting_days_before)
        services.followup_create(customer=customer, reason=FollowUpReason.BIRTHDAY, due_date=today, store=customer.home_store,
                                 context=_("Birthday on %(date)s.") % {"date": birthday.isoformat()})
        notify(customer=customer, kind="birthday", context={}, store=customer.home_store,
               dedupe_key=f"birthday:{customer.pk}:{birthday.isoformat()}")
    return len(rows)


# --- periodic cleaning and inspection (seed 001: every 6–12 months) ----------------------------

def _invitation_day(start: date, months: int, today: date) -> date | None:
    """The invitation day in the last LATE_DAYS days, if any (start + k × months, k = 1…)."""
    for k in range(1, CLEANING_TIMES + 1):
        day = add_months(start, k * months)
        if today - timedelta(days=LATE_DAYS) <= day <= today:
            return day
    return None


def _window(date_field: str, store_field: str, today: date, zone: str) -> Q:
    match = Q(pk__in=[])
    for months in _settings("cleaning_invitation_months"):
        for k in range(1, CLEANING_TIMES + 1):
            first, last = add_months(today - timedelta(days=LATE_DAYS), -k * months), add_months(today, -k * months)
            match |= Q(**{f"{store_field}__cleaning_invitation_months": months, f"{store_field}__time_zone": zone,
                          f"{date_field}__date__range": (first, last)})
    return match


def cleaning_due_for(queryset: QuerySet, *, date_field: str, customer_field: str, now: datetime) -> QuerySet:
    """Rows (purchases, collected repairs) of consenting customers whose invitation falls due."""
    label = queryset.model._meta.label_lower
    key = Concat(Value(f"{label}:"), Cast("pk", CharField()), output_field=CharField())
    match = Q(pk__in=[])
    for zone in clock.zones():  # each store's today, in its time zone
        today = clock.local_date(now, Store(time_zone=zone))
        done = FollowUp.objects.filter(reason=FollowUpReason.CLEANING, source_key=OuterRef("_key"),
                                       due_date__gte=today - timedelta(days=LATE_DAYS))
        match |= _window(date_field, "store", today, zone) & ~Q(Exists(done))
    return (queryset.annotate(_key=key).filter(match)
            .filter(**{f"{customer_field}__marketing_consent": True, f"{customer_field}__merged_into__isnull": True})
            .select_related("store", customer_field).order_by())


def invite(rows, *, now: datetime, date_field: str, customer_field: str, describe) -> int:
    for row in rows:
        today = clock.today(row.store, now)
        start = clock.local_date(getattr(row, date_field), row.store)
        day = _invitation_day(start, row.store.cleaning_invitation_months, today)
        customer = getattr(row, customer_field)
        item = describe(row)
        services.followup_create(customer=customer, reason=FollowUpReason.CLEANING, due_date=day, store=row.store, source=row,
                                 context=_("Free cleaning and inspection of %(item)s.") % {"item": item})
        notify(customer=customer, kind="cleaning_invitation", context={"item": item}, store=row.store, related=row,
               dedupe_key=f"cleaning:{row._meta.label_lower}:{row.pk}:{day.isoformat()}")
    return len(rows)


def purchases_due(now: datetime) -> QuerySet:
    return cleaning_due_for(Purchase.objects.all(), date_field="purchased_at", customer_field="customer", now=now)


def invite_purchases(rows, *, now: datetime) -> int:
    return invite(rows, now=now, date_field="purchased_at", customer_field="customer", describe=lambda p: p.item)


# --- escalation --------------------------------------------------------------------------------

def overdue_due(now: datetime) -> QuerySet:
    """Open calls overdue by more than their store's escalation days, not yet escalated."""
    match = Q(pk__in=[])
    for zone in clock.zones():  # each store's today, in its time zone
        today = clock.local_date(now, Store(time_zone=zone))
        for days in _settings("followup_escalation_days"):
            match |= Q(store__time_zone=zone, store__followup_escalation_days=days, due_date__lt=today - timedelta(days=days))
    return FollowUp.objects.filter(match, status=FollowUpStatus.DUE, escalated_at__isnull=True).order_by()


def escalate(rows: list[FollowUp], *, now: datetime) -> int:
    FollowUp.objects.filter(pk__in=[f.pk for f in rows]).update(escalated_at=now)
    audit.record_many([
        audit.row(kind="followup.escalated", subject=f, store_id=f.store_id, new={"due": f.due_date.isoformat()},
                  note=_("Overdue: escalated to the store manager."))
        for f in rows
    ], at=now)
    return len(rows)
