"""Uploads from the desk, checked in one place: photos re-encoded so EXIF (GPS, device) is dropped,
PDFs checked to be PDFs. Repairs (item photos) and cases (attachments) both use it."""

from __future__ import annotations

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = getattr(settings, "REPAIRS_PHOTO_MAX_BYTES", 8 * 1024 * 1024)
MAX_SIDE = 2000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}


def clean_image(data: bytes, *, max_bytes: int = MAX_BYTES) -> tuple[ContentFile, int, int]:
    """A JPEG re-encoded from the upload (EXIF gone, orientation applied), with its size."""
    if not data:
        raise ValidationError(_("The file is empty."))
    if len(data) > max_bytes:
        raise ValidationError(_("The photo is too large (at most %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in ALLOWED_FORMATS:
            raise ValidationError(_("Only photos (JPEG, PNG or WebP) can be attached."))
        if image.width * image.height > 50_000_000:
            raise ValidationError(_("The photo is too large."))
        image = ImageOps.exif_transpose(image)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        if image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.split()[-1])
            image = background
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)  # no exif= argument: the new file carries no metadata
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not a photo the desk can read."))
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg"), image.width, image.height


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
