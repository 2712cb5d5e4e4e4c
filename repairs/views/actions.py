"""Actions on one order (POST): each handler parses its form and calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from aftersales import roles
from aftersales.concurrency import StaleEdit
from aftersales.models import Role

from .. import forms, selectors, services
from ..models import QuoteStatus
from .common import errors_text, order_or_404
from .detail import detail_context


def _quote(request, order):
    form = forms.QuoteForm(request.POST)
    if not form.is_valid():
        return "quote", form
    d = form.cleaned_data
    quote = services.repair_quote(order_id=order.pk, actor=request.user, labour=d["labour"], parts=d["parts"],
                                  metal_material=d["metal_material"], metal_weight=d["metal_weight"] or 0, discount=d["discount"],
                                  note=d["note"], expected_version=d["version"])
    if quote.status == QuoteStatus.APPROVED:
        return _("Quote revision %(rev)s (%(total)s yuan) is within the do-not-exceed amount: approved.") % {"rev": quote.revision, "total": quote.total}
    return _("Quote revision %(rev)s (%(total)s yuan) is waiting for the customer's approval.") % {"rev": quote.revision, "total": quote.total}


def _approve(request, order):
    form = forms.ApproveForm(request.POST)
    if not form.is_valid():
        return "approve", form
    d = form.cleaned_data
    _order, changed = services.repair_approve(order_id=order.pk, actor=request.user, method=d["method"], signature_data_url=d["signature"],
                                              call_taken_by=d["call_taken_by"], spoke_with=d["spoke_with"],
                                              do_not_exceed=d["do_not_exceed"], expected_version=d["version"])
    if not changed:
        return ("info", _("This order is already approved: nothing was changed."))
    return _("The customer's approval is recorded.")


def _decline(request, order):
    form = forms.NoteForm(request.POST)
    if not form.is_valid():
        return "decline", form
    services.repair_decline(order_id=order.pk, actor=request.user, note=form.cleaned_data["note"], expected_version=form.cleaned_data["version"])
    return _("Declined: hand the items back unrepaired through the pickup page.")


def _cancel(request, order):
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        return "cancel", form
    services.repair_cancel(order_id=order.pk, actor=request.user, reason=form.cleaned_data["note"], expected_version=form.cleaned_data["version"])
    return _("The order is cancelled.")


def _start(request, order):
    staff = selectors.store_staff(store=order.store)
    form = forms.StartForm(request.POST, technicians=staff)
    if not form.is_valid():
        return "start", form
    tech = next((u for u in staff if str(u.pk) == form.cleaned_data["technician"]), None)
    _order, changed = services.repair_start(order_id=order.pk, actor=request.user, technician=tech, expected_version=form.cleaned_data["version"])
    if not changed:
        return ("info", _("The work has already started: nothing was changed."))
    return _("Work started.")


def _finish(request, order):
    services.repair_finish_work(order_id=order.pk, actor=request.user, expected_version=request.POST.get("version"))
    return _("The work is done: weigh the items for the quality check.")


def _send_back(request, order):
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        return "send_back", form
    services.repair_send_back(order_id=order.pk, actor=request.user, note=form.cleaned_data["note"], expected_version=form.cleaned_data["version"])
    return _("Sent back to the workshop.")


def _weights(request, order):
    waiting = [i for i in order.items.all() if not i.is_collected]
    form = forms.WeightsForm(request.POST, items=waiting)
    if not form.is_valid():
        return "weights", form
    weights, added = form.weights()
    services.repair_record_weights(order_id=order.pk, actor=request.user, weights=weights, added_metal=added, expected_version=form.cleaned_data["version"])
    return _("Return weights recorded.")


def _approve_weight(request, order):
    form = forms.WeightApprovalForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Write a note explaining the weight difference."))
    services.repair_approve_weight(order_id=order.pk, item_id=form.cleaned_data["item"], actor=request.user, note=form.cleaned_data["note"])
    return _("The weight difference is approved.")


def _ready(request, order):
    _order, changed = services.repair_mark_ready(order_id=order.pk, actor=request.user, expected_version=request.POST.get("version"))
    if not changed:
        return ("info", _("The order is already ready for pickup: nothing was changed."))
    return _("Ready for pickup: contact the customer.")


def _custody(request, order):
    staff = selectors.store_staff(store=order.store)
    form = forms.CustodyForm(request.POST, staff=staff)
    if not form.is_valid():
        raise ValidationError(_("Choose where the item goes."))
    d = form.cleaned_data
    item = get_object_or_404(order.items, pk=d["item"])
    received = next((u for u in staff if str(u.pk) == d["received_by"]), None)
    services.repair_move_custody(item_id=item.pk, actor=request.user, to=d["to"], received_by=received,
                                 received_by_name=d["received_by_name"], note=d["note"])
    return _("Hand-over recorded.")


def _promise(request, order):
    form = forms.PromisedDateForm(request.POST)
    if not form.is_valid():
        return "promise", form
    d = form.cleaned_data
    services.repair_change_promised_date(order_id=order.pk, actor=request.user, new_date=d["new_date"], reason=d["reason"],
                                         customer_told=d["customer_told"], told_how=d["told_how"], expected_version=d["version"])
    return _("The promised date is changed.")


def _rush(request, order):
    services.repair_set_rush(order_id=order.pk, actor=request.user, rush=request.POST.get("rush") == "1")
    return _("Rush flag saved.")


def _unclaimed(request, order):
    roles.require_role(request.user, order.store, Role.MANAGER)
    services.repair_mark_unclaimed(order_id=order.pk, actor=request.user, note=request.POST.get("note", ""))
    return _("Marked as unclaimed: a manager decides what happens next.")


def _decide(request, order):
    form = forms.UnclaimedDecisionForm(request.POST)
    if not form.is_valid():
        return "decide", form
    services.repair_decide_unclaimed(order_id=order.pk, actor=request.user, decision=form.cleaned_data["decision"],
                                     note=form.cleaned_data["note"], expected_version=form.cleaned_data["version"])
    return _("The decision is recorded.")


def _photo(request, order):
    item = get_object_or_404(order.items, pk=request.POST.get("item") or 0)
    uploads = request.FILES.getlist("photos")
    if not uploads:
        raise ValidationError(_("Choose a photo."))
    for upload in uploads:
        services.repair_add_photo(order_id=order.pk, item_id=item.pk, data=upload.read(), actor=request.user, stage=request.POST.get("stage") or "intake")
    return _("Photo added.")


ACTIONS = {
    "quote": _quote, "approve": _approve, "decline": _decline, "cancel": _cancel, "start": _start, "finish": _finish,
    "send_back": _send_back, "weights": _weights, "approve_weight": _approve_weight, "ready": _ready, "custody": _custody,
    "promise": _promise, "rush": _rush, "unclaimed": _unclaimed, "decide": _decide, "photo": _photo,
}


@login_required
def act(request, number, action):
    order = order_or_404(request, number)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        result = handler(request, order)
    except (ValidationError, services.RepairError, StaleEdit) as exc:
        messages.error(request, errors_text(exc))
        return redirect("repairs:detail", number=number)
    if isinstance(result, tuple) and isinstance(result[1], BaseForm):
        messages.error(request, _("Please correct the fields marked below."))
        fresh = order_or_404(request, number)
        return render(request, "repairs/detail.html", detail_context(request, fresh, **{result[0]: result[1]}), status=400)
    if isinstance(result, tuple):
        messages.info(request, result[1])
    else:
        messages.success(request, result)
    return redirect("repairs:detail", number=number)
