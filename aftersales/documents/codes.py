"""Code 128 barcodes (python-barcode) and QR codes (qrcode) as inline data: URIs: no files on disk.

In the PDFs both are tiny 1-bit PNGs, one pixel per module, drawn without interpolation
(`image-rendering: pixelated`), so they print as sharp as vectors. The SVG forms are kept for
web pages: WeasyPrint parses an SVG path on every render, which cost about 10 ms per receipt
for the QR code's few hundred path commands (bench/receipt.py), a PNG almost nothing.
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


@lru_cache(maxsize=256)
def code128_svg(value: str, height: int = 40) -> str:
    """The barcode as one path of bars; the viewBox lets CSS scale it to any width."""
    modules = code128_modules(value)
    bars, i = [], 0
    while i < len(modules):
        if modules[i] == "1":
            start = i
            while i < len(modules) and modules[i] == "1":
                i += 1
            bars.append(f"M{QUIET + start},0H{QUIET + i}V{height}H{QUIET + start}Z")
        else:
            i += 1
    width = len(modules) + 2 * QUIET
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" preserveAspectRatio="none">'
        f'<rect width="{width}" height="{height}" fill="#fff"/><path fill="#000" d="{"".join(bars)}"/></svg>'
    )


@lru_cache(maxsize=256)
def qr_svg(value: str, border: int = 2) -> str:
    """The QR code as one stroked path, each run of dark modules in a row one line."""
    matrix = qr_matrix(value)
    size = len(matrix) + 2 * border
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start + border} {y + border + 0.5}h{x - start}")
            else:
                x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path stroke="#000" stroke-width="1" d="{"".join(runs)}"/></svg>'
    )


def svg_data_uri(svg: str) -> str:
    return _uri("image/svg+xml", svg.encode())
