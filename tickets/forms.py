"""The shape of what the case pages accept; the services decide what is allowed."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.models import User

from .models import (
    MAX_AMOUNT,
    CaseSettings,
    Channel,
    ContactMethod,
    Kind,
    RefundMethod,
    ResolutionKind,
    Step,
    Urgency,
)

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def datetime_field(label, required=False):
    return forms.DateTimeField(label=label, required=required, input_formats=DATETIME_FORMATS,
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CaseForm(forms.Form):
    phone = forms.CharField(label=_("Customer's phone (or its last four digits to search)"), max_length=30)
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    customer_name = forms.CharField(label=_("Customer's name (a new file; empty for an anonymous caller)"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    category = forms.ModelChoiceField(label=_("Category"), queryset=None, empty_label=None)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    received_at = datetime_field(_("Received at (empty: now)"))
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    customer_wants = forms.CharField(label=_("What the customer wants"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False)
    purchase = forms.IntegerField(required=False, widget=forms.HiddenInput)
    regulator_number = forms.CharField(label=_("Regulator's case number (12315)"), max_length=40, required=False)
    regulator_reply_due = forms.DateField(label=_("Reply to the regulator by (empty: counted in working days)"), required=False, **DATE)
    staff_concerned = forms.ModelChoiceField(label=_("Staff member concerned (managers only)"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, categories=None, staff=None, show_staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        if show_staff:
            self.fields["staff_concerned"].queryset = staff
        else:
            del self.fields["staff_concerned"]

    @property
    def phone_is_last4(self) -> bool:
        value = (self.cleaned_data.get("phone") or "").strip() if hasattr(self, "cleaned_data") else ""
        return value.isdigit() and len(value) == 4


class EditForm(VersionMixin):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    category = forms.ModelChoiceField(label=_("Category"), queryset=None, empty_label=None)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    customer_wants = forms.CharField(label=_("What the customer wants"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False)
    regulator_number = forms.CharField(label=_("Regulator's case number (12315)"), max_length=40, required=False)
    regulator_reply_due = forms.DateField(label=_("Reply to the regulator by"), required=False, **DATE)
    staff_concerned = forms.ModelChoiceField(label=_("Staff member concerned (managers only)"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, categories=None, staff=None, show_staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        if show_staff:
            self.fields["staff_concerned"].queryset = staff
        else:
            del self.fields["staff_concerned"]


class ContactForm(forms.Form):
    method = forms.ChoiceField(label=_("How"), choices=ContactMethod.choices)
    at = datetime_field(_("When (empty: now)"))
    told = forms.CharField(label=_("What the customer was told"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    customer_said = forms.CharField(label=_("What the customer said"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False)
    acknowledgement = forms.BooleanField(label=_("This is the acknowledgement: the process and the expected date were explained"), required=False)
    expected_by = forms.DateField(label=_("Answer promised by"), required=False, **DATE)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note (never shown to the customer)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class StepForm(forms.Form):
    step = forms.ChoiceField(choices=Step.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), max_length=5000, required=False)


class LinkForm(forms.Form):
    number = forms.CharField(label=_("Document number (repair order, trade-in…)"), max_length=40)


class AssignForm(VersionMixin):
    assignee = forms.ModelChoiceField(label=_("Handled by"), queryset=User.objects.none())

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["assignee"].queryset = staff


class ResolveForm(VersionMixin):
    kind = forms.ChoiceField(label=_("Resolution"), choices=ResolutionKind.choices)
    explanation = forms.CharField(label=_("Explanation given to the customer"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False)
    receipt_shown = forms.BooleanField(label=_("Purchase receipt shown"), required=False)
    intact = forms.BooleanField(label=_("Item intact and resellable"), required=False)
    override = forms.BooleanField(label=_("Manager's goodwill: allow it although the policy does not"), required=False)
    override_reason = forms.CharField(label=_("Reason for the override"), max_length=2000, required=False)
    goodwill = forms.BooleanField(label=_("Repair as goodwill (manager's approval)"), required=False)
    amount = forms.DecimalField(label=_("Compensation or voucher (yuan)"), max_digits=12, decimal_places=2, required=False,
                                min_value=0, max_value=MAX_AMOUNT)
    refund_amount = forms.DecimalField(label=_("Refund (yuan)"), max_digits=12, decimal_places=2, required=False, min_value=0, max_value=MAX_AMOUNT)
    refund_method = forms.ChoiceField(label=_("Paid back by"), choices=[("", "—"), *RefundMethod.choices], required=False)
    expected_date = forms.DateField(label=_("Carried out by (told to the customer)"), required=False, **DATE)


class DecideForm(forms.Form):
    resolution = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(choices=[("1", _("Approve")), ("0", _("Refuse"))], coerce=lambda v: v == "1")
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class CloseForm(VersionMixin):
    justified = forms.TypedChoiceField(label=_("Was the complaint justified?"), required=False, empty_value=None,
                                       choices=[("", "—"), ("1", _("Yes, justified")), ("0", _("No, not justified"))],
                                       coerce=lambda v: v == "1")
    root_cause = forms.ModelChoiceField(label=_("Root cause"), queryset=None, required=False)
    closing_note = forms.CharField(label=_("Closing note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False)
    action_what = forms.CharField(label=_("Corrective action: what will be done"), max_length=5000, required=False)
    action_owner = forms.ModelChoiceField(label=_("Who"), queryset=User.objects.none(), required=False)
    action_due = forms.DateField(label=_("By when"), required=False, **DATE)

    def __init__(self, *args, causes=None, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["root_cause"].queryset = causes
        if staff is not None:
            self.fields["action_owner"].queryset = staff


class ReasonForm(VersionMixin):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class AttachForm(forms.Form):
    file = forms.FileField(label=_("Photo or PDF"))


class ActionForm(forms.Form):
    what = forms.CharField(label=_("What will be done"), max_length=5000)
    owner = forms.ModelChoiceField(label=_("Who"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("By when"), **DATE)

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["owner"].queryset = staff


class ActionDoneForm(VersionMixin):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class VerifyForm(VersionMixin):
    effective = forms.TypedChoiceField(label=_("Did it work?"), choices=[("1", _("Yes, it worked")), ("0", _("No, it did not work"))],
                                       coerce=lambda v: v == "1")
    note = forms.CharField(label=_("What was checked"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class SettingsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CaseSettings
        fields = ["ack_hours", "ack_reminder_hours", "target_normal_hours", "target_urgent_hours", "target_critical_hours",
                  "regulator_working_days", "store_limit", "chain_limit", "verify_after_days"]

    def clean(self):
        data = super().clean()
        store_limit, chain_limit = data.get("store_limit"), data.get("chain_limit")
        if store_limit is not None and chain_limit is not None and chain_limit < store_limit:
            self.add_error("chain_limit", _("The chain limit cannot be below the store limit."))
        return data


class ListEntryForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=80)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    source = forms.CharField(label=_("Source (the State Council's notice)"), max_length=200, required=False)
    holidays = forms.CharField(label=_("Public holidays (one date or range per line, e.g. 2027-10-01..2027-10-07 国庆节)"),
                               widget=forms.Textarea(attrs={"rows": 6}))
    workdays = forms.CharField(label=_("Make-up working days (调休) on a weekend, one per line"), widget=forms.Textarea(attrs={"rows": 3}),
                               required=False)

    def _parse(self, text: str, year: int | None) -> list[tuple[date, str]]:
        from datetime import timedelta

        days = []
        for number, raw in enumerate((text or "").splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            span, _sep, name = line.partition(" ")
            start, _dots, end = span.partition("..")
            try:
                first = date.fromisoformat(start.strip())
                last = date.fromisoformat(end.strip()) if end else first
            except ValueError:
                raise forms.ValidationError(_("Line %(n)s: “%(line)s” is not a date (write 2027-10-01 or 2027-10-01..2027-10-07).")
                                            % {"n": number, "line": line}) from None
            if last < first or (last - first).days > 31:
                raise forms.ValidationError(_("Line %(n)s: the range is backwards or longer than a month.") % {"n": number})
            if year is not None and (first.year != year or last.year != year):
                raise forms.ValidationError(_("Line %(n)s: the dates must be in %(year)s.") % {"n": number, "year": year})
            day = first
            while day <= last:
                days.append((day, name.strip()[:40]))
                day += timedelta(days=1)
        return days

    def clean(self):
        data = super().clean()
        year = data.get("year")
        try:
            data["holiday_days"] = self._parse(data.get("holidays", ""), year)
        except forms.ValidationError as exc:
            self.add_error("holidays", exc)
        try:
            data["workday_days"] = self._parse(data.get("workdays", ""), year)
        except forms.ValidationError as exc:
            self.add_error("workdays", exc)
        if not self.errors and not data.get("holiday_days"):
            self.add_error("holidays", _("List at least the public holidays of the year."))
        return data


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Your rating"), choices=[(str(i), str(i)) for i in range(1, 6)], coerce=int,
                                   widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment (optional)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)
