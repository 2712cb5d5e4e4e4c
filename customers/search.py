"""The global search box: a phone, last four digits, a name or a receipt number finds the file."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from aftersales.search import Hit

from . import selectors


def provider(*, user, query: str, limit: int) -> list[Hit]:
    kind, value = selectors.classify(query)
    if kind == "empty":
        return []
    hits = []
    for c in selectors.customer_search(user=user, query=query, limit=limit):
        exact = kind == "phone" and c.phone == value
        hits.append(Hit(kind=_("Customer"), label=f"{c.name} · {c.masked_phone} · {c.home_store.name}",
                        url=reverse("customers:detail", args=[c.pk]), exact=exact))
    return hits
