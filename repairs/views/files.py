"""Private files of an order: item photos and signatures, served only inside the user's stores."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from aftersales import roles

from .. import selectors


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
