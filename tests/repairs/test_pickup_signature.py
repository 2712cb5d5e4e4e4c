"""The signature of the person collecting: captured at pickup, stored through the storage API once
the pickup commits, and printed on the pickup slip."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from aftersales import audit
from aftersales.documents import rendering
from repairs import documents, services
from repairs.models import Pickup, Status

from .factories import make_order, signature_data_url

pytestmark = pytest.mark.django_db


def _pickup(order, counter, **kwargs):
    item = order.items.get()
    return services.repair_pickup(order_id=order.pk, actor=counter, item_ids=[item.pk], weights={item.pk: item.intake_weight},
                                  receipt_presented=True, payment_amount=services.balance_due(order), payment_method="cash", **kwargs)


def test_signature_is_written_on_commit_and_printed_on_the_slip(store, counter, django_capture_on_commit_callbacks):
    order = make_order(store, actor=counter, status=Status.READY)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pickup = _pickup(order, counter, signature_data_url=signature_data_url())
        assert pickup.signature.name and not pickup.signature.storage.exists(pickup.signature.name)  # nothing written yet
    for callback in callbacks:
        callback()
    pickup = Pickup.objects.get()
    with pickup.signature.open("rb") as fh:
        assert Image.open(io.BytesIO(fh.read())).format == "PNG"
    event = audit.history(order).get(kind="repair.pickup")
    assert event.new["signed"] is True

    slip = documents.pickup_slip_data(Pickup.objects.select_related("order__store", "order__customer").get(), language="zh-hans")
    assert slip.signature and slip.signature.startswith(b"\x89PNG")
    context = rendering.document_context("pickup_slip", slip)
    assert context["signature"].startswith("data:image/png;base64,")  # the slip's <img>, not the blank line
    pdf = rendering.render_document("pickup_slip", slip)
    assert b"/Subtype /Image" in pdf or b"/Subtype/Image" in pdf


def test_a_pickup_without_a_signature_still_works(store, counter):
    order = make_order(store, actor=counter, status=Status.READY)
    pickup = _pickup(order, counter)
    assert not pickup.signature and documents.pickup_slip_data(pickup).signature is None


def test_a_bad_signature_is_refused_and_nothing_is_stored(store, counter):
    order = make_order(store, actor=counter, status=Status.READY)
    with pytest.raises(ValidationError):
        _pickup(order, counter, signature_data_url="data:image/png;base64,AAAA")
    assert not Pickup.objects.exists()
