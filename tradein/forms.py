"""Shape of the input only; the services check the rest and say what to fix."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.catalog import ItemCategory

from .models import (
    METAL_MATERIALS,
    IdType,
    Metal,
    Origin,
    PaymentMethod,
    PriceMode,
    QuoteKind,
    Rule,
    RuleCategory,
    TestMethod,
    TradeinSettings,
)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MetalPriceForm(forms.Form):
    material = forms.ChoiceField(label=_("Fineness"), choices=METAL_MATERIALS)
    price_per_gram = forms.DecimalField(label=_("Price per gram (yuan)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    chain_wide = forms.BooleanField(label=_("For the whole chain"), required=False)


class BuybackPriceForm(forms.Form):
    metal = forms.ChoiceField(label=_("Metal"), choices=Metal.choices)
    price_per_gram = forms.DecimalField(label=_("Buyback price per gram of fine metal (yuan)"), max_digits=12, decimal_places=2,
                                        min_value=Decimal("0.01"))
    chain_wide = forms.BooleanField(label=_("For the whole chain"), required=False)


class QuoteNewForm(forms.Form):
    phone = forms.CharField(label=_("Customer's phone or its last four digits"), max_length=30, required=False)
    customer = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuoteKind.choices)
    category = forms.ChoiceField(label=_("Old-piece category"), choices=RuleCategory.choices)
    origin = forms.ChoiceField(label=_("Old-piece origin"), choices=Origin.choices)
    price_material = forms.ChoiceField(label=_("Priced as"), choices=METAL_MATERIALS, initial="au999")
    notes = forms.CharField(label=_("Notes"), required=False, max_length=500)


class OldPieceForm(VersionForm):
    description = forms.CharField(label=_("Description"), max_length=200)
    category = forms.ChoiceField(label=_("Item"), choices=ItemCategory.choices)
    material = forms.ChoiceField(label=_("Material"), choices=METAL_MATERIALS, initial="au999")
    hallmark = forms.CharField(label=_("Hallmark"), max_length=40, required=False)
    hallmark_fineness = forms.CharField(label=_("Fineness by the hallmark (‰)"), required=False, max_length=10,
                                        help_text=_("Empty: the material's fineness."))
    gross_weight = forms.CharField(label=_("Gross weight (g)"), max_length=12)
    net_weight = forms.CharField(label=_("Net weight (g)"), max_length=12, required=False, help_text=_("Empty: the same as the gross weight."))
    original_price = forms.CharField(label=_("Original price (yuan)"), max_length=14, required=False)


class NewPieceForm(VersionForm):
    piece = forms.IntegerField(widget=forms.HiddenInput, required=False)
    product_code = forms.CharField(label=_("Product code (scan or type)"), max_length=40, required=False)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=RuleCategory.choices)
    weight = forms.CharField(label=_("Weight (g)"), max_length=12)
    price_mode = forms.ChoiceField(label=_("Price"), choices=PriceMode.choices)
    tag_price = forms.CharField(label=_("Tag price (yuan)"), max_length=14, required=False)


class PurityTestForm(VersionForm):
    piece = forms.IntegerField(widget=forms.HiddenInput)
    method = forms.ChoiceField(label=_("Method"), choices=TestMethod.choices)
    reading = forms.CharField(label=_("Reading (‰)"), max_length=10)
    weight_before_melt = forms.CharField(label=_("Weight before melting (g)"), max_length=12, required=False)
    weight_after_melt = forms.CharField(label=_("Weight after melting (g)"), max_length=12, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=200, required=False)


class AcceptForm(VersionForm):
    signature = forms.CharField(widget=forms.HiddenInput, required=False)
    seller_id_type = forms.ChoiceField(label=_("Seller's ID type"), choices=[("", "—"), *IdType.choices], required=False)
    seller_id_last4 = forms.CharField(label=_("Seller's ID, last four characters"), max_length=4, required=False)


class CompleteForm(VersionForm):
    payment_method = forms.ChoiceField(label=_("Payment or refund by"), choices=PaymentMethod.choices)


class DeclineForm(VersionForm):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class RuleForm(forms.ModelForm):
    chain_wide = forms.BooleanField(label=_("Chain rule (all stores)"), required=False)

    class Meta:
        model = Rule
        fields = [f for f in Rule.DATA_FIELDS if f != "store"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class SettingsForm(forms.ModelForm):
    class Meta:
        model = TradeinSettings
        fields = ["lock_mode", "lock_minutes", "id_above_amount", "id_above_grams"]


class LotForm(forms.Form):
    metal = forms.ChoiceField(label=_("Metal"), choices=Metal.choices)
    fineness = forms.CharField(label=_("Fineness (‰)"), max_length=10)
    grams = forms.CharField(label=_("Weight sent (g)"), max_length=12)
    refinery = forms.CharField(label=_("Refinery"), max_length=100)


class AssayForm(VersionForm):
    assay_fineness = forms.CharField(label=_("Assayed fineness (‰)"), max_length=10)
    fine_grams = forms.CharField(label=_("Fine metal credited (g)"), max_length=12, required=False)
