"""Reads for the customer pages, the global search, the call list and other apps' helpers."""

from __future__ import annotations

import re
from datetime import date

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Collate

from aftersales import clock, roles

from . import phones
from .models import Customer, CustomerTier, FollowUp, FollowUpReason, FollowUpStatus, Purchase, VipTier

CJK = re.compile(r"[\u3400-\u9fff]")
PHONE_CHARS = re.compile(r"^[+\d][\d\s\-()]*$")


# --- consent ---------------------------------------------------------------------------------

def may_market(customer: Customer) -> bool:
    """True only if the customer agreed to marketing contact (消保法 29) and the file is live."""
    return bool(customer.marketing_consent) and customer.merged_into_id is None


def marketable(queryset: QuerySet | None = None) -> QuerySet:
    """Customers who may receive marketing (birthday, holiday, cleaning, VIP care, promotions)."""
    qs = Customer.objects.all() if queryset is None else queryset
    return qs.filter(marketing_consent=True, merged_into__isnull=True)


def birthdays_on(day: date, queryset: QuerySet | None = None) -> QuerySet:
    """Consenting customers whose birthday is `day`; those born on 29 February are greeted on
    28 February in other years. For the birthday sweep (which then calls followup_create)."""
    import calendar

    match = Q(birthday__month=day.month, birthday__day=day.day)
    if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
        match |= Q(birthday__month=2, birthday__day=29)
    return marketable(queryset).filter(match)


def may_contact_for_service(customer: Customer) -> bool:
    return bool(customer.service_contact) and customer.merged_into_id is None


def followups_allowed(queryset: QuerySet) -> QuerySet:
    """Follow-ups that may be called: service reasons always, marketing ones only with consent."""
    return queryset.filter(~Q(reason__in=FollowUpReason.marketing()) | Q(customer__marketing_consent=True))


# --- who sees what ---------------------------------------------------------------------------

def can_see_full_phone(user, customer: Customer) -> bool:
    """Counter staff and managers see the number on the file; technicians see it masked."""
    return roles.may(user, customer.home_store_id, "customers.see_phone")


def can_edit(user, customer: Customer) -> bool:
    return roles.may(user, customer.home_store_id, "customers.edit")


def can_merge(user, customer: Customer) -> bool:
    return roles.may(user, customer.home_store_id, "customers.merge")


def tier_choices() -> list[tuple[str, str]]:
    extra = [(t.code, t.name) for t in CustomerTier.objects.filter(is_active=True)]
    return [*VipTier.choices, *extra]


def tier_names() -> dict[str, str]:
    return dict(tier_choices())


# --- customers -------------------------------------------------------------------------------

def customers_for(user) -> QuerySet[Customer]:
    return roles.scoped(Customer.objects.filter(merged_into__isnull=True), user).select_related("home_store")


def customer_get(*, user, pk: int, include_merged: bool = False) -> Customer:
    """The customer file or Customer.DoesNotExist (a view turns it into a 404)."""
    base = Customer.objects.all() if include_merged else Customer.objects.filter(merged_into__isnull=True)
    return roles.scoped(base, user).select_related("home_store", "merged_into").get(pk=pk)


def classify(query: str) -> tuple[str, str]:
    """('phone', e164) | ('last4', '5678') | ('digits', '...') | ('name', ...) | ('text', ...)."""
    q = (query or "").strip()
    if not q:
        return "empty", ""
    compact = re.sub(r"[\s\-()]", "", q)
    if compact.isdigit() and len(compact) == 4:
        return "last4", compact
    if PHONE_CHARS.match(q) and len(re.sub(r"\D", "", q)) >= 7:
        e164 = phones.try_normalise(q)
        if e164:
            return "phone", e164
        return "digits", compact
    if CJK.search(q):
        return "name", q
    return "text", q


def _name_key():
    """The name as searched and sorted: code-point order ("C") on PostgreSQL, where an index on
    that expression serves both the prefix match and the order (migration 0003)."""
    return Collate("name", "C") if connection.vendor == "postgresql" else F("name")


