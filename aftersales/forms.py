from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import User


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class StoreSwitchForm(forms.Form):
    store = forms.IntegerField(widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language"]


class StoreForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        from .models import Store

        model = Store
        fields = [
            "name", "address", "phone", "opening_hours", "receipt_terms",
            "pickup_deadline_months", "pickup_reminder_days", "followup_days_after_pickup", "birthday_greeting_days_before",
            "cleaning_invitation_months", "followup_escalation_days", "closed_weekdays",
        ]
        widgets = {"receipt_terms": forms.Textarea(attrs={"rows": 4})}

    closed_weekdays = forms.TypedMultipleChoiceField(
        label=_("Closed every week on"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
        choices=[(1, _("Monday")), (2, _("Tuesday")), (3, _("Wednesday")), (4, _("Thursday")), (5, _("Friday")),
                 (6, _("Saturday")), (7, _("Sunday"))],
        help_text=_("Promised dates skip these weekdays and the closed days below."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.closed_weekdays:
            self.initial["closed_weekdays"] = [int(d) for d in self.instance.closed_weekdays.split(",") if d]

    def clean_closed_weekdays(self) -> str:
        return ",".join(str(d) for d in sorted(set(self.cleaned_data.get("closed_weekdays") or [])))

    def clean_pickup_reminder_days(self):
        value = (self.cleaned_data.get("pickup_reminder_days") or "").replace("，", ",")
        if value.strip() and not all(p.strip().isdigit() and len(p.strip()) <= 3 for p in value.split(",")):
            raise forms.ValidationError(_("Whole numbers of days separated by commas, e.g. 7,1."))
        days = sorted({int(p) for p in value.split(",") if p.strip()}, reverse=True) if value.strip() else []
        return ",".join(str(d) for d in days)
