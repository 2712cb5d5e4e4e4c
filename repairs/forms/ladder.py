"""Forms of the pickup ladder: moving the last day to collect."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ExtendDeadlineForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    new_deadline = forms.DateField(label=_("New last day to collect"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Why (who called, what was agreed)"), max_length=500)
