"""Code 128 barcodes (python-barcode) and QR codes (qrcode) as inline data: URIs: no files on disk.

In the PDFs both are tiny 1-bit PNGs, one pixel per module, drawn without interpolation
(`image-rendering: pixelated`), so they print as sharp as vectors. Not SVG: WeasyPrint parses an
SVG path on every render, which cost about 10 ms per receipt for the QR code's few hundred path
commands (bench/receipt.py), a PNG almost nothing.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache

import barcode
import qrcode

QUIET = 10  # modules of white space each side of a barcode (Code 128 asks for 10)


def _uri(mime: str, payload: bytes) -> str:
    return f"data:{mime};base64," + base64.b64encode(payload).decode()


def code128_modules(value: str) -> str:
    """'1' for a bar module, '0' for a space, quiet zones not included."""
    return barcode.get("code128", value).build()[0]


def qr_matrix(value: str) -> list[list[bool]]:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(value)
    qr.make(fit=True)
    return qr.get_matrix()


def _png(rows: list[list[bool]]) -> bytes:
    from PIL import Image

    height, width = len(rows), len(rows[0])
    img = Image.new("1", (width, height), 1)
    img.putdata([0 if dark else 1 for row in rows for dark in row])
    out = io.BytesIO()
    img.save(out, "PNG", optimize=False)
    return out.getvalue()


@lru_cache(maxsize=512)
def code128_data_uri(value: str) -> str:
    modules = "0" * QUIET + code128_modules(value) + "0" * QUIET
    return _uri("image/png", _png([[m == "1" for m in modules]]))


@lru_cache(maxsize=512)
def qr_data_uri(value: str, border: int = 2) -> str:
    if not value:
        return ""
    matrix = qr_matrix(value)
    size = len(matrix) + 2 * border
    blank = [False] * size
    rows = [blank] * border + [[False] * border + list(row) + [False] * border for row in matrix] + [blank] * border
    return _uri("image/png", _png(rows))
