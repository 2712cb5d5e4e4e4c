"""What the repair forms share: field sizes for money and weight, the version field."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from ..models import MAX_WEIGHT

WEIGHT = {"max_digits": 7, "decimal_places": 2, "min_value": Decimal("0.01"), "max_value": MAX_WEIGHT}
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}


def _blank(choices):
    return [("", "—"), *choices]


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
