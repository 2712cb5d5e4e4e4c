"""poppler-utils around PDF bytes: page images, text and fonts, as a reader or printer sees them."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def _with_file(pdf: bytes, fn):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        return fn(path, Path(tmp))


def png_pages(pdf: bytes, dpi: int = 50) -> list[bytes]:
    def run(path, tmp):
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(tmp / "page")], check=True, timeout=60)
        return [p.read_bytes() for p in sorted(tmp.glob("page*.png"))]

    return _with_file(pdf, run)


def text(pdf: bytes) -> str:
    return _with_file(pdf, lambda path, tmp: subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True, timeout=60).stdout)


def fonts(pdf: bytes) -> list[dict]:
    out = _with_file(pdf, lambda path, tmp: subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True, timeout=60).stdout)
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object ID: the last five columns are fixed
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    out = _with_file(pdf, lambda path, tmp: subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(path)], check=True, capture_output=True, text=True, timeout=60).stdout)
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            numbers = line.split("size:")[1].split()
            sizes.append((float(numbers[0]), float(numbers[2])))
    return sizes
