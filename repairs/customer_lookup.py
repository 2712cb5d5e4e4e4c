"""Finding or creating the customer at intake. One seam: the customers app's search and quick-create
modal replace these two functions later without the intake code changing."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from aftersales import audit, roles
from customers.models import Customer


def normalise_phone(raw: str) -> str:
    try:
        number = phonenumbers.parse((raw or "").strip(), "CN")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("This is not a phone number."))
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("This is not a valid phone number."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def find_by_phone(*, user, phone: str) -> list[Customer]:
    try:
        e164 = normalise_phone(phone)
    except ValidationError:
        return []
    return list(roles.scoped(Customer.objects.filter(phone=e164, merged_into__isnull=True), user)[:10])


def find_or_create(*, actor, store, phone: str, name: str) -> Customer:
    """The customer with this phone in the user's stores, or a new file with name and phone."""
    e164 = normalise_phone(phone)
    existing = roles.scoped(Customer.objects.filter(phone=e164, merged_into__isnull=True), actor).order_by("pk").first()
    if existing:
        return existing
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("No customer has this phone yet: type the customer's name to create one."))
    customer = Customer.objects.create(name=name, phone=e164, phone_last4=e164[-4:], home_store=store, created_by=actor)
    audit.record(actor=actor, kind="customer.created", subject=customer, store=store, new={"name": name, "phone": e164})
    return customer
