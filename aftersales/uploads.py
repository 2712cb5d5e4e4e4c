"""Uploads from the desk, checked in one place: photos (aftersales.images: re-encoded so EXIF, GPS and
device data are dropped) and PDFs checked to be PDFs. Repairs, trade-in and case attachments use it."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from .images import ALLOWED_FORMATS, MAX_BYTES, MAX_SIDE, clean_image  # noqa: F401

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
