"""HTML templates to PDF with WeasyPrint, in a warm process, fetching nothing from outside.

`render_pdf(template_name, context)` is the one entry point; `render_document(kind, data)` picks
the template of a kind and builds its context from the plain data of documents.data.
"""

from __future__ import annotations

import atexit
import gc
import logging
import mimetypes
import threading
import zlib
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation

from . import codes, fonts, images, registry, texts
from .data import ItemTag, PickupSlip, RepairReceipt

# Relative URLs in the templates (e.g. {% static %}) resolve against this origin; the fetcher
# answers them from the project's static files and never goes to the network.
PRINT_ORIGIN = "https://print.aftersales.invalid/"

PAPER_CSS = {
    "a5": "@page { size: A5 portrait; margin: 7mm 8mm; }",
    "a4": "@page { size: A4 portrait; margin: 12mm 12mm 14mm; }",
    # A roll is one long page per copy, cut to the content's height after layout.
    "roll80": "@page { size: 80mm 2000mm; margin: 3mm 4mm; }",
}
ROLL_MAX_MM = 2000
# WeasyPrint logs every rendering step at INFO: seven lines per receipt in the server log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
MM = 96 / 25.4  # CSS pixels per millimetre


class URLRefused(ValueError):
    """The print fetcher refuses anything but data: URIs and the project's own static files."""


def _allowed_roots() -> list[Path]:
    roots = [Path(p) for p in settings.STATICFILES_DIRS]
    roots.append(Path(settings.STATIC_ROOT))
    roots.append(fonts.font_dir())
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
    return [r.resolve() for r in roots]


def _static_file(relative: str) -> Path | None:
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    return Path(found) if found else None


def _inside(path: Path, roots: list[Path]) -> bool:
    resolved = path.resolve()
    return resolved.is_file() and any(root == resolved or root in resolved.parents for root in roots)


def fetch_local(url: str):
    """Resolve `url` to a local file's bytes or raise URLRefused. Returns (bytes, mime type, url)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return None
    path: Path | None = None
    if url.startswith(PRINT_ORIGIN):
        relative = unquote(parts.path).lstrip("/")
        static_prefix = settings.STATIC_URL.strip("/") + "/"
        if relative.startswith(static_prefix):
            path = _static_file(relative[len(static_prefix):])
    elif scheme == "file" and parts.netloc in ("", "localhost"):
        candidate = Path(url2pathname(unquote(parts.path)))
        if _inside(candidate, _allowed_roots()):
            path = candidate
    if path is None or not _inside(path, _allowed_roots()):
        raise URLRefused(f"refused to fetch {url[:200]!r} while printing")
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return path.read_bytes(), mime, url


def _make_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PrintFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            local = fetch_local(url)
            if local is None:  # data: URI, decoded by urllib's DataHandler without any I/O
                return super().fetch(url, headers)
            body, mime, final = local
            return URLFetcherResponse(final, body, {"Content-Type": mime})

    # Only data: may reach the parent class; a redirect or other protocol is refused there too.
    return PrintFetcher(allowed_protocols=("data",), allow_redirects=False, timeout=1)


class _Zlib6:
    """pydyf compresses every stream at zlib level 9. Our streams are mostly CFF font subsets
    that barely compress: level 6 makes the same file size (+0.3 %) in 4 ms less per receipt."""

    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level=9, *args, **kwargs):
        return zlib.compressobj(min(level, 6), *args, **kwargs)


def _tune_pydyf() -> None:
    import pydyf

    if getattr(pydyf, "zlib", None) is zlib:
        pydyf.zlib = _Zlib6()


class _Warm:
    """One FontConfiguration, fetcher and parsed stylesheet per process, shared by renders."""

    def __init__(self):
        self.lock = threading.Lock()
        self.font_config = None
        self.fetcher = None
        self.stylesheet = None

    def get(self):
        if self.stylesheet is None:
            with self.lock:
                if self.stylesheet is None:
                    from weasyprint import CSS
                    from weasyprint.text.fonts import FontConfiguration

                    _tune_pydyf()

                    self.font_config = FontConfiguration()
                    self.fetcher = _make_fetcher()
                    css = fonts.font_face_css() + "\n" + render_to_string("documents/print.css", {"font_stack": fonts.FONT_STACK})
                    self.stylesheet = CSS(string=css, base_url=PRINT_ORIGIN, url_fetcher=self.fetcher, font_config=self.font_config)
                    # The process's long-lived objects (Django, WeasyPrint, fonts) leave the garbage
                    # collector's full scans: a render allocates enough to trigger them, and they
                    # cost 20-100 ms each (bench/receipt.py p95 197 -> 124 ms).
                    gc.collect()
                    gc.freeze()
        return self.font_config, self.fetcher, self.stylesheet

    def reset(self):
        with self.lock:
            self.font_config = self.fetcher = self.stylesheet = None


warm = _Warm()
# FontConfiguration's finaliser fails when it runs during interpreter shutdown.
atexit.register(warm.reset)


def url_fetcher():
    return warm.get()[1]


def _content_bottom(box) -> float:
    # A box cut by a page break reaches down to the page's bottom: look at what it holds.
    children = getattr(box, "children", None)
    if children and not isinstance(children, str):
        return max((_content_bottom(child) for child in children), default=box.position_y)
    return box.position_y + box.margin_height()


def _trim_roll(document) -> None:
    """Cut each page of a roll to the height of its content (plus the bottom margin)."""
    for page in document.pages:
        box = page._page_box
        bottom = max((_content_bottom(child) for child in box.children), default=0)
        page.height = min(page.height, bottom + box.margin_bottom + 2 * MM)


@contextmanager
def _collector_paused():
    """A render allocates ~100 000 short-lived objects: the collector would run a dozen times
    during it for nothing (5-10 ms). It runs as usual right after; bench/receipt.py checks
    memory stays flat over 500 renders."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _layout(template_name: str, context: dict, *, paper: str, language: str | None):
    from weasyprint import HTML

    if paper not in PAPER_CSS:
        raise ValueError(f"unknown paper {paper!r}")
    font_config, fetcher, stylesheet = warm.get()
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        html = render_to_string(template_name, {**context, "paper": paper, "paper_css": PAPER_CSS[paper]})
    document = HTML(string=html, base_url=PRINT_ORIGIN, url_fetcher=fetcher).render(font_config=font_config, stylesheets=[stylesheet])
    if paper == "roll80":
        _trim_roll(document)
    return document


