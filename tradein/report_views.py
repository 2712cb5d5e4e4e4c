"""The trade-in quotes behind a report's row: the same store, dates and status as the figure."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aftersales import roles
from aftersales.reports import lists

from .models import Quote, QuoteStatus

PAGE_SIZE = 50


@login_required
@require_GET
def reported(request):
    store = lists.store_from(request)
    start, end = lists.period_from(request)
    qs = roles.scoped(Quote.objects.all(), request.user)
    if store is not None:
        qs = qs.filter(store=store)
    qs = lists.between(qs, "created_at", start, end)
    status = request.GET.get("status", "")
    if status in QuoteStatus.values:
        qs = qs.filter(status=status)
    qs = qs.select_related("store", "customer").order_by("-created_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tradein/reported.html", {
        "page_obj": page, "quotes": page.object_list, "total": page.paginator.count, "store": store, "period": (start, end),
        "status_label": dict(QuoteStatus.choices).get(status, ""),
    })