def customer_search(*, user, query: str, limit: int = 20) -> list[Customer]:
    """Find a file fast: full phone, last four digits, start of a name, receipt number.

    Each branch is one indexed lookup (phone, phone_last4, name prefix, receipt number), so the
    counter gets an answer in milliseconds on a few hundred thousand customers.
    """
    kind, value = classify(query)
    base = customers_for(user).annotate(name_key=_name_key())
    if kind == "empty":
        return []
    if kind == "phone":
        qs = base.filter(Q(phone=value) | Q(phone2=value))
    elif kind == "last4":
        qs = base.filter(phone_last4=value)
    elif kind == "name":
        qs = base.filter(name_key__startswith=value)
    elif kind == "digits":
        qs = base.filter(pk__in=Purchase.objects.filter(receipt_number=value).values("customer_id"))
    else:
        receipt = Purchase.objects.filter(receipt_number=value).values("customer_id")
        qs = base.filter(Q(name_key__startswith=value) | Q(pk__in=receipt))
    return list(qs.order_by("name_key", "pk")[:limit])


def duplicates_for_phone(*, phone: str, exclude_pk: int | None = None) -> QuerySet[Customer]:
    """Live files with this phone anywhere in the chain (the warning names the store only)."""
    qs = Customer.objects.filter(Q(phone=phone) | Q(phone2=phone), merged_into__isnull=True).select_related("home_store")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def duplicates_seen_by(*, user, phone: str, exclude_pk: int | None = None) -> list[dict]:
    """The duplicate warning's lines: files with this phone; another store's file shows only a masked
    name and its store (no link), so the counter knows to ask rather than to open it."""
    from django.urls import reverse

    reachable = roles.store_ids(user)
    out = []
    for c in duplicates_for_phone(phone=phone, exclude_pk=exclude_pk):
        seen = c.home_store_id in reachable
        out.append({
            "id": c.pk if seen else None, "name": c.name if seen else c.masked_name, "masked_phone": c.masked_phone,
            "store": c.home_store.name, "url": reverse("customers:detail", args=[c.pk]) if seen else "",
        })
    return out


def purchases_of(*, user, customer: Customer) -> QuerySet[Purchase]:
    return customer.purchases.select_related("store").order_by("-purchased_at", "pk")


def followups_of(customer: Customer) -> QuerySet[FollowUp]:
    return customer.followups.select_related("store", "assignee").prefetch_related("calls").order_by("-due_date", "-pk")


# --- the call list ---------------------------------------------------------------------------

def call_list(*, user, store, today: date | None = None) -> QuerySet[FollowUp]:
    """The store's follow-up calls for today and overdue, oldest first, marketing only with consent."""
    today = today or clock.today()
    qs = roles.scoped(FollowUp.objects.all(), user).filter(store=store, status=FollowUpStatus.DUE)
    qs = qs.filter(Q(next_try_on__lte=today) | Q(next_try_on__isnull=True, due_date__lte=today))
    qs = followups_allowed(qs)
    return qs.select_related("customer", "assignee", "source_type").prefetch_related("source").order_by("due_date", "pk")


def followups_reported(*, user, store, status: str, start=None, end=None, reason: str = "", rating: str = "") -> QuerySet[FollowUp]:
    """The calls behind a follow-up report's figure: by status and due date (inclusive days)."""
    qs = roles.scoped(FollowUp.objects.filter(status=status), user)
    if store is not None:
        qs = qs.filter(store=store)
    if start is not None:
        qs = qs.filter(due_date__gte=start)
    if end is not None:
        qs = qs.filter(due_date__lte=end)
    if reason:
        qs = qs.filter(reason=reason)
    if rating.isdigit():
        qs = qs.filter(calls__satisfaction=int(rating)).distinct()
    return qs.select_related("customer", "assignee", "source_type").prefetch_related("source").order_by("due_date", "pk")


def followup_get(*, user, pk: int) -> FollowUp:
    return roles.scoped(FollowUp.objects.all(), user).select_related("customer", "customer__home_store", "store").get(pk=pk)


def followup_source_url(followup: FollowUp) -> str:
    if followup.source_type_id is None:
        return ""
    try:
        source = followup.source
    except Exception:  # the source model may be gone (an app removed): show no link
        return ""
    get_url = getattr(source, "get_absolute_url", None)
    return get_url() if get_url else ""
