"""The complaint list behind a report's bar or row, or a board number: the same filters as the figure."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from aftersales import roles
from aftersales.reports import lists
from aftersales.reports.query import FILTERS

from . import reports
from .models import Case, Kind

PAGE_SIZE = 50


@login_required
@require_GET
def reported(request):
    now = timezone.now()
    store = lists.store_from(request)
    store_ids = [store.pk] if store is not None else sorted(roles.store_ids(request.user))
    start, end = lists.period_from(request)
    choices = reports.filter_choices()
    filters = {k: request.GET.get(k, "") for k in FILTERS if request.GET.get(k, "") in {v for v, _l in choices[k]}}
    if request.GET.get("kinds") == "all":
        qs = Case.objects.filter(store_id__in=store_ids)  # the board counts cases of every kind
    else:
        qs = reports.complaints(store_ids=store_ids, **filters)
    qs = lists.between(qs, "received_at", start, end)
    show_staff = all(roles.may(request.user, pk, "reports.view_staff") for pk in store_ids)
    qs = reports.drill(qs, request.GET, now=now, show_staff=show_staff)
    qs = qs.select_related("store", "category", "customer").order_by("-received_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tickets/reported.html", {
        "page_obj": page, "cases": page.object_list, "total": page.paginator.count, "store": store, "period": (start, end),
        "filters": filters, "choices": {k: dict(v) for k, v in choices.items()}, "kind": Kind.COMPLAINT, "now": now,
    })
