"""Photos and signatures become small inline images: nothing is fetched while rendering."""

from __future__ import annotations

import base64
import hashlib
import io
import logging
from collections import OrderedDict

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)

_CACHE: OrderedDict[tuple, str] = OrderedDict()
_CACHE_SIZE = 64


def photo_bytes(name: str) -> bytes | None:
    """The bytes of a photo in the default storage; None for a missing file or an unsafe name."""
    try:
        with default_storage.open(name, "rb") as fh:
            return fh.read()
    except (OSError, ValueError, SuspiciousFileOperation):
        logger.warning("photo missing or outside the storage: %r", name)
        return None


def image_data_uri(image: bytes | str | None, *, max_px: int, kind: str = "JPEG") -> str:
    """A re-encoded, shrunk copy of the image as a data: URI ('' if it is not a readable image).

    Re-encoding through Pillow also means WeasyPrint never parses the uploaded file itself.
    """
    if isinstance(image, str):
        image = photo_bytes(image)
    if not image:
        return ""
    key = (hashlib.sha256(image).digest(), max_px, kind)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(image)) as img:
            if img.format == "JPEG":
                img.draft("RGB", (max_px * 2, max_px * 2))
            img = ImageOps.exif_transpose(img)
            img.thumbnail((max_px, max_px))
            out = io.BytesIO()
            if kind == "PNG":
                img.convert("LA" if img.mode in ("LA", "L", "P", "RGBA") else "L").save(out, "PNG", optimize=False)
                mime = "image/png"
            else:
                img.convert("RGB").save(out, "JPEG", quality=80)
                mime = "image/jpeg"
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        logger.warning("not a readable image (%d bytes)", len(image))
        return ""
    uri = f"data:{mime};base64,{base64.b64encode(out.getvalue()).decode()}"
    _CACHE[key] = uri
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return uri
