"""Uploads to a case: photos through the core's image helper (aftersales.images, shared with repairs
and trade-in: re-encoded so EXIF is dropped), PDFs checked to be PDFs."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from .images import clean_image  # noqa: F401  (the photo check, re-exported for case attachments)

MAX_PDF_BYTES = 10 * 1024 * 1024


def clean_pdf(data: bytes, *, max_bytes: int = MAX_PDF_BYTES) -> ContentFile:
    """A PDF as uploaded (a letter from the regulator, a receipt scan): only the header and size are checked;
    it is never rendered by the desk, only served back as a download to staff."""
    if not data:
        raise ValidationError(_("The file is empty."))
    if len(data) > max_bytes:
        raise ValidationError(_("The document is too large (at most %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)})
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("Only photos and PDF documents can be attached."))
    return ContentFile(data, name=f"{uuid.uuid4().hex}.pdf")
