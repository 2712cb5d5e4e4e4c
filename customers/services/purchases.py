"""Purchases recorded at the counter (the point-of-sale import is in pos_import)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aftersales import audit, clock, once, roles
from aftersales.models import Store
from aftersales.money import round_money

from ..models import Customer, Purchase
from .customers import AlreadySubmitted


@transaction.atomic
def purchase_create(
    *,
    customer_id: int,
    store: Store,
    actor,
    receipt_number: str,
    purchased_at: datetime,
    item: str,
    price: Decimal,
    category: str = "other",
    material: str = "other",
    weight: Decimal | None = None,
    special_price: bool = False,
    single_use: bool = False,
    series: str = "",
    token=None,
) -> Purchase:
    customer = Customer.objects.select_for_update().get(pk=customer_id)
    roles.require(actor, store, "customers.purchase_add")
    errors = {}
    receipt_number = (receipt_number or "").strip()
    item = (item or "").strip()
    if not receipt_number:
        errors["receipt_number"] = _("Enter the receipt number.")
    if not item:
        errors["item"] = _("Say what was bought.")
    if purchased_at and purchased_at > clock.now():
        errors["purchased_at"] = _("The purchase date cannot be in the future.")
    if price is None or price < 0:
        errors["price"] = _("Enter a price of zero or more.")
    if weight is not None and weight < 0:
        errors["weight"] = _("A weight cannot be negative.")
    if Purchase.objects.filter(store=store, receipt_number=receipt_number, item=item).exists():
        errors["receipt_number"] = _("This receipt line is already recorded.")
    if errors:
        raise ValidationError(errors)
    purchase = Purchase.objects.create(
        customer=customer, store=store, receipt_number=receipt_number, purchased_at=purchased_at, item=item,
        category=category or "other", material=material or "other", weight=weight, price=round_money(price),
        special_price=special_price, single_use=single_use, series=(series or "").strip(),
    )
    if token is not None and not once.claim(token=token, user=actor, result_url=""):
        raise AlreadySubmitted
    audit.record(actor=actor, kind="purchase.created", subject=purchase, store=store,
                 new={"customer": customer.pk, "receipt": receipt_number, "item": item, "price": purchase.price})
    return purchase
