from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.money import MAX_PRICE_PER_GRAM

from .models import METAL_MATERIALS


class MetalPriceForm(forms.Form):
    material = forms.ChoiceField(label=_("Fineness"), choices=METAL_MATERIALS)
    price_per_gram = forms.DecimalField(label=_("Price per gram (yuan)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"),
                                        max_value=MAX_PRICE_PER_GRAM)
    chain_wide = forms.BooleanField(label=_("For the whole chain"), required=False)
