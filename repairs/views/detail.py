"""One order's page, with every form of the actions on it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aftersales import roles
from aftersales.models import Role

from .. import forms, selectors, services
from ..models import ApprovalMethod, Location, QuoteStatus, Status
from .common import order_or_404


def detail_context(request, order, **bound):
    items = list(order.items.all())
    waiting = [i for i in items if not i.is_collected]
    quotes = list(order.quotes.all())
    staff = selectors.store_staff(store=order.store)
    due = services.amount_due(order)
    paid = services.amount_paid(order)
    ctx = {
        "order": order, "items": items, "quotes": quotes, "latest_quote": quotes[0] if quotes else None,
        "payments": list(order.payments.all()), "pickups": list(order.pickups.all()),
        "amount_due": due, "amount_paid": paid, "balance": services.balance_due(order),
        "moves": selectors.allowed_moves(order), "S": Status, "chargeable": services.is_chargeable(order),
        "is_manager": roles.has_role(request.user, order.store, Role.MANAGER),
        "events": services_history(order), "language": request.LANGUAGE_CODE,
        "weight_flags": {i.pk: services.needs_weight_approval(i) for i in items},
        "quote_form": bound.get("quote") or forms.QuoteForm(initial={"version": order.version, "labour": order.estimate}),
        "approve_form": bound.get("approve") or forms.ApproveForm(initial={"version": order.version, "do_not_exceed": order.do_not_exceed}),
        "decline_form": bound.get("decline") or forms.NoteForm(initial={"version": order.version}),
        "cancel_form": bound.get("cancel") or forms.ReasonForm(initial={"version": order.version}),
        "sendback_form": bound.get("send_back") or forms.ReasonForm(initial={"version": order.version}),
        "start_form": bound.get("start") or forms.StartForm(initial={"version": order.version, "technician": order.technician_id},
                                                           technicians=list(staff)),
        "custody_staff": staff,
        "weights_form": bound.get("weights") or forms.WeightsForm(initial={"version": order.version}, items=waiting),
        "promise_form": bound.get("promise") or forms.PromisedDateForm(initial={"version": order.version, "new_date": order.promised_date}),
        "decide_form": bound.get("decide") or forms.UnclaimedDecisionForm(initial={"version": order.version}),
        "locations": [c for c in Location.choices if c[0] != Location.CUSTOMER],
        "approval_methods": ApprovalMethod, "quote_status": QuoteStatus,
    }
    return ctx


def services_history(order):
    from aftersales.audit import history

    return history(order)


@login_required
@require_GET
def detail(request, number):
    order = order_or_404(request, number)
    return render(request, "repairs/detail.html", detail_context(request, order))
