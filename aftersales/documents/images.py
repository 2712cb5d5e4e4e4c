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


def _trim_to_ink(img):
    """The part of a signature with ink on it, with a little paper around it."""
    from PIL import Image

    flat = Image.new("RGB", img.size, (255, 255, 255))
    flat.paste(img, mask=img.getchannel("A") if "A" in img.getbands() else None)
    box = flat.convert("L").point(lambda v: 255 if v < 200 else 0).getbbox()
    if not box:
        return flat
    margin = max(4, (box[3] - box[1]) // 10)
    left, top = max(box[0] - margin, 0), max(box[1] - margin, 0)
    right, bottom = min(box[2] + margin, img.width), min(box[3] + margin, img.height)
    return flat.crop((left, top, right, bottom))


def image_data_uri(image: bytes | str | None, *, max_px: int, kind: str = "JPEG", trim: bool = False) -> str:
    """A re-encoded, shrunk copy of the image as a data: URI ('' if it is not a readable image).

    Re-encoding through Pillow also means WeasyPrint never parses the uploaded file itself.
    `trim`: cut a signature down to its ink (a pad as wide as the tablet is mostly white paper).
    """
    if isinstance(image, str):
        image = photo_bytes(image)
    if not image:
        return ""
    key = (hashlib.sha256(image).digest(), max_px, kind, trim)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(image)) as img:
            if img.format == "JPEG":
                img.draft("RGB", (max_px * 2, max_px * 2))
            img = ImageOps.exif_transpose(img)
            if trim:
                img = _trim_to_ink(img)
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
