from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from customers.models import Customer, FollowUp, FollowUpReason, Purchase


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"王芳{n}")
    phone = factory.Sequence(lambda n: f"+86138{n:08d}")
    phone_last4 = factory.LazyAttribute(lambda o: o.phone[-4:])


class PurchaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Purchase

    customer = factory.SubFactory(CustomerFactory)
    store = factory.LazyAttribute(lambda o: o.customer.home_store)
    receipt_number = factory.Sequence(lambda n: f"R{n:06d}")
    purchased_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    item = "足金手链"
    price = Decimal("1280.00")


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    customer = factory.SubFactory(CustomerFactory)
    store = factory.LazyAttribute(lambda o: o.customer.home_store)
    reason = FollowUpReason.AFTER_PICKUP
    due_date = factory.LazyFunction(timezone.localdate)
    next_try_on = factory.LazyAttribute(lambda o: o.due_date)
