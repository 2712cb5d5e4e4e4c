"""The receipt's QR code and seed_demo use the address the desk really runs on."""

import io

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from aftersales import checks
from aftersales.documents import services as doc_services
from repairs import documents
from tests.repairs.factories import make_order


@pytest.mark.django_db
def test_without_public_base_url_the_qr_code_uses_the_address_the_request_came_in_on(settings, store):
    settings.PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["*"]
    request = RequestFactory().get("/repairs/", HTTP_HOST="10.0.0.5:8016")
    order = make_order(store)
    data = documents.receipt_data(order, base_url=doc_services.public_base_url(request))
    assert data.status_url.startswith("http://10.0.0.5:8016/documents/s/")


@pytest.mark.django_db
def test_the_setting_wins_over_the_request(settings, store):
    settings.PUBLIC_BASE_URL = "https://desk.example.cn/"
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    order = make_order(store)
    data = documents.receipt_data(order, base_url=doc_services.public_base_url(request))
    assert data.status_url.startswith("https://desk.example.cn/documents/s/")


def test_receipt_view_passes_the_request_address(counter_client, settings, store, monkeypatch):
    from repairs.views import printing

    settings.PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["*"]
    order = make_order(store)
    seen = []
    real = printing.documents.receipt_data

    def spy(*args, **kwargs):
        data = real(*args, **kwargs)
        seen.append(data.status_url)
        return data

    monkeypatch.setattr(printing.documents, "receipt_data", spy)
    response = counter_client.get(f"/repairs/{order.number}/print/receipt/", HTTP_HOST="desk.local:8016")
    assert response.status_code == 200
    assert seen and seen[0].startswith("http://desk.local:8016/documents/s/")


def test_deploy_check_requires_public_base_url(settings):
    settings.PUBLIC_BASE_URL = ""
    assert [e.id for e in checks.check_public_base_url(None)] == ["aftersales.E002"]
    settings.PUBLIC_BASE_URL = "https://desk.example.cn"
    assert checks.check_public_base_url(None) == []


@pytest.mark.django_db
def test_seed_demo_prints_the_real_address_and_the_chain_manager_sensibly(settings):
    settings.PUBLIC_BASE_URL = ""
    out = io.StringIO()
    call_command("seed_demo", "--url", "http://127.0.0.1:8016/", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8016/" in text and ":8000" not in text
    chain = next(line for line in text.splitlines() if line.strip().startswith("chain "))
    assert "(all stores)" in chain and "(HX)" not in chain


@pytest.mark.django_db
def test_the_desk_address_alone_does_not_print_a_new_version(settings, store):
    from aftersales.documents.data import fingerprint

    settings.PUBLIC_BASE_URL = ""
    order = make_order(store)
    one = documents.receipt_data(order, base_url="http://10.0.0.5:8016")
    other = documents.receipt_data(order, base_url="http://desk.local")
    assert one.status_url != other.status_url and fingerprint(one) == fingerprint(other)
