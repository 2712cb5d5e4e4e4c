"""Photos and signatures: only real images, size-limited, re-encoded so EXIF (GPS, device) is dropped."""

from __future__ import annotations

import base64
import binascii
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
