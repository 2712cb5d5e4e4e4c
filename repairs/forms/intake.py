"""The intake forms: the order (customer, promise, deposit, risks) and one form per item."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales import clock
from aftersales.catalog import ItemCategory, Material, Reason
from aftersales.policy.models import Fact
from customers import phones
from customers import selectors as customer_selectors

from ..models import PaymentMethod, RepairItem, ServiceType
from .common import MONEY, WEIGHT, _blank


class IntakeOrderForm(forms.Form):
    phone = forms.CharField(label=_("Customer's phone (full number or last 4 digits)"), max_length=30,
                            widget=forms.TextInput(attrs={"autofocus": True, "inputmode": "tel", "autocomplete": "off"}))
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    customer_name = forms.CharField(label=_("Customer's name (for a new customer)"), max_length=60, required=False)
    confirm_duplicate = forms.BooleanField(label=_("Yes, make a new file with this phone for our store"), required=False)
    promised_date = forms.DateField(label=_("Promised date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                    help_text=_("Empty: computed from the jobs' turnaround and the store's calendar."))
    rush = forms.BooleanField(label=_("Rush"), required=False)
    deposit = forms.DecimalField(label=_("Deposit (yuan)"), required=False, **MONEY)
    deposit_method = forms.ChoiceField(label=_("Deposit paid by"), choices=_blank(PaymentMethod.choices), required=False)
    do_not_exceed = forms.DecimalField(label=_("Do not exceed (yuan)"), required=False, **MONEY,
                                       help_text=_("The customer agrees in advance to any total up to this amount."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    risks_acknowledged = forms.BooleanField(label=_("The customer has read and acknowledged the risk disclosures"), required=True)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_phone(self) -> str:
        """'5678' (last four digits, to search) or the number in E.164; anything else is an error."""
        raw = self.cleaned_data["phone"].strip()
        kind, value = customer_selectors.classify(raw)
        if kind == "last4":
            return value
        return phones.normalise(raw)

    @property
    def phone_is_last4(self) -> bool:
        return len(self.cleaned_data.get("phone") or "") == 4

    def clean_promised_date(self):
        value = self.cleaned_data.get("promised_date")
        if value and value < clock.today():
            raise forms.ValidationError(_("The promised date cannot be in the past."))
        return value

    def clean(self):
        data = super().clean()
        if (data.get("deposit") or 0) > 0 and not data.get("deposit_method"):
            self.add_error("deposit_method", _("Say how the deposit was paid."))
        return data


JOB_SLOTS = 3


def purchase_label(purchase) -> str:
    parts = [timezone.localtime(purchase.purchased_at).date().isoformat(), purchase.item, f"{purchase.store.code} {purchase.receipt_number}"]
    if purchase.special_price:
        parts.append(str(_("special price")))
    if purchase.single_use:
        parts.append(str(_("single use")))
    return " · ".join(parts)


def purchase_choices(purchases) -> list[tuple]:
    return [("", _("— not in the list —")), *((p.pk, purchase_label(p)) for p in purchases)]


class IntakeItemForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=_blank(ItemCategory.choices))
    material = forms.ChoiceField(label=_("Material"), choices=_blank(Material.choices))
    hallmark = forms.CharField(label=_("Hallmark as stamped"), max_length=40, required=False)
    description = forms.CharField(label=_("Description"), max_length=200)
    piece_count = forms.IntegerField(label=_("Pieces"), min_value=1, max_value=999, initial=1)
    intake_weight = forms.DecimalField(label=_("Intake weight (g)"), **WEIGHT, widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}))
    stone_count = forms.IntegerField(label=_("Stones"), min_value=0, max_value=9999, initial=0)
    scratches = forms.BooleanField(label=_("scratches"), required=False)
    bends = forms.BooleanField(label=_("bends"), required=False)
    loose_stones = forms.BooleanField(label=_("loose stones"), required=False)
    missing_stones = forms.BooleanField(label=_("missing stones"), required=False)
    broken_clasp = forms.BooleanField(label=_("broken clasp"), required=False)
    worn_plating = forms.BooleanField(label=_("worn plating"), required=False)
    cracks = forms.BooleanField(label=_("cracks"), required=False)
    condition_notes = forms.CharField(label=_("Condition notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    declared_value = forms.DecimalField(label=_("Declared value (yuan)"), required=False, **MONEY)
    reason = forms.ChoiceField(label=_("Why it came in"), choices=_blank(Reason.choices), required=False)
    bought_here = forms.BooleanField(label=_("Bought in our chain"), required=False)
    purchase = forms.TypedChoiceField(label=_("Which purchase"), coerce=int, empty_value=None, required=False, choices=[])
    receipt_shown = forms.BooleanField(label=_("Purchase receipt shown"), required=False)
    receipt_number = forms.CharField(label=_("Purchase receipt number"), max_length=40, required=False,
                                     help_text=_("If the purchase is not in the list."))
    special_stone = forms.BooleanField(label=Fact.SPECIAL_STONE.label, required=False)
    vertical_clip = forms.BooleanField(label=Fact.VERTICAL_CLIP.label, required=False)
    single_use = forms.BooleanField(label=_("Single-use item (一次性商品)"), required=False)

    FACT_FIELDS = {"special_stone": Fact.SPECIAL_STONE, "vertical_clip": Fact.VERTICAL_CLIP}

    def __init__(self, *args, services=None, purchases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.purchases = {p.pk: p for p in purchases}
        for name in (*RepairItem.CONDITION_FIELDS, *self.FACT_FIELDS, "single_use"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        self.fields["purchase"].choices = purchase_choices(self.purchases.values())
        services = services if services is not None else ServiceType.objects.filter(is_active=True)
        for n in range(1, JOB_SLOTS + 1):
            self.fields[f"job{n}"] = forms.ModelChoiceField(label=_("Job %(n)s") % {"n": n}, queryset=services, required=(n == 1))
            self.fields[f"qty{n}"] = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=999, initial=1, required=False)

    def condition_fields(self):
        return [self[name] for name in RepairItem.CONDITION_FIELDS]

    def clean(self):
        data = super().clean()
        if data.get("purchase"):
            data["bought_here"] = True
        return data

    def item_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith(("job", "qty")) and k not in self.FACT_FIELDS}
        data["purchase"] = self.purchases.get(self.cleaned_data.get("purchase"))
        data["facts"] = [fact for name, fact in self.FACT_FIELDS.items() if self.cleaned_data.get(name)]
        data["jobs"] = [
            {"service_type": self.cleaned_data[f"job{n}"], "quantity": self.cleaned_data.get(f"qty{n}") or 1}
            for n in range(1, JOB_SLOTS + 1) if self.cleaned_data.get(f"job{n}")
        ]
        return data


class BaseItemFormSet(forms.BaseFormSet):
    def __init__(self, *args, services=None, purchases=(), **kwargs):
        self.services = services
        self.purchases = list(purchases)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "services": self.services, "purchases": self.purchases}

    @property
    def empty_form(self):
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True, use_required_attribute=False,
                         renderer=self.renderer, services=self.services, purchases=self.purchases)
        self.add_fields(form, None)
        return form


IntakeItemFormSet = forms.formset_factory(IntakeItemForm, formset=BaseItemFormSet, extra=0, min_num=1, validate_min=True, max_num=20, validate_max=True)
