"""Code 128 barcodes and QR codes as inline SVG data: URIs (no files on disk)."""

from __future__ import annotations

import base64
from functools import lru_cache

import barcode
import qrcode


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@lru_cache(maxsize=256)
def code128_svg(value: str, height: int = 40, quiet: int = 10) -> str:
    """A Code 128 symbol drawn as one path of bars; the viewBox lets CSS scale it to any width."""
    modules = barcode.get("code128", value).build()[0]
    bars, x, i = [], quiet, 0
    while i < len(modules):
        if modules[i] == "1":
            start = i
            while i < len(modules) and modules[i] == "1":
                i += 1
            bars.append(f"M{x + start},0H{x + i}V{height}H{x + start}Z")
        else:
            i += 1
    width = len(modules) + 2 * quiet
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" preserveAspectRatio="none">'
        f'<rect width="{width}" height="{height}" fill="#fff"/><path fill="#000" d="{"".join(bars)}"/></svg>'
    )


def code128_data_uri(value: str) -> str:
    return _svg_uri(code128_svg(value))


@lru_cache(maxsize=256)
def qr_svg(value: str, border: int = 2) -> str:
    """The QR symbol (qrcode, level M) as one stroked path: each run of dark modules in a row is one line.

    qrcode's own SVG factories draw one square per module: thousands of path commands that
    WeasyPrint's SVG parser takes tens of milliseconds to read on every render.
    """
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(value)
    qr.make(fit=True)
    matrix = qr.get_matrix()
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


def qr_data_uri(value: str) -> str:
    return _svg_uri(qr_svg(value)) if value else ""
