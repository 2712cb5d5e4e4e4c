"""Taking items in: the intake page, and the picked customer's purchases for its item form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aftersales import once
from customers import selectors as customer_selectors
from customers import services as customer_services

from .. import forms, services
from ..models import ServiceType
from ..risks import RISKS


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
                        token=request.POST.get(once.FIELD),
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
