"""Print views of a repair order: the receipt, the item tag, the pickup slip, as stored PDFs.

Each serves the stored copy when the order is unchanged and stores version n + 1 otherwise
(aftersales.documents.services.document_get_or_render); the PDF opens inline for the browser's
print dialog. Every order is read through roles.scoped: another store's order is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales import roles
from aftersales.concurrency import StaleEdit
from aftersales.documents import selectors as doc_selectors
from aftersales.documents import services as doc_services
from aftersales.documents.views import pdf_response
from aftersales.models import Role

from .. import documents
from ..forms.printing import PrintSettingsForm
from ..models import Pickup

LANGUAGES = ("zh-hans", "en")


def _order(request, number: str):
    return get_object_or_404(roles.scoped(documents.printable_orders().filter(number=number), request.user))


def _language(request) -> str | None:
    language = request.GET.get("lang", "")
    return language if language in LANGUAGES else None


@login_required
@require_GET
def receipt(request, number):
    """?copies=both prints the customer's and the store's copy; default the customer's."""
    order = _order(request, number)
    copies = ("customer", "store") if request.GET.get("copies") == "both" else ("customer",)
    data = documents.receipt_data(order, copies=copies, language=_language(request),
                                 base_url=doc_services.public_base_url(request))
    doc = doc_services.document_get_or_render(kind="receipt", subject=order, data=data, actor=request.user)
    return pdf_response(doc.read(), doc.filename)


@login_required
@require_GET
def tag(request, number):
    order = _order(request, number)
    doc = doc_services.document_get_or_render(kind="tag", subject=order, data=documents.tag_data(order), actor=request.user)
    return pdf_response(doc.read(), doc.filename)


@login_required
@require_GET
def pickup_slip(request, number, pk):
    order = _order(request, number)
    pickup = get_object_or_404(Pickup.objects.filter(order=order).select_related("order__store", "order__customer", "handed_by")
                               .prefetch_related("items", "payments"), pk=pk)
    copies = ("customer", "store") if request.GET.get("copies") == "both" else ("customer",)
    data = documents.pickup_slip_data(pickup, copies=copies, language=_language(request))
    # The slip's subject is the order: its stored versions show in the order's history.
    doc = doc_services.document_get_or_render(kind="pickup_slip", subject=order, data=data, actor=request.user)
    return pdf_response(doc.read(), doc.filename)


@login_required
@require_POST
def revoke_status_link(request, number):
    """A manager cuts the receipt's QR code off (a lost receipt): the printed link becomes a 404.
    The next print of the receipt carries a new link (and is a new version)."""
    order = _order(request, number)
    roles.require_role(request.user, order.store, Role.MANAGER)
    if doc_services.status_token_revoke(subject=order, actor=request.user):
        messages.success(request, _("The status link on the printed receipt no longer works. Print the receipt again for a new one."))
    else:
        messages.info(request, _("There was no live status link: nothing was changed."))
    return redirect("repairs:detail", number=order.number)


@login_required
def print_settings(request):
    """The current store's receipt paper and tag size (store managers)."""
    store = request.store
    if store is None:
        raise PermissionDenied
    roles.require_role(request.user, store, Role.MANAGER)
    current = doc_selectors.print_settings_for(store)
    form = PrintSettingsForm(request.POST or None, instance=current, initial={"version": current.version})
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in ("receipt_paper", "tag_width_mm", "tag_height_mm")}
        try:
            doc_services.print_settings_save(store=store, actor=request.user, values=values, expected_version=form.cleaned_data["version"])
        except StaleEdit as exc:
            form.add_error(None, str(exc.message))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Print settings saved."))
            return redirect("repairs:print_settings")
    return render(request, "repairs/print_settings.html", {"form": form, "store": store}, status=400 if form.errors else 200)
