"""WeasyPrint fetches nothing beyond data: URIs and the project's static files; customer text is escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from aftersales.documents import rendering, samples
from aftersales.documents.data import ReceiptItem

from . import pdftools

STATIC_CSS = Path(settings.BASE_DIR) / "static" / "css" / "desk.css"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://127.0.0.1:8000/admin/",
        "ftp://example.com/x",
        "file:///etc/passwd",
        f"file://{settings.BASE_DIR}/aftersales/settings/base.py",
        rendering.PRINT_ORIGIN + "static/../../../etc/passwd",
        rendering.PRINT_ORIGIN + "media/documents/x.pdf",
        rendering.PRINT_ORIGIN + "static/nope/missing.css",
    ],
)
def test_fetcher_refuses(url):
    with pytest.raises(rendering.URLRefused):
        rendering.url_fetcher().fetch(url)


def test_fetcher_serves_static_files_and_data_uris():
    fetcher = rendering.url_fetcher()
    response = fetcher.fetch(rendering.PRINT_ORIGIN + settings.STATIC_URL + "css/desk.css")
    assert response.read() == STATIC_CSS.read_bytes()
    assert fetcher.fetch(STATIC_CSS.as_uri()).read() == STATIC_CSS.read_bytes()
    assert fetcher.fetch("data:text/plain;base64,5Lit5paH").read() == "中文".encode()


def test_redirecting_data_uri_cannot_reach_the_network():
    # urllib handles data: itself; any other protocol is refused before a socket is opened.
    with pytest.raises(ValueError):
        rendering.url_fetcher().fetch("gopher://example.com/")


def test_customer_text_is_escaped_and_fetches_nothing(monkeypatch):
    fetched = []
    real = rendering.fetch_local
    monkeypatch.setattr(rendering, "fetch_local", lambda url: fetched.append(url) or real(url))
    hostile = '<script>alert(1)</script><img src="http://evil.example/x.png"><link rel=stylesheet href=file:///etc/passwd>'
    item = ReceiptItem(category="ring", material="au990", description=hostile, intake_weight=None, condition="</td><b>x</b>")
    data = samples.sample_receipt(items=1, customer_name="<b>王</b>")
    data = data.__class__(**{**data.__dict__, "items": (item,)})
    html = rendering.render_to_string(
        "documents/receipt.html", {**rendering.document_context("receipt", data), "paper": "a5", "paper_css": ""}
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<img src="http://evil' not in html
    pdf = rendering.render_document("receipt", data)
    text = pdftools.text(pdf)
    assert "<script>alert(1)</script>" in text
    assert "<b>王</b>" in text
    assert not [u for u in fetched if not u.startswith("data:")]
