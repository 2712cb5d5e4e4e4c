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


def test_the_print_reads_the_live_token_with_the_order(store, counter, django_assert_num_queries):
    """printable_orders() brings the live token along: building the QR code's address costs no
    query, and a token revoked since is never the one read."""
    from repairs.documents import printable_orders

    order = make_order(store, actor=counter)
    first = _path(status_url(subject=order))
    loaded = printable_orders().get(pk=order.pk)
    with django_assert_num_queries(0):
        assert _path(status_url(subject=loaded)) == first
    services.repair_cancel(order_id=order.pk, actor=counter, reason="客户取消")  # revokes the link
    reloaded = printable_orders().get(pk=order.pk)
    assert reloaded.live_status_token is None
    assert _path(status_url(subject=reloaded)) != first  # a new token, created on first use


def test_an_order_without_a_token_gets_one_through_the_print_query(store, counter):
    from aftersales.documents.models import StatusToken
    from repairs.documents import printable_orders

    order = make_order(store, actor=counter)
    StatusToken.objects.filter(subject_id=order.pk, subject_type="repairs.repairorder").delete()
    loaded = printable_orders().get(pk=order.pk)
    assert loaded.live_status_token is None
    path = _path(status_url(subject=loaded))
    assert Client().get(path).status_code == 200
    assert printable_orders().get(pk=order.pk).live_status_token in path
