"""The public status page's masked name says nothing about the name's length."""

from __future__ import annotations

import pytest

from customers.models import Customer


@pytest.mark.parametrize("name", ["王", "王五", "王小红", "欧阳娜娜", "王" + "x" * 52])
def test_masked_name_is_one_character_and_a_fixed_mask(name):
    assert Customer(name=name).masked_name == name[0] + "**"


@pytest.mark.django_db
def test_status_page_shows_the_fixed_mask(client, store):
    from django.urls import reverse

    from aftersales.documents.services import status_token_for
    from tests.repairs.factories import customer, make_order

    order = make_order(store, customer=customer(store, name="王" + "a" * 52))
    response = client.get(reverse("documents:status", kwargs={"token": status_token_for(subject=order).token}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "王**<" in body and "王***" not in body
