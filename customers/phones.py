"""Phone numbers: parsed and validated with libphonenumber (default region CN), stored as E.164."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "CN"


def normalise(raw: str, *, region: str = DEFAULT_REGION, mobile_only: bool = False) -> str:
    """'138 1234 5678' → '+8613812345678'; raises ValidationError for anything not a real number."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("Enter a phone number."), code="required")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise ValidationError(_("“%(value)s” is not a phone number."), code="invalid", params={"value": text})
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("“%(value)s” is not a valid phone number (check the number of digits)."), code="invalid", params={"value": text})
    if mobile_only and phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise ValidationError(_("“%(value)s” is not a mobile phone number."), code="not_mobile", params={"value": text})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def try_normalise(raw: str) -> str | None:
    try:
        return normalise(raw)
    except ValidationError:
        return None


def last4(e164: str) -> str:
    return e164[-4:]


def mask(e164: str) -> str:
    digits = (e164 or "").removeprefix("+86")
    if len(digits) == 11:
        return f"{digits[:3]}****{digits[-4:]}"
    return f"****{digits[-4:]}" if digits else ""


def display(e164: str) -> str:
    """The full number as the counter dials it: 138 1234 5678 for Chinese mobiles."""
    digits = (e164 or "").removeprefix("+86")
    if len(digits) == 11 and digits.isdigit():
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return e164 or ""
