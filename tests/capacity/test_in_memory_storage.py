"""Nothing reaches around the storage API: intake, printing and stored copies on InMemoryStorage.

With both storages in memory and MEDIA_ROOT pointing at a folder that must stay empty, a photo
or PDF written or read through a filesystem path would be missing here or appear there.
"""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from aftersales.documents import selectors
from aftersales.documents.services import StoredDocumentDamaged
from repairs import documents
from repairs.models import ItemPhoto, RepairOrder
from tests.documents import pdftools
from tests.repairs.factories import jpeg_bytes, service, signature_data_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_memory(settings, tmp_path):
    root = tmp_path / "must-stay-empty"
    root.mkdir()
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": settings.STORAGES["staticfiles"],
    }
    yield
    assert list(root.rglob("*")) == [], "a file was written around the storage API"


def _intake(client, customer_pk: int) -> str:
    data = {
        "phone": "5678", "customer": str(customer_pk), "risks_acknowledged": "on", "signature": signature_data_url(),
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "20",
        "items-0-category": "ring", "items-0-material": "au999", "items-0-description": "足金戒指，戒圈变形", "items-0-piece_count": "1",
        "items-0-intake_weight": "5.23", "items-0-stone_count": "0", "items-0-job1": str(service("polish").pk), "items-0-qty1": "1",
        "items-0-photos": ContentFile(jpeg_bytes(size=(640, 480)), name="photo.jpg"),
    }
    response = client.post(reverse("repairs:intake"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_intake_print_and_stored_copies_use_only_the_storage_api(in_memory, store, counter_client):
    from tests.repairs.factories import customer

    cust = customer(store, phone="+8613912345678")
    number = _intake(counter_client, cust.pk)
    order = RepairOrder.objects.get(number=number)
    photo = ItemPhoto.objects.get(item__order=order)
    private = storages["private"]
    assert private.exists(photo.image.name) and private.exists(order.intake_signature.name)
    assert counter_client.get(reverse("repairs:photo", args=[photo.pk])).getvalue() == private.open(photo.image.name).read()
    assert counter_client.get(reverse("repairs:intake_signature", args=[number])).getvalue().startswith(b"\x89PNG")

    first = counter_client.get(reverse("repairs:print_receipt", args=[number]))
    assert first.status_code == 200
    pdf = first.getvalue()
    stored = selectors.latest_document(kind="receipt", subject=order, copies="customer")
    assert storages["default"].exists(stored.file) and stored.file.startswith("documents/")
    assert storages["default"].open(stored.file).read() == pdf and stored.sha256 == hashlib.sha256(pdf).hexdigest()
    assert number in pdftools.text(pdf)
    # The receipt is drawn with the intake photo and the signature read from the private storage.
    data = documents.receipt_data(documents.printable_orders().get(pk=order.pk))
    assert data.items[0].photo == private.open(photo.image.name).read()
    assert data.signature == private.open(order.intake_signature.name).read()

    # An unchanged reprint is the same stored file; a damaged file is caught by its SHA-256.
    assert counter_client.get(reverse("repairs:print_receipt", args=[number])).getvalue() == pdf
    storages["default"].delete(stored.file)
    storages["default"].save(stored.file, ContentFile(pdf[:-10] + b"tampered!!"))
    with pytest.raises(StoredDocumentDamaged):
        selectors.latest_document(kind="receipt", subject=order, copies="customer").read()