def render_pdf(template_name: str, context: dict, *, paper: str = "a5", language: str | None = None) -> bytes:
    """Render a print template to PDF bytes. `paper` is "a5" or "roll80" (a tag sets its own size)."""
    with _collector_paused():
        return _layout(template_name, context, paper=paper, language=language).write_pdf()


# --- the three documents ---------------------------------------------------------------------

TEMPLATES = {"receipt": "documents/receipt.html", "tag": "documents/tag.html", "pickup_slip": "documents/pickup_slip.html"}
DATA_TYPES = {"receipt": RepairReceipt, "tag": ItemTag, "pickup_slip": PickupSlip}


def _copies(copies):
    return [{"key": c, "first": i == 0} for i, c in enumerate(copies)]


def data_type(kind: str) -> type | None:
    """The data class a kind is rendered from: the three built in, or one another app registered."""
    extra = registry.document_type(kind)
    return extra.data_type if extra else DATA_TYPES.get(kind)


def document_context(kind: str, data, *, version: int = 1) -> dict:
    expected = data_type(kind)
    if expected is None:
        raise KeyError(kind)
    if not isinstance(data, expected):
        raise TypeError(f"a {kind} is rendered from {expected.__name__}, not {type(data).__name__}")
    context = {"data": data, "version": version, "replaces": version - 1 if version > 1 else None}
    language = data.language
    extra = registry.document_type(kind)
    if extra is not None:
        context.update(extra.context(data) if extra.context else {})
    elif kind == "receipt":
        context.update(
            barcode=codes.code128_data_uri(data.number),
            qr=codes.qr_data_uri(data.status_url),
            copies=_copies(data.copies),
            items=[{"item": item, "photo": images.image_data_uri(item.photo, max_px=200)} for item in data.items],
            care_notes=texts.care_notes(data.materials, language),
            terms=[*texts.store_terms(data.pickup_terms), *texts.lawful_pickup_terms(language)],
            signature=images.image_data_uri(data.signature, max_px=400, kind="PNG", trim=True),
        )
    elif kind == "tag":
        context.update(barcode=codes.code128_data_uri(data.number))
    else:
        context.update(
            copies=_copies(data.copies),
            signature=images.image_data_uri(data.signature, max_px=400, kind="PNG", trim=True),
        )
    return context


def _template_and_paper(kind: str, data) -> tuple[str, str]:
    extra = registry.document_type(kind)
    if extra is not None:  # another app's document: its own template and paper
        return extra.template, extra.paper
    return TEMPLATES[kind], (data.store.receipt_paper if kind != "tag" else "a5")


def render_document(kind: str, data, *, version: int = 1) -> bytes:
    template, paper = _template_and_paper(kind, data)
    return render_pdf(template, document_context(kind, data, version=version), paper=paper, language=data.language)


def render_document_copies(kind: str, data, *, version: int = 1, wanted: list[tuple[str, ...]]) -> dict[tuple[str, ...], bytes]:
    """The PDFs of `data` with the copies of each entry of `wanted` (each a leading part of
    data.copies: ("customer",) of ("customer", "store")), drawn from one layout of all its copies.
    Each copy starts a new page (print.css), so a receipt's customer copy alone is the first pages of
    both copies: the worker draws the two print buttons' receipts for the cost of one."""
    copies = tuple(data.copies)
    if any(tuple(w) != copies[:len(w)] or not w for w in wanted):
        raise ValueError(f"{wanted!r} are not leading copies of {copies!r}")
    template, paper = _template_and_paper(kind, data)
    with _collector_paused():
        document = _layout(template, document_context(kind, data, version=version), paper=paper, language=data.language)
        # The page on which each copy begins: the copy sections carry an anchor (id="copy-<key>").
        starts = [next((n for n, page in enumerate(document.pages) if f"copy-{key}" in page.anchors), None) for key in copies]
        if None in starts:
            raise ValueError(f"the {kind} template does not mark its copies (id=\"copy-<key>\")")
        pdfs = {}
        for w in wanted:
            end = starts[len(w)] if len(w) < len(copies) else len(document.pages)
            pdfs[tuple(w)] = document.write_pdf() if end == len(document.pages) else document.copy(document.pages[:end]).write_pdf()
        return pdfs
