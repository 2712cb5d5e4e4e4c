"""Taking items in: the intake page, and the picked customer's purchases for its item form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aftersales import clock, links, once
from customers import selectors as customer_selectors

from .. import forms, services
from ..models import ServiceType
from ..risks import RISKS


def _customer_fields(form) -> dict:
    data = form.cleaned_data
    return {"phone": data["phone"], "customer_id": data.get("customer"), "customer_name": data.get("customer_name") or "",
            "confirm_duplicate": bool(data.get("confirm_duplicate"))}


def _show_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = {"name": "customer_name"}.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


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
            # Whom the intake is for, to list their purchases and say what to fix; the service decides again.
            choice = services.intake_customer(user=request.user, **_customer_fields(form))
            customer, matches, duplicates = choice.customer, choice.matches, choice.duplicates
            for field, errors in choice.errors.items():
                form.add_error(field, errors)
        if customer is not None:
            purchases = list(customer_selectors.purchases_of(user=request.user, customer=customer))
        items = forms.IntakeItemFormSet(request.POST, prefix="items", services=services_qs, purchases=purchases)
        if form.is_valid() and items.is_valid():
            item_data = []
            for i, item_form in enumerate(items.forms):
                data = item_form.item_data()
                data["photos"] = request.FILES.getlist(f"items-{i}-photos")
                item_data.append(data)
            d = form.cleaned_data
            try:
                order = services.repair_intake(
                    actor=request.user, store=request.store, items=item_data, **_customer_fields(form),
                    risks_acknowledged=d["risks_acknowledged"], promised_date=d["promised_date"], rush=d["rush"],
                    deposit=d["deposit"] or 0, deposit_method=d["deposit_method"], do_not_exceed=d["do_not_exceed"],
                    notes=d["notes"], signature_data_url=d["signature"], token=request.POST.get(once.FIELD), now=clock.now(),
                    origin=request.POST.get("origin", ""),
                )
            except services.DuplicateSubmit:
                done = once.already_done(token=request.POST.get(once.FIELD), user=request.user)
                return redirect(done or "repairs:index")
            except services.IntakeCustomerError as exc:
                customer, matches, duplicates = exc.choice.customer, exc.choice.matches, exc.choice.duplicates
                _show_errors(form, exc)
            except ValidationError as exc:  # a new customer file was rolled back with the order
                _show_errors(form, exc)
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
