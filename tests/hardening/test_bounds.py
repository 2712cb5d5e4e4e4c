"""Issue 11, cases 2, 5 and 6: money within business bounds, pages and ids that are out of range, promised dates."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from repairs import services
from repairs.models import Quote, RepairOrder, Status
from tests.repairs.factories import make_order

pytestmark = pytest.mark.django_db


def _act(client, order, action, data):
    return client.post(reverse("repairs:act", kwargs={"number": order.number, "action": action}), {"version": order.version, **data})


def test_an_overflowing_quote_is_refused_and_the_pages_keep_working(counter_client, store):
    order = make_order(store)
    response = _act(counter_client, order, "quote", {"labour": "9999999999.99", "parts": "9999999999.99", "discount": "0"})
    assert response.status_code == 400
    assert not Quote.objects.filter(order=order).exists()
    assert counter_client.get(reverse("repairs:detail", kwargs={"number": order.number})).status_code == 200


def test_the_service_checks_every_amount_and_the_total(store, counter):
    order = make_order(store)
    with pytest.raises(ValidationError):
        services.repair_quote(order_id=order.pk, actor=counter, labour=Decimal("9999999999.99"))
    with pytest.raises(ValidationError):
        services.repair_quote(order_id=order.pk, actor=counter, labour=Decimal("6000000"), parts=Decimal("6000000"))
    quote = services.repair_quote(order_id=order.pk, actor=counter, labour=Decimal("5000000"), parts=Decimal("5000000"))
    assert quote.total == Decimal("10000000.00")


def test_a_check_constraint_backs_the_quote_bound(store, counter):
    order = make_order(store)
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(order=order, revision=9, labour=Decimal("20000000"), total=Decimal("20000000"))


def test_the_metal_price_has_a_bound_and_a_constraint(store, manager):
    from tradein.models import MetalPrice
    from tradein.services import metal_price_set

    with pytest.raises(ValidationError):
        metal_price_set(actor=manager, store=store, material="au999", price_per_gram=Decimal("9999999999.99"))
    with pytest.raises(IntegrityError), transaction.atomic():
        MetalPrice.objects.create(store=store, date=timezone.localdate(), metal="gold", material="au999", price_per_gram=Decimal("200000"))


def test_a_page_past_the_end_shows_the_last_page(counter_client, store):
    make_order(store)
    response = counter_client.get("/repairs/?page=99999999999999999999999")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1 and len(response.context["orders"]) == 1


@pytest.mark.parametrize("item", ["abc", "99999999999999999999999", "-1"])
def test_malformed_item_ids_are_not_found(manager_client, store, item):
    order = make_order(store, status=Status.QUALITY_CHECK)
    assert _act(manager_client, order, "approve_weight", {"item": item, "note": "ok"}).status_code == 404
    assert _act(manager_client, order, "photo", {"item": item}).status_code == 404


def test_an_item_of_another_order_is_not_found(manager_client, store):
    order = make_order(store, status=Status.QUALITY_CHECK)
    other = make_order(store, status=Status.QUALITY_CHECK)
    foreign_item = other.items.first().pk
    assert _act(manager_client, order, "approve_weight", {"item": foreign_item, "note": "ok"}).status_code == 404


def test_promised_dates_are_within_a_year(counter_client, store, counter):
    order = make_order(store)
    far = timezone.localdate() + timedelta(days=400)
    response = _act(counter_client, order, "promise", {"new_date": "9999-12-31", "reason": "x", "customer_told": "on"})
    assert response.status_code == 400
    with pytest.raises(ValidationError):
        services.repair_change_promised_date(order_id=order.pk, actor=counter, new_date=far, reason="x", customer_told=True)
    order.refresh_from_db()
    assert order.promised_date < far
    assert RepairOrder.objects.filter(promised_date__gt=timezone.localdate() + timedelta(days=366)).count() == 0
