"""Pages of the pickup ladder: the unclaimed list with its notices, and moving a deadline."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aftersales import clock, roles
from aftersales.concurrency import StaleEdit
from aftersales.notifications.models import Message

from .. import selectors
from ..forms.ladder import ExtendDeadlineForm
from ..models import RepairOrder, Status
from ..services import ladder
from ..services.work import NOTICE_DAYS_BEFORE_DISPOSAL

PAGE_SIZE = 50


@login_required
@require_GET
def unclaimed(request):
    """The managers' list: unclaimed orders, every notice sent, and when disposal becomes lawful."""
    if request.store is None:
        raise PermissionDenied
    roles.require(request.user, request.store, "repairs.decide_unclaimed")
    qs = (roles.scoped(RepairOrder.objects.filter(store=request.store, status=Status.UNCLAIMED), request.user)
          .select_related("customer").order_by("unclaimed_at", "id"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    orders = list(page.object_list)
    notices: dict[int, list] = {o.pk: [] for o in orders}
    for m in (Message.objects.filter(subject_type=RepairOrder._meta.label_lower, subject_id__in=list(notices))
              .only("id", "kind", "status", "created_at", "sent_at", "subject_id").order_by("created_at", "id")):
        notices[m.subject_id].append(m)
    rows = [(o, notices[o.pk], (o.final_notice_at or o.unclaimed_at) + timedelta(days=NOTICE_DAYS_BEFORE_DISPOSAL)
             if (o.final_notice_at or o.unclaimed_at) else None) for o in orders]
    return render(request, "repairs/unclaimed.html", {"rows": rows, "page_obj": page, "now": clock.now()})


@login_required
def extend_deadline(request, number):
    order = get_object_or_404(selectors.order_detail(user=request.user, number=number))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ExtendDeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("repairs:detail", number=number)
    d = form.cleaned_data
    try:
        ladder.repair_extend_pickup_deadline(order_id=order.pk, actor=request.user, new_deadline=d["new_deadline"],
                                             reason=d["reason"], expected_version=d["version"], now=clock.now())
    except (ValidationError, StaleEdit) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(getattr(exc, "message", exc))]))
    else:
        messages.success(request, _("The pickup deadline is moved; the reminders follow it."))
    return redirect("repairs:detail", number=number)
