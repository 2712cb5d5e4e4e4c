"""Repair orders as documents other apps may link to (aftersales.links), e.g. from a case."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aftersales import links, roles

from .models import RepairOrder

DOC_TYPE = "repairs.repairorder"


def _doc(order: RepairOrder) -> links.Doc:
    return links.Doc(
        doc_type=DOC_TYPE, doc_id=order.pk, number=order.number,
        label=f"{order.number} · {order.customer.masked_name} · {order.get_status_display()}",
        url=reverse("repairs:detail", kwargs={"number": order.number}),
        store_id=order.store_id, customer_id=order.customer_id,
    )


def as_doc(order: RepairOrder) -> links.Doc:
    return _doc(order)


def lookup(*, user, number: str) -> links.Doc | None:
    order = roles.scoped(RepairOrder.objects.filter(number__iexact=number), user).select_related("customer").first()
    return _doc(order) if order else None


def describe(ids: list[int]) -> dict[int, links.Doc]:
    return {o.pk: _doc(o) for o in RepairOrder.objects.filter(pk__in=ids).select_related("customer")}


def new_url(*, origin: str, customer_id: int | None = None) -> str:
    query = {"origin": origin}
    if customer_id:
        query["customer"] = customer_id
    return reverse("repairs:intake") + "?" + urlencode(query)


def register() -> None:
    links.register_document(links.Linkable(doc_type=DOC_TYPE, label=_("Repair order"), lookup=lookup, describe=describe, new_url=new_url))
