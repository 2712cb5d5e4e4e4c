from django import forms
from django.utils.translation import gettext_lazy as _

from . import kinds
from .models import Channel, Status


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", _("all"))] + Status.choices)
    kind = forms.ChoiceField(label=_("kind"), required=False)
    channel = forms.ChoiceField(label=_("channel"), required=False, choices=[("", _("all"))] + Channel.choices)
    store = forms.TypedChoiceField(label=_("store"), required=False, coerce=int, empty_value=None)
    q = forms.CharField(label=_("phone, name or key"), required=False, max_length=60)

    def __init__(self, *args, stores=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("all"))] + kinds.choices()
        self.fields["store"].choices = [("", _("all"))] + [(s.pk, s.name) for s in stores]


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("subject (e-mail)"), required=False, max_length=200)
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
