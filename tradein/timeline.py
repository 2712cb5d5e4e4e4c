"""Trade-ins and buybacks on the customer's timeline (registered in TradeinConfig.ready())."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from aftersales import roles
from aftersales.money import format_money
from customers.timeline import Entry

from .models import Quote, QuoteKind


def entries(customer, *, user=None) -> Iterable[Entry]:
    quotes = Quote.objects.filter(customer=customer).select_related("store")
    if user is not None:
        quotes = roles.scoped(quotes, user)
    for q in quotes:
        detail = [q.get_status_display(), q.store.name]
        if q.amount is not None:
            detail.append(format_money(q.amount))
        yield Entry(when=q.created_at, kind=str(QuoteKind(q.kind).label), title=q.number, icon="arrow-left-right",
                    url=reverse("tradein:detail", kwargs={"number": q.number}), detail=" · ".join(detail))
