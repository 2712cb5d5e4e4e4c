"""Forms of the actions on one order: quote, approval, work, weights, dates, the unclaimed decision."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales import clock
from tradein.models import METAL_MATERIALS

from ..models import MAX_WEIGHT, ApprovalMethod, Location, RepairItem, UnclaimedDecision
from .common import MONEY, WEIGHT, VersionMixin, _blank


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
        if value < clock.today():
            raise forms.ValidationError(_("The promised date cannot be in the past."))
        return value


class UnclaimedDecisionForm(VersionMixin):
    decision = forms.ChoiceField(label=_("Decision"), choices=UnclaimedDecision.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (what the customer was told and when)"), widget=forms.Textarea(attrs={"rows": 2}))
