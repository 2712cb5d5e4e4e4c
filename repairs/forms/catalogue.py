"""The chain's service catalogue form."""

from __future__ import annotations

from django import forms

from ..models import ServiceType


class ServiceTypeForm(forms.ModelForm):
    class Meta:
        model = ServiceType
        fields = ["code", "name", "job_type", "price_rule", "price", "turnaround_days", "is_active", "sort"]
