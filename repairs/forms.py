"""Shapes of input for the repair pages; the services decide what is allowed."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.catalog import ItemCategory, Material, Reason
from aftersales.policy.models import Fact
from customers import phones
from customers import selectors as customer_selectors
from tradein.models import METAL_MATERIALS

from .models import (
    MAX_WEIGHT,
    ApprovalMethod,
    IdType,
    Location,
    PaymentMethod,
    RepairItem,
    ServiceType,
    UnclaimedDecision,
)

WEIGHT = {"max_digits": 7, "decimal_places": 2, "min_value": Decimal("0.01"), "max_value": MAX_WEIGHT}
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}


def _blank(choices):
    return [("", "—"), *choices]


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


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
        if value and value < timezone.localdate():
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


class QuoteForm(VersionMixin):
    labour = forms.DecimalField(label=_("Labour (yuan)"), **MONEY, initial=Decimal("0"))
    parts = forms.DecimalField(label=_("Parts (yuan)"), **MONEY, initial=Decimal("0"))
    metal_material = forms.ChoiceField(label=_("Added metal"), choices=_blank(METAL_MATERIALS), required=False)
    metal_weight = forms.DecimalField(label=_("Added metal (g)"), max_digits=9, decimal_places=3, min_value=Decimal("0"), max_value=MAX_WEIGHT,
                                      required=False, initial=Decimal("0"))
    discount = forms.DecimalField(label=_("Discount (yuan)"), **MONEY, initial=Decimal("0"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(VersionMixin):
    method = forms.ChoiceField(label=_("How the customer approved"), choices=[c for c in ApprovalMethod.choices if c[0] != ApprovalMethod.WITHIN_LIMIT],
                               widget=forms.RadioSelect, initial=ApprovalMethod.IN_PERSON)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)
    call_taken_by = forms.CharField(label=_("Call taken by"), max_length=60, required=False)
    spoke_with = forms.CharField(label=_("Spoke with"), max_length=60, required=False)
    do_not_exceed = forms.DecimalField(label=_("Do not exceed (yuan)"), required=False, **MONEY)

    def clean(self):
        data = super().clean()
        if data.get("method") == ApprovalMethod.IN_PERSON and not data.get("signature"):
            self.add_error(None, _("The customer signs on the tablet before you confirm."))
        if data.get("method") == ApprovalMethod.PHONE and not (data.get("call_taken_by") or "").strip():
            self.add_error("call_taken_by", _("Say who took the customer's call."))
        return data


class NoteForm(VersionMixin):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(VersionMixin):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class StartForm(VersionMixin):
    technician = forms.ChoiceField(label=_("Technician"), required=False)

    def __init__(self, *args, technicians=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].choices = _blank([(u.pk, str(u)) for u in technicians])


class CustodyForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    to = forms.ChoiceField(label=_("Hand over to"), choices=[c for c in Location.choices if c[0] != Location.CUSTOMER])
    received_by = forms.ChoiceField(label=_("Received by (staff)"), required=False)
    received_by_name = forms.CharField(label=_("Received by (outside workshop)"), max_length=80, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_by"].choices = _blank([(u.pk, str(u)) for u in staff])


class WeightsForm(VersionMixin):
    """Return weight (and metal added) per item still in the store."""

    def __init__(self, *args, items: list[RepairItem] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"w{item.pk}"] = forms.DecimalField(label=_("Item %(n)s return weight (g)") % {"n": item.position}, **WEIGHT,
                                                           initial=item.return_weight, widget=forms.NumberInput(attrs={"step": "0.01"}))
            self.fields[f"m{item.pk}"] = forms.DecimalField(label=_("Item %(n)s metal added (g)") % {"n": item.position}, max_digits=9,
                                                           decimal_places=3, min_value=Decimal("0"), max_value=MAX_WEIGHT, required=False,
                                                           initial=item.added_metal_weight)

    def weights(self) -> tuple[dict, dict]:
        return ({i.pk: self.cleaned_data[f"w{i.pk}"] for i in self.items},
                {i.pk: self.cleaned_data.get(f"m{i.pk}") or Decimal("0") for i in self.items})


class WeightApprovalForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Why the difference is accepted"), widget=forms.Textarea(attrs={"rows": 2}))


class PromisedDateForm(VersionMixin):
    new_date = forms.DateField(label=_("New promised date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Reason"), max_length=200)
    customer_told = forms.BooleanField(label=_("The customer has been told the new date and the reason"), required=True)
    told_how = forms.CharField(label=_("Told how (call, message, in person)"), max_length=60, required=False)

    def clean_new_date(self):
        value = self.cleaned_data["new_date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The promised date cannot be in the past."))
        return value


class UnclaimedDecisionForm(VersionMixin):
    decision = forms.ChoiceField(label=_("Decision"), choices=UnclaimedDecision.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (what the customer was told and when)"), widget=forms.Textarea(attrs={"rows": 2}))


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


class ServiceTypeForm(forms.ModelForm):
    class Meta:
        model = ServiceType
        fields = ["code", "name", "job_type", "price_rule", "price", "turnaround_days", "is_active", "sort"]
