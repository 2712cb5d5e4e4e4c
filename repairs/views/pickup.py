"""The pickup desk: find the order (scan or phone), then hand the items over."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aftersales import roles
from aftersales.concurrency import StaleEdit

from .. import forms, selectors, services
from ..models import Status
from .common import errors_text, order_or_404


@login_required
@require_GET
def find(request):
    """The pickup desk: scan the receipt's barcode, or type the customer's phone."""
    form = forms.FindForm(request.GET or None)
    results = []
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        exact = roles.scoped(selectors.RepairOrder.objects.filter(number__iexact=q), request.user).first()
        if exact:
            return redirect(reverse("repairs:pickup", kwargs={"number": exact.number}) + "?scanned=1")
        results = list(selectors.ready_for_customer(user=request.user, phone_tail=q))
        if not results:
            messages.info(request, _("No order waiting for pickup matches %(q)s.") % {"q": q})
    return render(request, "repairs/find.html", {"form": form, "results": results})


@login_required
def pickup(request, number):
    order = order_or_404(request, number)
    waiting = [i for i in order.items.all() if not i.is_collected]
    scanned = request.GET.get("scanned") == "1"
    if request.method == "POST" and (order.status == Status.COLLECTED or not waiting):
        # A colleague handed everything over a moment ago.
        messages.error(request, errors_text(services.AlreadyCollected(number=order.number)))
        return redirect("repairs:detail", number=number)
    if request.method == "POST":
        form = forms.PickupForm(request.POST, items=waiting)
        if form.is_valid():
            d = form.cleaned_data
            item_ids, weights = form.selection()
            try:
                services.repair_pickup(
                    order_id=order.pk, actor=request.user, item_ids=item_ids, weights=weights, receipt_presented=d["receipt_presented"],
                    phone_last4=d["phone_last4"], by_owner=d["by_owner"], collector_name=d["collector_name"], id_type=d["id_type"],
                    id_last_digits=d["id_last_digits"], payment_amount=d["payment_amount"] or 0, payment_method=d["payment_method"],
                    note=d["note"], expected_version=d["version"], signature_data_url=d["signature"],
                )
            except services.AlreadyCollected as exc:
                messages.error(request, errors_text(exc))
                return redirect("repairs:detail", number=number)
            except StaleEdit:
                messages.error(request, _("A colleague has just handed over items of this order. Check the order before going on."))
                return redirect("repairs:detail", number=number)
            except (ValidationError, services.RepairError) as exc:
                form.add_error(None, errors_text(exc))
            else:
                messages.success(request, _("Handed over. Thank the customer."))
                return redirect("repairs:detail", number=number)
    else:
        form = forms.PickupForm(items=waiting, initial={"version": order.version, "receipt_presented": scanned,
                                                         "payment_amount": max(services.balance_due(order), 0)})
    return render(request, "repairs/pickup.html", {
        "order": order, "form": form, "waiting": waiting, "balance": services.balance_due(order), "refund": -services.balance_due(order),
        "can_collect": order.status in (Status.READY, Status.DECLINED) and bool(waiting), "scanned": scanned,
        "weight_fields": [(i, form[f"take{i.pk}"], form[f"w{i.pk}"]) for i in waiting],
    })
