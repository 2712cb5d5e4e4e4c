"""The pickup desk's forms: find the order, hand the items over."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import IdType, PaymentMethod, RepairItem
from .common import MONEY, WEIGHT, VersionMixin, _blank


class PickupForm(VersionMixin):
    receipt_presented = forms.BooleanField(label=_("The receipt was presented (scanned)"), required=False, initial=True)
    phone_last4 = forms.CharField(label=_("Last four digits of the customer's phone"), max_length=4, min_length=4, required=False,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    by_owner = forms.BooleanField(label=_("Collected by the customer in person"), required=False, initial=True)
    collector_name = forms.CharField(label=_("Name of the person collecting"), max_length=60, required=False)
    id_type = forms.ChoiceField(label=_("ID type"), choices=_blank(IdType.choices), required=False)
    id_last_digits = forms.CharField(label=_("ID last digits"), max_length=6, required=False)
    payment_amount = forms.DecimalField(label=_("Amount paid now (yuan)"), required=False, **MONEY)
    payment_method = forms.ChoiceField(label=_("Paid by"), choices=_blank(PaymentMethod.choices), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    signature = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, items: list[RepairItem] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"take{item.pk}"] = forms.BooleanField(label=_("Hand over item %(n)s") % {"n": item.position}, required=False, initial=True)
            self.fields[f"w{item.pk}"] = forms.DecimalField(label=_("Item %(n)s weight now (g)") % {"n": item.position}, required=False,
                                                           **WEIGHT, widget=forms.NumberInput(attrs={"step": "0.01"}))

    def clean(self):
        data = super().clean()
        taken = [i for i in self.items if data.get(f"take{i.pk}")]
        if not taken:
            raise forms.ValidationError(_("Choose the items handed over."))
        for item in taken:
            if data.get(f"w{item.pk}") is None and f"w{item.pk}" not in self.errors:
                self.add_error(f"w{item.pk}", _("Weigh the item in front of the customer and enter the weight."))
        return data

    def selection(self) -> tuple[list[int], dict]:
        taken = [i.pk for i in self.items if self.cleaned_data.get(f"take{i.pk}")]
        return taken, {pk: self.cleaned_data.get(f"w{pk}") for pk in taken}


class FindForm(forms.Form):
    q = forms.CharField(label=_("Order number (scan) or customer's phone"), max_length=40,
                        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}))
