"""The counter's main screens at 1024 px (a tablet on the counter): nothing is cut off, and with
DOCS_SCREENSHOTS=1 the pictures in docs/ and the README are made from the demo data.

    DOCS_SCREENSHOTS=1 .venv/bin/python -m pytest tests/browser/test_counter_screens.py -p no:randomly
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from repairs.models import Pickup, RepairOrder, Status
from tests.conftest import browser_login
from tests.documents import pdftools

DOCS = Path(__file__).resolve().parents[2] / "docs"
WRITE = bool(os.environ.get("DOCS_SCREENSHOTS"))
A5_WIDTH_INCHES = 148 / 25.4


def sign(page) -> None:
    """A signature-like stroke on the pad."""
    pad = page.locator("#signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + w * 0.2, y + h * 0.6)
    page.mouse.down()
    for fx, fy in ((0.24, 0.3), (0.28, 0.7), (0.33, 0.35), (0.37, 0.65), (0.42, 0.4), (0.47, 0.6), (0.5, 0.3), (0.55, 0.7)):
        page.mouse.move(x + w * fx, y + h * fy, steps=6)
    page.mouse.up()


def fits_1024(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1024, f"{page.url} is {width} px wide at a 1024 px screen"


def shot(page, name: str) -> None:
    if WRITE:
        page.evaluate("window.scrollTo(0, 0)")  # the sticky navigation bar stays at the top of the picture
        page.screenshot(path=str(DOCS / name), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_intake_order_page_and_pickup_slip_at_1024_px(page):
    call_command("seed_demo", verbosity=0)
    page.set_viewport_size({"width": 1024, "height": 768})
    browser_login(page, "counter", "counter-demo-1")

    page.goto(page.base_url + "/repairs/new/")
    page.keyboard.type("13812345678")
    page.wait_for_selector("#customer-matches input[name=customer]:checked")
    page.fill("#id_items-0-description", "足金手镯 变形")
    page.fill("#id_items-0-intake_weight", "32.45")
    sign(page)
    fits_1024(page)
    shot(page, "intake.png")

    ready = RepairOrder.objects.filter(store__code="HX", status=Status.READY).first()
    item = ready.items.get()
    page.goto(page.base_url + f"/repairs/{ready.number}/pickup/")
    page.fill(f"[name=w{item.pk}]", f"{item.return_weight:.2f}")
    page.check("#id_receipt_presented")
    page.select_option("#id_payment_method", "wechat")
    sign(page)
    fits_1024(page)
    page.click("#confirm-pickup")
    page.wait_for_selector("#order-number")
    pickup = Pickup.objects.get(order=ready)
    assert pickup.signature
    pdf = page.request.get(page.base_url + f"/repairs/{ready.number}/print/pickup/{pickup.pk}/").body()
    pages = pdftools.png_pages(pdf, dpi=round(1024 / A5_WIDTH_INCHES))
    assert len(pages) == 1
    if WRITE:
        (DOCS / "pickup-slip.png").write_bytes(pages[0])

    # The order page with its history: the order just handed over has the whole story.
    page.goto(page.base_url + f"/repairs/{ready.number}/")
    page.wait_for_selector("table.history")
    history = page.inner_text("table.history")
    assert "awaiting_approval" not in history and "True" not in history and "None" not in history
    fits_1024(page)
    shot(page, "order.png")

