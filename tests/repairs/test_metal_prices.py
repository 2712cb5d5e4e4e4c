from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from aftersales.models import Event
from tradein.models import MetalPrice
from tradein.selectors import price_per_gram
from tradein.services import metal_price_set


@pytest.mark.django_db
def test_store_price_wins_over_chain(store, other_store, manager, chain_manager):
    metal_price_set(actor=chain_manager, store=store, material="au990", price_per_gram=Decimal("600.00"), chain_wide=True)
    metal_price_set(actor=manager, store=store, material="au990", price_per_gram=Decimal("610.00"))
    assert price_per_gram(store=store, material="au990") == Decimal("610.00")
    assert price_per_gram(store=other_store, material="au990") == Decimal("600.00")
    assert price_per_gram(store=store, material="pt950") is None


@pytest.mark.django_db
def test_correcting_a_price_keeps_one_row_and_an_event(store, manager):
    metal_price_set(actor=manager, store=store, material="au990", price_per_gram=Decimal("600"))
    metal_price_set(actor=manager, store=store, material="au990", price_per_gram=Decimal("605"))
    assert MetalPrice.objects.get().price_per_gram == Decimal("605.00")
    assert Event.objects.filter(kind="metal_price.set").count() == 2


@pytest.mark.django_db
def test_only_managers_set_prices(store, counter, manager):
    with pytest.raises(PermissionDenied):
        metal_price_set(actor=counter, store=store, material="au990", price_per_gram=Decimal("600"))
    with pytest.raises(ValidationError):
        metal_price_set(actor=manager, store=store, material="au990", price_per_gram=Decimal("600"), chain_wide=True)
    with pytest.raises(ValidationError):
        metal_price_set(actor=manager, store=store, material="pearl", price_per_gram=Decimal("600"))
    with pytest.raises(ValidationError):
        metal_price_set(actor=manager, store=store, material="au990", price_per_gram=Decimal("-1"))


@pytest.mark.django_db
def test_price_page(manager_client, counter_client, store):
    url = reverse("tradein:metal_prices")
    assert manager_client.post(url, {"material": "ag925", "price_per_gram": "6.80"}).status_code == 302
    assert "6.80" in counter_client.get(url).content.decode()
    assert counter_client.post(url, {"material": "ag925", "price_per_gram": "1"}).status_code == 403
    bad = manager_client.post(url, {"material": "ag925", "price_per_gram": "-3"})
    assert bad.status_code == 200 and MetalPrice.objects.get().price_per_gram == Decimal("6.80")
