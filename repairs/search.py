"""The global search box: a scanned order number opens the order."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from aftersales import roles
from aftersales.search import Hit

from .models import RepairOrder


def provider(*, user, query: str, limit: int = 20) -> list[Hit]:
    query = query.strip()
    if len(query) < 3:
        return []
    qs = roles.scoped(RepairOrder.objects.all(), user).select_related("customer")
    exact = qs.filter(number__iexact=query).first()
    if exact:
        return [Hit(kind=_("Repair order"), label=f"{exact.number} · {exact.customer.masked_name}",
                    url=reverse("repairs:detail", kwargs={"number": exact.number}), exact=True)]
    hits = qs.filter(number__istartswith=query).order_by("-received_at")[:limit]
    return [Hit(kind=_("Repair order"), label=f"{o.number} · {o.customer.masked_name} · {o.get_status_display()}",
                url=reverse("repairs:detail", kwargs={"number": o.number})) for o in hits]
