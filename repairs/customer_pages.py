"""The customer's file shows the repairs: timeline entries and a "Repairs" card (customers app hooks)."""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.timeline import Entry

from . import selectors
from .models import RepairItem, Status

CARD_ROWS = 20

MILESTONES = {
    "repair.approved": ("check2-circle", gettext_lazy("%(number)s: quote approved")),
    "repair.declined": ("x-circle", gettext_lazy("%(number)s: quote declined, returned unrepaired")),
    "repair.ready": ("bell", gettext_lazy("%(number)s: ready for pickup")),
    "repair.collected": ("bag-check", gettext_lazy("%(number)s: collected")),
    "repair.cancelled": ("slash-circle", gettext_lazy("%(number)s: cancelled")),
}


def timeline_entries(customer, *, user=None) -> Iterable[Entry]:
    """Order taken in, quote approved or declined, ready, collected: two queries for all orders."""
    orders = {o.pk: o for o in selectors.customer_orders(user=user, customer=customer)}
    urls = {pk: reverse("repairs:detail", kwargs={"number": o.number}) for pk, o in orders.items()}
    kind = _("Repair")
    for order in orders.values():
        yield Entry(when=order.received_at, kind=kind, icon="tools", url=urls[order.pk],
                    title=_("%(number)s: taken in") % {"number": order.number},
                    detail=_("%(store)s · promised for %(date)s") % {"store": order.store.name, "date": order.promised_date.isoformat()})
    for event in selectors.order_milestones(list(orders)):
        order = orders[event.subject_id]
        icon, title = MILESTONES[event.kind]
        yield Entry(when=event.created_at, kind=kind, icon=icon, url=urls[order.pk], title=str(title) % {"number": order.number}, detail=event.note)


def orders_card(*, request, customer) -> str:
    """The "Repairs" card on the customer's page: the orders of the user's stores, newest first."""
    rows = list(selectors.customer_orders(user=request.user, customer=customer)[:CARD_ROWS + 1])
    more = len(rows) > CARD_ROWS
    rows = rows[:CARD_ROWS]
    items: dict[int, list[str]] = {}
    if rows:
        for item in RepairItem.objects.filter(order_id__in=[o.pk for o in rows]).only("order_id", "position", "description").order_by("position"):
            items.setdefault(item.order_id, []).append(item.description)
    return render_to_string("repairs/_customer_orders.html", {
        "customer": customer, "orders": [(o, items.get(o.pk, [])) for o in rows], "more": more,
        "status_labels": {k: str(v) for k, v in Status.choices}, "can_take_in": request.store is not None,
    }, request=request)
