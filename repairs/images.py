"""Photos and signatures: only real images, size-limited, re-encoded so EXIF (GPS, device) is dropped.

Photos are checked by the core helper (aftersales.uploads), shared with case attachments."""

from __future__ import annotations

import base64
import binascii
import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from aftersales.uploads import ALLOWED_FORMATS, MAX_BYTES, MAX_SIDE, clean_image  # noqa: F401


def signature_from_data_url(data_url: str) -> ContentFile:
    """The signature pad's PNG data URL, checked and re-encoded as PNG."""
    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix):
        raise ValidationError(_("The customer's signature is missing."))
    try:
        raw = base64.b64decode(data_url[len(prefix):], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(_("The signature could not be read."))
    if len(raw) > 1024 * 1024:
        raise ValidationError(_("The signature is too large."))
    try:
        image = Image.open(io.BytesIO(raw))
        image.load()
        if image.format != "PNG":
            raise ValidationError(_("The signature could not be read."))
        out = io.BytesIO()
        image.convert("RGBA").save(out, "PNG")
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(_("The signature could not be read."))
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.png")
