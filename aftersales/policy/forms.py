from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales import clock
from aftersales.catalog import ItemCategory, Material, Reason
from aftersales.models import Store

from .models import JOB_CHOICES, Fact, Rule

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]


def _multi(label, choices, help_text=""):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


class SeriesField(forms.CharField):
    """Product series names separated by commas (either kind of comma)."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [part.strip() for part in text.replace("，", ",").replace("、", ",").split(",") if part.strip()]


class RuleForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    store = forms.ModelChoiceField(
        label=_("store"), queryset=Store.objects.none(), required=False, empty_label=_("Whole chain"),
        help_text=_("Empty: the rule applies to the whole chain. A store's own rule beats the chain rule of equal priority."),
    )
    categories = _multi(_("categories"), ItemCategory.choices, _("None ticked: any category."))
    materials = _multi(_("materials"), Material.choices, _("None ticked: any material."))
    series = SeriesField(label=_("product series"), required=False, help_text=_("Names separated by commas; empty: any series."))
    job_types = _multi(_("jobs"), JOB_CHOICES, _("None ticked: any job, exchange or return."))
    reasons = _multi(_("reasons"), Reason.choices, _("None ticked: any reason."))
    exclude_reasons = _multi(_("except for reasons"), Reason.choices)
    facts_required = _multi(_("staff must confirm"), Fact.choices)
    facts_excluded = _multi(_("not when staff confirm"), Fact.choices)
    window_length = forms.IntegerField(label=_("length of the time limit"), required=False, help_text=_("Hours, days or months, as chosen above."))
    max_uses = forms.IntegerField(label=_("times allowed per purchase"), required=False, help_text=_("1 for 'once only'; empty: no limit."))
    unit_price = forms.DecimalField(label=_("price per unit (yuan)"), required=False, max_digits=12, decimal_places=2)
    valid_from = forms.DateField(label=_("valid from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    valid_to = forms.DateField(label=_("valid to"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), help_text=_("Last day the rule applies; empty: no end."))

    class Meta:
        model = Rule
        fields = [
            "store", "clause", "code", "name", "priority", "valid_from", "valid_to",
            "categories", "materials", "series", "job_types", "reasons", "exclude_reasons",
            "special_price", "single_use", "facts_required", "facts_excluded",
            "window", "window_length", "receipt_required", "max_uses",
            "outcome", "unit", "unit_price", "alternative_zh", "alternative_en",
            "text_zh_override", "text_en_override",
        ]
        widgets = {"text_zh_override": forms.Textarea(attrs={"rows": 2}), "text_en_override": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, stores=(), chain_allowed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = Store.objects.filter(pk__in=[s.pk for s in stores])
        if not chain_allowed:
            self.fields["store"].required = True
            self.fields["store"].empty_label = None
        if not self.is_bound and self.instance.pk is None:
            self.fields["valid_from"].initial = clock.today()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        # The service validates the whole rule (and conflicts); the form only shapes input.
        pass

    def rule_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class TryForm(forms.Form):
    """A hypothetical case for the try-it page."""

    store = forms.ModelChoiceField(label=_("store"), queryset=Store.objects.none(), required=False, empty_label=_("Whole chain"))
    job_type = forms.ChoiceField(label=_("job"), choices=JOB_CHOICES)
    category = forms.ChoiceField(label=_("category"), choices=[("", "—"), *ItemCategory.choices], required=False)
    material = forms.ChoiceField(label=_("material"), choices=[("", "—"), *Material.choices], required=False)
    reason = forms.ChoiceField(label=_("reason"), choices=[("", "—"), *Reason.choices], required=False)
    series = forms.CharField(label=_("product series"), required=False)
    purchased_at = forms.DateTimeField(
        label=_("bought from us at"), required=False, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), help_text=_("Empty: not bought here, or unknown."),
    )
    receipt_shown = forms.BooleanField(label=_("receipt shown"), required=False)
    special_price = forms.BooleanField(label=_("special-price item"), required=False)
    single_use = forms.BooleanField(label=_("single-use item"), required=False)
    facts = _multi(_("staff confirm"), Fact.choices)
    prior_uses = forms.IntegerField(label=_("times already used for this purchase"), required=False, min_value=0)
    quantity = forms.IntegerField(label=_("quantity"), required=False, min_value=1, initial=1)
    at = forms.DateTimeField(
        label=_("date of the request"), required=False, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), help_text=_("Empty: now."),
    )
    drafts = forms.ModelMultipleChoiceField(
        label=_("also try these draft rules"), queryset=Rule.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, stores=(), drafts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = Store.objects.filter(pk__in=[s.pk for s in stores])
        if drafts is None:
            del self.fields["drafts"]
        else:
            self.fields["drafts"].queryset = drafts

    def clean(self):
        data = super().clean()
        if data.get("purchased_at") and data.get("at") and data["at"] < data["purchased_at"]:
            self.add_error("at", _("The request cannot come before the purchase."))
        return data
