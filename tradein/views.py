from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from aftersales import clock, roles
from aftersales.models import Role

from . import selectors, services
from .forms import MetalPriceForm


@login_required
def index(request):
    return render(request, "core/section.html", {"section_title": _("Trade-in")})


@login_required
def metal_prices(request):
    """Today's price per gram per metal and fineness: store managers keep their store's, chain managers the chain's."""
    store = request.store
    if store is None:
        raise PermissionDenied
    may_edit = roles.has_role(request.user, store, Role.MANAGER)
    form = MetalPriceForm(request.POST or None)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.metal_price_set(actor=request.user, store=store, material=form.cleaned_data["material"],
                                         price_per_gram=form.cleaned_data["price_per_gram"], chain_wide=form.cleaned_data["chain_wide"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Price saved."))
                return redirect("tradein:metal_prices")
    return render(request, "tradein/metal_prices.html", {
        "form": form, "may_edit": may_edit, "prices": selectors.prices_for_day(store=store), "today": clock.today(),
    })
