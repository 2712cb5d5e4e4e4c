"""The chain's service catalogue (chain managers edit it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from aftersales import roles

from .. import forms
from ..models import ServiceType
from ..services import catalogue


@login_required
def service_types(request):
    rows = list(ServiceType.objects.order_by("sort", "name"))
    return render(request, "repairs/service_types.html", {"rows": rows, "may_edit": roles.is_chain_manager(request.user)})


@login_required
def service_type_edit(request, pk=None):
    if not roles.is_chain_manager(request.user):
        # The chain's catalogue is edited by chain managers only; for a store role the edit page of
        # a service is not there (404, like another store's record) and making one is forbidden.
        raise Http404 if pk else PermissionDenied
    instance = get_object_or_404(ServiceType, pk=pk) if pk else None
    form = forms.ServiceTypeForm(request.POST or None, instance=instance)
    if instance is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            catalogue.service_type_save(actor=request.user, values=form.cleaned_data, service_id=pk)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Service saved."))
            return redirect("repairs:service_types")
    return render(request, "repairs/service_type_form.html", {"form": form, "instance": instance})
