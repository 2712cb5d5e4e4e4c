"""Issue 11, case 4: a NUL byte anywhere in a request is a 400 for every view (it was a 500 on PostgreSQL)."""

from __future__ import annotations

import pytest

from aftersales.models import Event

NUL_URLS = [
    "/search/?q=%00",
    "/repairs/?q=%00",
    "/repairs/?location=%00",
    "/customers/?q=a%00b",
    "/customers/lookup/?q=a%00b",
    "/repairs/PG%00X/",
    "/repairs/?page=%00",
    "/repairs/?a%00=1",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", NUL_URLS)
def test_nul_in_path_or_query_is_a_400_page(counter_client, url):
    response = counter_client.get(url)
    assert response.status_code == 400
    assert "400.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_nul_in_a_form_field_is_a_400_and_nothing_is_saved(counter_client, store):
    from customers.models import Customer

    before = (Customer.objects.count(), Event.objects.count())
    response = counter_client.post("/customers/new/", {"name": "王\x00小红", "phone": "13812345678"})
    assert response.status_code == 400
    assert (Customer.objects.count(), Event.objects.count()) == before


@pytest.mark.django_db
def test_nul_in_a_cookie_is_a_400(client):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/login/").status_code == 400


@pytest.mark.django_db
def test_ordinary_requests_pass(counter_client):
    assert counter_client.get("/repairs/?q=abc").status_code == 200
