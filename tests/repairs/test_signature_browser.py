"""Signature pads in a real browser: the ink lands in the stored image where the pointer drew it.

At 1024 px the intake canvas used to be stretched by CSS over a 600×160 bitmap: ink landed about
2.2× away from the pointer and strokes in the lower or right part were lost.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from repairs.models import Quote, RepairOrder, Status
from tests.conftest import browser_login

from .factories import make_order, service

# The stroke, as fractions of the pad's box: a horizontal line in the lower right part.
X0, X1, Y = 0.55, 0.9, 0.8


def draw_known_stroke(page, selector: str = "#signature-pad") -> None:
    pad = page.locator(selector)
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + box["width"] * X0, box["y"] + box["height"] * Y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * X1, box["y"] + box["height"] * Y, steps=20)
    page.mouse.up()


def assert_ink_where_drawn(png: bytes) -> None:
    image = Image.open(io.BytesIO(png)).convert("L")
    ink = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert ink, "the stored signature is blank"
    left, top, right, bottom = ink
    w, h = image.size
    assert abs(left / w - X0) < 0.03 and abs(right / w - X1) < 0.03, (ink, image.size)
    assert abs((top + bottom) / 2 / h - Y) < 0.05, (ink, image.size)


def stored(field) -> bytes:
    with field.open("rb") as fh:
        return fh.read()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scale", [1, 2])
def test_intake_signature_lands_where_drawn_at_1024px(page, counter, store, scale):
    page.context.close()
    context = page.context.browser.new_context(locale="zh-CN", viewport={"width": 1024, "height": 768}, device_scale_factor=scale)
    context.set_default_timeout(10_000)
    pg = context.new_page()
    base = page.base_url
    pg.base_url = base
    polish = service("polish")
    browser_login(pg, "counter")
    pg.goto(base + "/repairs/new/")
    pg.fill("#id_phone", "13812345678")
    pg.fill("#id_customer_name", "王小红")
    pg.select_option("#id_items-0-category", "ring")
    pg.select_option("#id_items-0-material", "au750")
    pg.fill("#id_items-0-description", "18K 戒指")
    pg.fill("#id_items-0-intake_weight", "3.21")
    pg.select_option("#id_items-0-job1", str(polish.pk))
    pg.check("#id_risks_acknowledged")
    draw_known_stroke(pg)
    pg.click("#save-intake")
    pg.wait_for_selector("#order-number")
    order = RepairOrder.objects.get()
    assert_ink_where_drawn(stored(order.intake_signature))
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_approval_signature_lands_where_drawn(page, counter, store):
    order = make_order(store, actor=counter, status=Status.AWAITING_APPROVAL)
    page.set_viewport_size({"width": 1024, "height": 768})
    browser_login(page, "counter")
    page.goto(page.base_url + f"/repairs/{order.number}/")
    draw_known_stroke(page)
    page.click("#approve-button")
    page.wait_for_selector("#start-form")
    assert_ink_where_drawn(stored(Quote.objects.get().signature))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pickup_signature_lands_where_drawn_and_is_stored(page, counter, store):
    from repairs.models import Pickup

    order = make_order(store, actor=counter, status=Status.READY)
    item = order.items.get()
    page.set_viewport_size({"width": 1024, "height": 768})
    browser_login(page, "counter")
    page.goto(page.base_url + f"/repairs/{order.number}/pickup/")
    page.fill(f"[name=w{item.pk}]", f"{item.intake_weight:.2f}")
    page.check("#id_receipt_presented")
    if page.locator("#id_payment_method").count():
        page.select_option("#id_payment_method", "cash")
    draw_known_stroke(page)
    page.click("#confirm-pickup")
    page.wait_for_selector("#order-number, .alert-danger, .invalid-feedback")
    assert page.locator("#order-number").count(), page.inner_text("main")[:800]
    assert_ink_where_drawn(stored(Pickup.objects.get().signature))
