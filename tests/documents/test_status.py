"""The status page behind the QR code: a signed random token, revocable; nothing personal."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from aftersales import audit
from aftersales.documents import registry
from aftersales.documents.services import (
    new_token,
    status_token_for,
    status_token_revoke,
    status_url,
    token_is_well_signed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(store):
    calls = []

    def fake(subject_id):
        calls.append(subject_id)
        if subject_id != store.pk:
            return None
        return {
            "status": "维修中",
            "promised_date": date(2026, 11, 29),
            "store_phone": "0731-8888 1001",
            "masked_name": "王*",
            "number": "HX-R2611-00042",
            "store_name": "黄兴店",
            "phone": "13812345678",  # a careless provider: must never reach the page
        }

    registry.register_status_provider("aftersales.store", fake)
    yield calls
    registry.unregister_status_provider("aftersales.store")


def test_valid_token_shows_status_and_nothing_personal(store, provider, settings):
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    url = status_url(subject=store)
    assert url.startswith("http://127.0.0.1:8000/documents/s/") and len(url.rsplit("/", 2)[-2]) == 32
    response = Client().get(url[url.index("/documents/"):])
    assert response.status_code == 200
    body = response.content.decode()
    for expected in ("维修中", "2026-11-29", "0731-8888 1001", "王*", "HX-R2611-00042"):
        assert expected in body
    assert "13812345678" not in body
    assert response["X-Robots-Tag"].startswith("noindex") and "no-store" in response["Cache-Control"]


def test_the_same_live_token_is_reused(store):
    assert status_token_for(subject=store).token == status_token_for(subject=store).token


def test_revoked_token_is_404_and_a_new_one_is_issued(store, provider, manager):
    old = status_token_for(subject=store).token
    assert status_token_revoke(subject=store, actor=manager) == 1
    assert status_token_revoke(subject=store, actor=manager) == 0
    assert Client().get(reverse("documents:status", kwargs={"token": old})).status_code == 404
    fresh = status_token_for(subject=store).token
    assert fresh != old
    assert Client().get(reverse("documents:status", kwargs={"token": fresh})).status_code == 200
    assert [e.kind for e in audit.history(store)] == ["document.status_link_revoked"]


def test_wrong_tokens_are_404(store, provider):
    real = status_token_for(subject=store).token
    client = Client()
    tampered = real[:-1] + ("0" if real[-1] != "0" else "1")
    for token in (new_token(), tampered, "x" * 32, str(store.pk), "short"):
        assert client.get(reverse("documents:status", kwargs={"token": token})).status_code == 404, token
    assert token_is_well_signed(real) and not token_is_well_signed(tampered)


def test_subject_without_provider_or_gone_is_404(store, other_store, provider):
    token = status_token_for(subject=other_store).token  # the provider knows only `store`
    assert Client().get(reverse("documents:status", kwargs={"token": token})).status_code == 404
    registry.unregister_status_provider("aftersales.store")
    token = status_token_for(subject=store).token
    assert Client().get(reverse("documents:status", kwargs={"token": token})).status_code == 404


def test_tokens_are_unguessable():
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200 and all(len(t) == 32 and token_is_well_signed(t) for t in tokens)
