from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import registry, selectors
from .services import token_is_well_signed


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """The PDF opened in the browser's own viewer (one click, then print), or downloaded."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Content-Length"] = str(len(pdf))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # The print button loads the PDF into a hidden frame of our own page: with the project-wide
    # X-Frame-Options DENY, Chromium refused the frame and the button fell back to a new tab.
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@login_required
@require_GET
def stored_file(request, pk: int):
    """An exact stored copy (from the order's history), for staff of the document's store."""
    document = get_object_or_404(selectors.stored_documents_for_user(request.user), pk=pk)
    return pdf_response(document.read(), document.filename)


@never_cache
@require_GET
def status(request, token: str):
    """Public page behind the QR code: status, promised date, store phone, a masked name."""
    if not token_is_well_signed(token):
        raise Http404
    live = selectors.live_status_token(token)
    if live is None:
        raise Http404
    info = registry.status_for(live.subject_type, live.subject_id)
    if info is None:
        raise Http404
    response = render(request, "documents/status.html", {"info": info})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
