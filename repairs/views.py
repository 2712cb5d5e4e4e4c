"""Thin views: parse, call a service, show the result or what to fix."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aftersales import links, once, roles
from aftersales.concurrency import StaleEdit
from aftersales.models import Role
from aftersales.reports import lists
from customers import selectors as customer_selectors
from customers import services as customer_services

from . import forms, selectors, services
from .models import ApprovalMethod, Location, QuoteStatus, ServiceType, Status
from .risks import RISKS
from .services import catalogue

PAGE_SIZE = 50


class CheapPage:
    """A page of a long list without COUNT(*): one row more than the page says whether there is a next.

    A store's list runs to hundreds of thousands of orders; the counter pages forward and back,
    never to "page 2,317 of 2,318".
    """

    def __init__(self, queryset, number, size: int):
        try:
            self.number = max(1, int(number or 1))
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * size
        rows = list(queryset[start:start + size + 1])
        self._has_next = len(rows) > size
        self.object_list = rows[:size]

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def _errors_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, StaleEdit):
        return str(error.message)
    return str(error)


def _order_or_404(request, number: str):
    return get_object_or_404(selectors.order_detail(user=request.user, number=number))


@login_required
@require_GET
def index(request):
    view = request.GET.get("view", "all")
    if view not in selectors.VIEWS:
        view = "all"
    store = lists.store_from(request)  # a report's or the board's link names the store (404 if not yours)
    start, end = lists.period_from(request)
    qs = selectors.order_list(
        user=request.user, store=store, view=view, status=request.GET.get("status", ""),
        technician=request.GET.get("technician", ""), location=request.GET.get("location", ""), q=request.GET.get("q", ""),
        start=start, end=end, free=request.GET.get("free") == "1", workshop=request.GET.get("workshop", ""),
    )
    page = CheapPage(qs, request.GET.get("page"), PAGE_SIZE)
    return render(request, "repairs/index.html", {
        "page_obj": page, "orders": page.object_list, "view": view, "views": _view_labels(),
        "statuses": Status.choices, "locations": Location.choices,
        "technicians": selectors.technicians(store=store) if store else [],
        "list_store": store, "period": (start, end),
        "today": timezone.localdate(),
        # Labels resolved once per page, not once per row.
        "status_labels": {k: str(v) for k, v in Status.choices}, "location_labels": {k: str(v) for k, v in Location.choices},
        "detail_base": reverse("repairs:index"),
    })


def _view_labels():
    return [("all", _("All")), ("today", _("Today's intake")), ("awaiting", _("Awaiting approval")), ("overdue", _("Overdue")),
            ("ready", _("Ready, not collected")), ("unclaimed", _("Unclaimed")), ("decide", _("Unclaimed: to decide")),
            ("weight", _("Weight differences to approve"))]


def _intake_customer(request, form) -> tuple:
    """(customer or None, matches to choose from, duplicate warning lines). Errors go on the form;
    nothing is created here: a new customer is made with the order, in one transaction."""
    data = form.cleaned_data
    if data.get("customer"):
        picked = customer_selectors.customers_for(request.user).filter(pk=data["customer"]).first()
        if picked is None:
            form.add_error("phone", _("That customer file is not in your stores: search again."))
        return picked, [], []
    matches = customer_selectors.customer_search(user=request.user, query=data["phone"], limit=10)
    if len(matches) == 1 and not form.phone_is_last4:
        return matches[0], matches, []
    if len(matches) > 1:
        form.add_error("phone", _("Several customers match: choose one."))
        return None, matches, []
    if matches:
        form.add_error("phone", _("One customer's phone ends in %(digits)s: check it is this customer and take in again.") % {"digits": data["phone"]})
        return None, matches, []
    if form.phone_is_last4:
        form.add_error("phone", _("No customer in your stores has a phone ending in %(digits)s: type the full number to make a new file.")
                       % {"digits": data["phone"]})
        return None, [], []
    if not (data.get("customer_name") or "").strip():
        form.add_error("customer_name", _("No customer has this phone yet: type the customer's name to make a new file."))
    duplicates = customer_selectors.duplicates_seen_by(user=request.user, phone=data["phone"])
    if duplicates and not data.get("confirm_duplicate"):
        form.add_error("confirm_duplicate", _("Another store has a file with this phone. Ask the customer; tick the box to make a file for our store."))
    return None, [], duplicates


@login_required
def intake(request):
    if request.store is None:
        raise PermissionDenied
    services_qs = ServiceType.objects.filter(is_active=True)
    customer, matches, duplicates, purchases = None, [], [], []
    if request.method == "POST":
        done = once.already_done(token=request.POST.get(once.FIELD), user=request.user)
        if done:
            return redirect(done)
        form = forms.IntakeOrderForm(request.POST)
        if form.is_valid():
            customer, matches, duplicates = _intake_customer(request, form)
        if customer is not None:
            purchases = list(customer_selectors.purchases_of(user=request.user, customer=customer))
        items = forms.IntakeItemFormSet(request.POST, prefix="items", services=services_qs, purchases=purchases)
        if form.is_valid() and items.is_valid():
            item_data = []
            for i, item_form in enumerate(items.forms):
                data = item_form.item_data()
                data["photos"] = request.FILES.getlist(f"items-{i}-photos")
                item_data.append(data)
            new_customer = customer is None
            try:
                with transaction.atomic():
                    if new_customer:
                        customer = customer_services.customer_create(store=request.store, actor=request.user,
                                                                     name=form.cleaned_data["customer_name"], phone=form.cleaned_data["phone"])
                    order = services.repair_create(
                        actor=request.user, store=request.store, customer=customer, items=item_data,
                        risks_acknowledged=form.cleaned_data["risks_acknowledged"], promised_date=form.cleaned_data["promised_date"],
                        rush=form.cleaned_data["rush"], deposit=form.cleaned_data["deposit"] or 0,
                        deposit_method=form.cleaned_data["deposit_method"], do_not_exceed=form.cleaned_data["do_not_exceed"],
                        notes=form.cleaned_data["notes"], signature_data_url=form.cleaned_data["signature"],
                        token=request.POST.get(once.FIELD), origin=request.POST.get("origin", ""),
                    )
            except services.DuplicateSubmit:
                done = once.already_done(token=request.POST.get(once.FIELD), user=request.user)
                return redirect(done or "repairs:index")
            except ValidationError as exc:
                if new_customer:  # rolled back with the order
                    customer = None
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        field = {"name": "customer_name"}.get(field, field)
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, _("Repair order %(number)s created. Promised for %(date)s.") % {
                    "number": order.number, "date": order.promised_date.isoformat()})
                return redirect("repairs:detail", number=order.number)
    else:
        form = forms.IntakeOrderForm(initial={"phone": request.GET.get("phone", "")})
        picked = request.GET.get("customer", "")
        if picked.isdigit():
            customer = customer_selectors.customers_for(request.user).filter(pk=int(picked)).first()
        if customer is not None:
            form.initial["phone"] = customer.phone_last4
            purchases = list(customer_selectors.purchases_of(user=request.user, customer=customer))
        items = forms.IntakeItemFormSet(prefix="items", services=services_qs, purchases=purchases)
    if customer is not None and customer not in matches:
        matches = [customer, *matches]
    return render(request, "repairs/intake.html", {
        "form": form, "items": items, "risks": RISKS, "services": services_qs, "matches": matches,
        "picked": customer.pk if customer is not None else _picked(form), "duplicates": duplicates,
        "has_purchases": bool(purchases),
        "origin": links.describe_origin(request.POST.get("origin") or request.GET.get("origin", ""), user=request.user),
    })


def _picked(form) -> int | None:
    value = form.data.get("customer") if form.is_bound else None
    return int(value) if value and str(value).isdigit() else None


@login_required
@require_GET
def intake_purchases(request):
    """The picked customer's purchases for the item form's "which purchase" list (JSON)."""
    picked = request.GET.get("customer", "")
    if not picked.isdigit():
        return JsonResponse({"purchases": []})
    customer = customer_selectors.customers_for(request.user).filter(pk=int(picked)).first()
    if customer is None:  # another store's customer, like any of its records
        raise Http404
    return JsonResponse({"purchases": [
        {"id": p.pk, "label": forms.purchase_label(p), "special_price": p.special_price, "single_use": p.single_use,
         "item": p.item, "category": p.category, "material": p.material}
        for p in customer_selectors.purchases_of(user=request.user, customer=customer)
    ]})


def _detail_context(request, order, **bound):
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
    order = _order_or_404(request, number)
    return render(request, "repairs/detail.html", _detail_context(request, order))


# --- actions on one order (POST) -------------------------------------------------------------

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
    order = _order_or_404(request, number)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        result = handler(request, order)
    except (ValidationError, services.RepairError, StaleEdit) as exc:
        messages.error(request, _errors_text(exc))
        return redirect("repairs:detail", number=number)
    if isinstance(result, tuple) and isinstance(result[1], BaseForm):
        messages.error(request, _("Please correct the fields marked below."))
        fresh = _order_or_404(request, number)
        return render(request, "repairs/detail.html", _detail_context(request, fresh, **{result[0]: result[1]}), status=400)
    if isinstance(result, tuple):
        messages.info(request, result[1])
    else:
        messages.success(request, result)
    return redirect("repairs:detail", number=number)


# --- pickup ----------------------------------------------------------------------------------

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
    order = _order_or_404(request, number)
    waiting = [i for i in order.items.all() if not i.is_collected]
    scanned = request.GET.get("scanned") == "1"
    if request.method == "POST" and (order.status == Status.COLLECTED or not waiting):
        # A colleague handed everything over a moment ago.
        messages.error(request, _errors_text(services.AlreadyCollected(number=order.number)))
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
                    note=d["note"], expected_version=d["version"],
                )
            except services.AlreadyCollected as exc:
                messages.error(request, _errors_text(exc))
                return redirect("repairs:detail", number=number)
            except StaleEdit:
                messages.error(request, _("A colleague has just handed over items of this order. Check the order before going on."))
                return redirect("repairs:detail", number=number)
            except (ValidationError, services.RepairError) as exc:
                form.add_error(None, _errors_text(exc))
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


# --- private files ---------------------------------------------------------------------------

@login_required
@require_GET
def photo(request, pk):
    row = get_object_or_404(selectors.photo_for(user=request.user, pk=pk))
    response = FileResponse(row.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def intake_signature(request, number):
    order = get_object_or_404(roles.scoped(selectors.RepairOrder.objects.filter(number=number), request.user))
    if not order.intake_signature:
        raise Http404
    response = FileResponse(order.intake_signature.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def signature(request, pk):
    quote = get_object_or_404(selectors.quote_for(user=request.user, pk=pk))
    if not quote.signature:
        raise Http404
    response = FileResponse(quote.signature.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response




# --- the chain's service catalogue ------------------------------------------------------------

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
