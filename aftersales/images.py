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


# A signature pad's PNG: a few tens of KB. The limits are checked before anything is decoded
# (a 48 KB PNG can declare 20000×20000 pixels and take gigabytes to open), and what is kept is
# scaled down to what a receipt prints.
SIGNATURE_MAX_BYTES = 512 * 1024
SIGNATURE_MAX_PIXELS = (3000, 1200)   # a high-density tablet's pad fits; anything larger is refused
SIGNATURE_KEEP = (1200, 480)          # stored and printed at most this size
PNG_PREFIX = "data:image/png;base64,"


def signature_from_data_url(data_url: str) -> ContentFile:
    """The signature pad's PNG data URL, checked (bytes, then pixels, before decoding) and re-encoded as PNG."""
    if not data_url or not data_url.startswith(PNG_PREFIX):
        raise ValidationError(_("The customer's signature is missing."))
    too_large = _("The signature image is too large: clear the pad and sign again.")
    if len(data_url) - len(PNG_PREFIX) > (SIGNATURE_MAX_BYTES * 4) // 3 + 4:
        raise ValidationError(too_large)
    try:
        raw = base64.b64decode(data_url[len(PNG_PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(_("The signature could not be read."))
    if len(raw) > SIGNATURE_MAX_BYTES:
        raise ValidationError(too_large)
    try:
        image = Image.open(io.BytesIO(raw))  # reads the header only: the pixel size is known, nothing decoded
        if image.format != "PNG":
            raise ValidationError(_("The signature could not be read."))
        if image.width > SIGNATURE_MAX_PIXELS[0] or image.height > SIGNATURE_MAX_PIXELS[1]:
            raise ValidationError(too_large)
        image.load()
        image = image.convert("RGBA")
        image.thumbnail(SIGNATURE_KEEP)
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("The signature could not be read."))
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.png")
