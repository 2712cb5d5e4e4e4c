"""The store's closed days, a section of the store settings page (aftersales.store_sections)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aftersales import clock, roles
from aftersales.models import Store

from .. import services
from ..models import StoreClosedDay


class ClosedDayForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Closed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=gettext_lazy("Why (shown to staff)"), max_length=100, required=False)


def closed_days_section(*, request, store) -> str:
    today = clock.today()
    rows = StoreClosedDay.objects.filter(store__in=[store, None], date__gte=today).select_related("store").order_by("date")[:60]
    return render_to_string("repairs/_closed_days.html", {
        "store": store, "closed_days": rows, "form": ClosedDayForm(),
        "can_edit": roles.may(request.user, store, "repairs.edit_calendar"),
    }, request=request)


def _store(request, pk: int) -> Store:
    return get_object_or_404(roles.scoped(Store.objects.all(), request.user, path="pk"), pk=pk)


@login_required
@require_POST
def closed_day_add(request, pk: int):
    store = _store(request, pk)
    form = ClosedDayForm(request.POST)
    if form.is_valid():
        try:
            services.closed_day_add(actor=request.user, store=store, day=form.cleaned_data["date"], note=form.cleaned_data["note"],
                                    today=clock.today())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Closed day saved: promised dates skip it."))
    else:
        messages.error(request, _("Give the date the store is closed."))
    return redirect("store_edit", pk=store.pk)


@login_required
@require_POST
def closed_day_remove(request, pk: int, day_pk: int):
    store = _store(request, pk)
    services.closed_day_remove(actor=request.user, store=store, closed_day_id=day_pk)
    messages.success(request, _("Closed day removed."))
    return redirect("store_edit", pk=store.pk)
