"""The print settings form: receipt paper and tag size."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.documents.models import PaperChoice


class PrintSettingsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    receipt_paper = forms.ChoiceField(label=_("Receipt paper"), choices=PaperChoice.choices)
    tag_width_mm = forms.IntegerField(label=_("Tag width (mm)"), min_value=20, max_value=150)
    tag_height_mm = forms.IntegerField(label=_("Tag height (mm)"), min_value=15, max_value=150)

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"] = {"receipt_paper": instance.receipt_paper, "tag_width_mm": instance.tag_width_mm,
                                 "tag_height_mm": instance.tag_height_mm, **kwargs["initial"]}
        super().__init__(*args, **kwargs)
