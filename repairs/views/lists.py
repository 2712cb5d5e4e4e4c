"""The order list: filters by view, status, technician, location and a search."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aftersales import clock

from .. import selectors
from ..models import Location, Status
from .common import CheapPage

PAGE_SIZE = 50


@login_required
@require_GET
def index(request):
    view = request.GET.get("view", "all")
    if view not in selectors.VIEWS:
        view = "all"
    qs = selectors.order_list(
        user=request.user, store=request.store, view=view, status=request.GET.get("status", ""),
        technician=request.GET.get("technician", ""), location=request.GET.get("location", ""), q=request.GET.get("q", ""),
    )
    page = CheapPage(qs, request.GET.get("page"), PAGE_SIZE)
    return render(request, "repairs/index.html", {
        "page_obj": page, "orders": page.object_list, "view": view, "views": _view_labels(),
        "statuses": Status.choices, "locations": Location.choices,
        "technicians": selectors.technicians(store=request.store) if request.store else [],
        "today": clock.today(),
        # Labels resolved once per page, not once per row.
        "status_labels": {k: str(v) for k, v in Status.choices}, "location_labels": {k: str(v) for k, v in Location.choices},
        "detail_base": reverse("repairs:index"),
    })


def _view_labels():
    return [("all", _("All")), ("today", _("Today's intake")), ("awaiting", _("Awaiting approval")), ("overdue", _("Overdue")),
            ("ready", _("Ready, not collected")), ("unclaimed", _("Unclaimed"))]
