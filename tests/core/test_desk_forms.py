"""desk_forms draws crispy-bootstrap5's field markup in Python: the same HTML as crispy's templates."""

from __future__ import annotations

import re

import pytest
from crispy_forms.templatetags import crispy_forms_filters
from django import forms
from django.template import Context, Template

from aftersales.templatetags import desk_forms


def normalised(html: str) -> str:
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*([<>])\s*", r"\1", html).replace(' ">', '">').strip()


class Everything(forms.Form):
    name = forms.CharField(label="Name & title", help_text="As on the <b>ID</b> card", max_length=20)
    nickname = forms.CharField(required=False)
    weight = forms.DecimalField(max_digits=7, decimal_places=2)
    count = forms.IntegerField(min_value=0, initial=1)
    email = forms.EmailField(required=False)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "class": "narrow"}))
    kind = forms.ChoiceField(choices=[("a", "A <1>"), ("b", "B")])
    kinds = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    agree = forms.BooleanField(help_text="Read the terms")
    optional_flag = forms.BooleanField(required=False, label="")
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    no_label = forms.CharField(label="", required=False)

    def clean(self):
        raise forms.ValidationError("The whole form is wrong <really>.")


FORMS = [
    lambda: Everything(),
    lambda: Everything(data={"name": "x" * 30, "weight": "abc", "count": "-1", "when": "no", "kind": "z", "email": "bad", "agree": ""}),
    lambda: Everything(data={"name": "ok", "weight": "1.5", "count": "2", "when": "2027-01-02", "kind": "a", "agree": "on"},
                       prefix="items-0"),
]


@pytest.mark.parametrize("make", FORMS)
def test_each_field_is_drawn_as_crispy_draws_it(make):
    for name in Everything.base_fields:
        ours = desk_forms.as_crispy_field(make()[name])
        theirs = crispy_forms_filters.as_crispy_field(make()[name])
        assert normalised(ours) == normalised(theirs), name


@pytest.mark.parametrize("make", FORMS)
def test_a_whole_form_is_drawn_as_crispy_draws_it(make):
    assert normalised(desk_forms.crispy(make())) == normalised(crispy_forms_filters.as_crispy_form(make()))


def test_lists_of_choices_and_files_still_go_through_crispys_templates():
    class Other(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
        picks = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
        photo = forms.FileField()

    for name in Other.base_fields:
        assert normalised(desk_forms.as_crispy_field(Other()[name])) == normalised(crispy_forms_filters.as_crispy_field(Other()[name]))


@pytest.mark.django_db
def test_the_project_forms_on_the_busiest_pages_are_drawn_as_crispy_draws_them():
    from repairs import catalogue
    from repairs.forms.intake import IntakeItemForm, IntakeOrderForm
    from repairs.forms.order import ApproveForm, PromisedDateForm, QuoteForm
    from repairs.models import ServiceType

    catalogue.seed(ServiceType)
    makers = [
        IntakeOrderForm, lambda: IntakeOrderForm(data={"phone": "12", "deposit": "x"}),
        lambda: IntakeItemForm(prefix="items-0"), lambda: IntakeItemForm(data={"items-0-intake_weight": "-1"}, prefix="items-0"),
        QuoteForm, ApproveForm, PromisedDateForm,
    ]
    for make in makers:
        for name in make().fields:
            ours, theirs = desk_forms.as_crispy_field(make()[name]), crispy_forms_filters.as_crispy_field(make()[name])
            assert normalised(ours) == normalised(theirs), (make, name)


def test_templates_load_desk_forms():
    html = Template("{% load desk_forms %}{{ form.name|as_crispy_field }}{{ form|crispy }}").render(Context({"form": Everything()}))
    assert 'id="div_id_name"' in html and 'class="asteriskField"' in html
