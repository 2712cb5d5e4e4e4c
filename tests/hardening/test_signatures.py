"""Issue 11, case 1: signature images are bounded in bytes and pixels before they are decoded."""

from __future__ import annotations

import io
import time

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from repairs import images
from tests.hardening.pngs import bomb_png, data_url


def test_a_13000_pixel_square_signature_is_refused_quickly_with_a_clear_error():
    png = bomb_png(13000, 13000)
    assert len(png) < 64 * 1024  # small on the wire, ~170 megapixels once decoded
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        images.signature_from_data_url(data_url(png))
    assert time.monotonic() - started < 1
    assert "too large" in " ".join(refused.value.messages) or "过大" in " ".join(refused.value.messages)


def test_a_20000_pixel_square_signature_is_a_form_error_not_a_decompression_bomb_500():
    with pytest.raises(ValidationError):
        images.signature_from_data_url(data_url(bomb_png(20000, 20000, with_pixels=False)))


def test_too_many_bytes_are_refused_before_decoding_base64():
    with pytest.raises(ValidationError):
        images.signature_from_data_url("data:image/png;base64," + "A" * (2 * images.SIGNATURE_MAX_BYTES))


def test_a_high_density_pad_signature_is_kept_and_scaled_down_for_printing():
    out = io.BytesIO()
    Image.new("RGBA", (2400, 900), (0, 0, 0, 0)).save(out, "PNG")
    kept = images.signature_from_data_url(data_url(out.getvalue()))
    with Image.open(io.BytesIO(kept.read())) as stored:
        assert stored.width <= images.SIGNATURE_KEEP[0] and stored.height <= images.SIGNATURE_KEEP[1]
        assert stored.format == "PNG"


@pytest.mark.django_db
def test_approval_with_a_bomb_signature_is_a_message_not_a_500(counter_client, store):
    from django.urls import reverse

    from repairs.models import Quote, Status
    from tests.repairs.factories import make_order

    order = make_order(store, status=Status.AWAITING_APPROVAL)
    response = counter_client.post(reverse("repairs:act", kwargs={"number": order.number, "action": "approve"}), {
        "version": order.version, "method": "in_person", "signature": data_url(bomb_png(20000, 20000, with_pixels=False))})
    assert response.status_code in (302, 400)
    order.refresh_from_db()
    assert order.status == Status.AWAITING_APPROVAL
    assert not Quote.objects.filter(order=order).exclude(signature="").exists()
