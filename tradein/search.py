"""The global search box: a typed or scanned quote number opens the quote."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from aftersales import roles
from aftersales.search import Hit

from .models import Quote


def provider(*, user, query: str, limit: int = 20) -> list[Hit]:
    query = query.strip()
    if len(query) < 3:
        return []
    qs = roles.scoped(Quote.objects.all(), user).select_related("customer")
    exact = qs.filter(number__iexact=query).first()
    if exact:
        return [Hit(kind=_("Trade-in"), label=f"{exact.number} · {exact.customer.masked_name} · {exact.get_status_display()}",
                    url=reverse("tradein:detail", kwargs={"number": exact.number}), exact=True)]
    hits = qs.filter(number__istartswith=query).order_by("-created_at")[:limit]
    return [Hit(kind=_("Trade-in"), label=f"{q.number} · {q.customer.masked_name} · {q.get_status_display()}",
                url=reverse("tradein:detail", kwargs={"number": q.number})) for q in hits]
