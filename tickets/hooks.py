"""How the cases plug into the core and the customers app: search, timeline, links, documents."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from aftersales import links, roles
from aftersales.search import Hit
from customers.timeline import Entry

from .models import Case


def search_provider(*, user, query: str, limit: int = 20) -> list[Hit]:
    """A case number typed or scanned opens the case; a prefix lists matches."""
    query = query.strip()
    if len(query) < 3:
        return []
    qs = roles.scoped(Case.objects.all(), user).select_related("customer")
    exact = qs.filter(number__iexact=query).first()
    if exact:
        return [Hit(kind=_("Case"), label=f"{exact.number} · {exact.customer.masked_name} · {exact.get_status_display()}",
                    url=exact.get_absolute_url(), exact=True)]
    hits = qs.filter(number__istartswith=query).order_by("-received_at")[:limit]
    return [Hit(kind=_("Case"), label=f"{c.number} · {c.customer.masked_name} · {c.get_status_display()}", url=c.get_absolute_url())
            for c in hits]


def timeline_entries(customer, *, user=None) -> Iterable[Entry]:
    """The customer's cases in the viewer's stores: received, resolved, closed."""
    qs = Case.objects.filter(customer=customer).select_related("store")
    if user is not None:
        qs = roles.scoped(qs, user)
    kind = _("Case")
    for case in qs:
        url = case.get_absolute_url()
        yield Entry(when=case.received_at, kind=kind, icon="chat-square-text", url=url,
                    title=_("%(number)s: %(kind)s received") % {"number": case.number, "kind": case.get_kind_display()},
                    detail=f"{case.store.name} · {case.category.name if case.category_id else ''} · {case.get_status_display()}")
        if case.resolved_at:
            yield Entry(when=case.resolved_at, kind=kind, icon="check2-circle", url=url,
                        title=_("%(number)s: resolved") % {"number": case.number})
        if case.closed_at:
            yield Entry(when=case.closed_at, kind=kind, icon="archive", url=url, title=_("%(number)s: closed") % {"number": case.number})


def describe_case_origin(*, user, pk: int) -> links.Origin | None:
    case = roles.scoped(Case.objects.filter(pk=pk), user).first()
    if case is None or not roles.may(user, case.store, "tickets.handle"):
        return None
    return links.Origin(ref=f"tickets.case:{case.pk}", label=f"{case.get_kind_display()} {case.number}",
                        url=reverse("tickets:detail", kwargs={"number": case.number}), store_id=case.store_id, customer_id=case.customer_id)


def _case_doc(case: Case) -> links.Doc:
    return links.Doc(doc_type="tickets.case", doc_id=case.pk, number=case.number,
                     label=f"{case.number} · {case.get_kind_display()} · {case.get_status_display()}",
                     url=case.get_absolute_url(), store_id=case.store_id, customer_id=case.customer_id)


def lookup(*, user, number: str) -> links.Doc | None:
    case = roles.scoped(Case.objects.filter(number__iexact=number), user).first()
    return _case_doc(case) if case else None


def describe(ids: list[int]) -> dict[int, links.Doc]:
    return {c.pk: _case_doc(c) for c in Case.objects.filter(pk__in=ids)}


def register() -> None:
    from aftersales import search
    from customers import timeline

    from .services.cases import document_opened_from_case

    search.register(search_provider)
    timeline.register(timeline_entries)
    links.register_origin("tickets.case", links.OriginHandler(describe=describe_case_origin, created=document_opened_from_case))
    links.register_document(links.Linkable(doc_type="tickets.case", label=_("Case"), lookup=lookup, describe=describe))
