"""Reads for the repair pages: always through roles.scoped, with related rows fetched up front."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from aftersales import clock, roles
from aftersales.models import Role, StaffMembership

from .models import OPEN_STATUSES, CustodyMove, ItemPhoto, Pickup, Quote, RepairItem, RepairJob, RepairOrder, Status
from .services import ALLOWED

VIEWS = ("all", "today", "awaiting", "overdue", "ready", "unclaimed")


def _items_prefetch() -> Prefetch:
    return Prefetch("items", queryset=RepairItem.objects.only(
        "id", "order_id", "position", "category", "description", "custody_location", "custody_since", "pickup_id").order_by("position"))


def order_list(*, user, store, view: str = "all", status: str = "", technician: str = "", location: str = "", q: str = "") -> QuerySet[RepairOrder]:
    qs = roles.scoped(RepairOrder.objects.all(), user)
    if store is not None:
        qs = qs.filter(store=store)
    today = clock.today()
    order_by = ["-received_at", "-id"]
    if view == "today":
        start = timezone.make_aware(datetime.combine(today, time.min))
        qs = qs.filter(received_at__gte=start)
    elif view == "awaiting":
        qs = qs.filter(status=Status.AWAITING_APPROVAL)
    elif view == "overdue":
        qs = qs.filter(status__in=OPEN_STATUSES, promised_date__lt=today)
        order_by = ["promised_date", "id"]
    elif view == "ready":
        qs = qs.filter(status=Status.READY)
        order_by = ["ready_at", "id"]
    elif view == "unclaimed":
        qs = qs.filter(status=Status.UNCLAIMED)
    if status and status in Status.values:
        qs = qs.filter(status=status)
    if technician.isdigit():
        qs = qs.filter(technician_id=int(technician))
    if location:
        qs = qs.filter(Exists(RepairItem.objects.filter(order=OuterRef("pk"), custody_location=location, pickup__isnull=True)))
    q = (q or "").strip()
    if q:
        if q.isdigit() and len(q) == 4:
            qs = qs.filter(customer__phone_last4=q)
        elif q.isdigit() and len(q) >= 7:
            qs = qs.filter(customer__phone__endswith=q)
        else:
            qs = qs.filter(Q(number__iexact=q) | Q(number__istartswith=q) | Q(customer__name__icontains=q))
    return (qs.select_related("customer", "technician")
            .only("id", "number", "status", "received_at", "promised_date", "rush", "ready_at", "estimate", "needs_quote",
                  "store_id", "customer__id", "customer__name", "customer__phone", "technician__id", "technician__username",
                  "technician__first_name", "technician__last_name")
            .prefetch_related(_items_prefetch())
            .order_by(*order_by))


def order_detail(*, user, number: str) -> QuerySet[RepairOrder]:
    return (roles.scoped(RepairOrder.objects.filter(number=number), user)
            .select_related("store", "customer", "technician", "received_by")
            .prefetch_related(
                Prefetch("items", queryset=RepairItem.objects.select_related("purchase", "weight_checked_by", "weight_approved_by").order_by("position")),
                Prefetch("items__jobs", queryset=RepairJob.objects.select_related("service_type")),
                Prefetch("items__photos", queryset=ItemPhoto.objects.only("id", "item_id", "stage", "taken_at")),
                Prefetch("items__custody_moves", queryset=CustodyMove.objects.select_related("handed_by", "received_by")),
                Prefetch("quotes", queryset=Quote.objects.select_related("created_by", "approval_recorded_by").order_by("-revision")),
                Prefetch("pickups", queryset=Pickup.objects.select_related("handed_by")),
                "payments",
            ))


def photo_for(*, user, pk: int) -> QuerySet[ItemPhoto]:
    return roles.scoped(ItemPhoto.objects.filter(pk=pk), user)


def quote_for(*, user, pk: int) -> QuerySet[Quote]:
    return roles.scoped(Quote.objects.filter(pk=pk), user)


def store_staff(*, store, role: str | None = None):
    qs = StaffMembership.objects.filter(store=store).select_related("user")
    if role:
        qs = qs.filter(role=role)
    return [m.user for m in qs]


def technicians(*, store):
    return store_staff(store=store, role=Role.TECHNICIAN)


def allowed_moves(order: RepairOrder) -> set[str]:
    return ALLOWED.get(order.status, set())


def ready_for_customer(*, user, phone_tail: str) -> QuerySet[RepairOrder]:
    """Orders waiting for pickup whose customer's phone ends with these digits."""
    qs = roles.scoped(RepairOrder.objects.filter(status__in=[Status.READY, Status.DECLINED], collected_at__isnull=True), user)
    phone_tail = "".join(ch for ch in phone_tail if ch.isdigit())
    if len(phone_tail) == 4:
        qs = qs.filter(customer__phone_last4=phone_tail)
    else:
        qs = qs.filter(customer__phone__endswith=phone_tail[-11:])
    return qs.select_related("customer", "store").order_by("ready_at")[:50]


# --- the customer's page and timeline ------------------------------------------------------------

TIMELINE_EVENTS = ("repair.approved", "repair.declined", "repair.ready", "repair.collected", "repair.cancelled")


def customer_orders(*, user, customer) -> QuerySet[RepairOrder]:
    """The customer's orders, newest first; with a user, only those of the user's stores."""
    qs = RepairOrder.objects.filter(customer=customer)
    if user is not None:
        qs = roles.scoped(qs, user)
    return (qs.select_related("store")
            .only("id", "number", "status", "received_at", "promised_date", "estimate", "needs_quote", "rush", "store__id", "store__name",
                  "store__code", "customer_id")
            .order_by("-received_at", "-id"))


def order_milestones(order_ids: list[int]):
    """The events the customer's timeline shows (approved, declined, ready, collected, cancelled) of
    these orders, in one query."""
    from aftersales.models import Event

    if not order_ids:
        return Event.objects.none()
    return (Event.objects.filter(subject_type=RepairOrder._meta.label_lower, subject_id__in=order_ids, kind__in=TIMELINE_EVENTS)
            .only("id", "created_at", "kind", "subject_id", "note", "new").order_by("created_at", "pk"))
