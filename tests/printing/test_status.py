"""The QR code of a real order's receipt: status, promised date, store phone, a masked name; revocable."""

from __future__ import annotations

import pytest
from django.test import Client

from aftersales.documents.services import status_url
from repairs import services
from repairs.models import Status
from tests.repairs.factories import make_order

from .helpers import FULL_PHONE, three_item_order

pytestmark = pytest.mark.django_db


def _path(url):
    return url[url.index("/documents/"):]


def test_status_page_of_a_real_order(store, counter):
    store.phone = "0731-8888 1001"
    store.save()
    order = three_item_order(store, actor=counter)
    response = Client().get(_path(status_url(subject=order)))
    assert response.status_code == 200
    body = response.content.decode()
    for expected in (order.get_status_display(), order.promised_date.isoformat(), "0731-8888 1001", "王**", order.number):
        assert expected in body, expected
    for private in ("王小红", FULL_PHONE, "古法足金手镯", "32.47"):
        assert private not in body, private


def test_cancelling_revokes_the_link(store, counter):
    order = make_order(store, actor=counter)
    path = _path(status_url(subject=order))
    assert Client().get(path).status_code == 200
    services.repair_cancel(order_id=order.pk, actor=counter, reason="客户取消")
    assert Client().get(path).status_code == 404
    assert any(e.kind == "document.status_link_revoked" for e in __import__("aftersales").audit.history(order))


def test_manager_revokes_the_link_and_the_next_receipt_has_a_new_one(manager_client, counter_client, store, counter, manager):
    order = make_order(store, actor=counter)
    path = _path(status_url(subject=order))
    assert counter_client.post(f"/repairs/{order.number}/status-link/revoke/").status_code == 403
    assert Client().get(path).status_code == 200
    assert manager_client.post(f"/repairs/{order.number}/status-link/revoke/").status_code == 302
    assert Client().get(path).status_code == 404
    new_path = _path(status_url(subject=order))
    assert new_path != path and Client().get(new_path).status_code == 200


def test_wrong_token_is_404(store):
    assert Client().get("/documents/s/" + "A" * 32 + "/").status_code == 404


def test_status_follows_the_order(store, counter):
    order = make_order(store, actor=counter, status=Status.READY)
    body = Client().get(_path(status_url(subject=order))).content.decode()
    assert str(Status.READY.label) in body or "待取件" in body or "可取件" in body
