"""crispy-bootstrap5's field markup, drawn in Python: `{% load desk_forms %}` instead of
`{% load crispy_forms_tags %}`, with the same two filters, `|as_crispy_field` and `|crispy`.

crispy renders every field through a template of some eighty tags (label, widget classes, help,
errors): about 0.4 ms a field, and the intake form has fifty. Here the common widgets (inputs,
text areas, selects, check boxes) get the same HTML from a few string joins; radio and
multiple-choice lists, file inputs and compound widgets still go through crispy's templates.
tests/core/test_desk_forms.py compares the two, field by field.
"""

from __future__ import annotations

from crispy_forms.templatetags import crispy_forms_filters
from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Widgets crispy draws with templates of their own (lists of choices, files, several inputs).
_CRISPY_ONLY = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput, forms.MultiWidget)


def _add_classes(widget: forms.Widget, *classes: str) -> None:
    """As crispy's {% crispy_field %}: the widget's class name, then the Bootstrap classes."""
    own = widget.__class__.__name__.lower()
    current = widget.attrs.get("class", "")
    names = current.split()
    if not current:
        names = [own]
    elif current.find(own) == -1:
        names.append(own)
    for name in classes:
        if name not in names:
            names.append(name)
    widget.attrs["class"] = " ".join(names)


def _help_and_errors(field: BoundField) -> SafeString:
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.errors.field_id,
            format_html_join("", '<p id="error_{}_{}"><strong>{}</strong></p>',
                             ((n, field.auto_id, e) for n, e in enumerate(field.errors, 1))),
        )
    help_text = ""
    if field.help_text:
        help_id = format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else ""
        help_text = format_html('<div {}class="form-text">{}</div>', help_id, mark_safe(field.help_text))  # noqa: S308  (as crispy: |safe)
    return mark_safe(errors + help_text)  # noqa: S308  (both parts escaped above)


def _required(field: BoundField) -> tuple[str, SafeString]:
    if field.field.required:
        return " requiredField", mark_safe('<span class="asteriskField">*</span>')  # noqa: S308
    return "", mark_safe("")  # noqa: S308


def render_field(field: BoundField) -> SafeString:
    widget = field.field.widget
    if field.is_hidden:
        return field.as_widget()
    invalid = ("is-invalid",) if field.errors else ()
    css_classes = field.css_classes()
    wrapper_extra = f" {css_classes}" if css_classes else ""
    required_class, asterisk = _required(field)
    if isinstance(widget, forms.CheckboxInput):
        _add_classes(widget, "form-check-input", *invalid)
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check{}">{}<label for="{}" class="form-check-label{}">{}{}</label>{}</div></div>',
            field.auto_id, wrapper_extra, field.as_widget(), field.id_for_label, required_class, field.label, asterisk,
            _help_and_errors(field),
        )
    _add_classes(widget, "form-select" if isinstance(widget, forms.Select) else "form-control", *invalid)
    label = ""
    if field.label:
        label_for = format_html('for="{}" ', field.id_for_label) if field.id_for_label else ""
        label = format_html('<label {}class="form-label{}">{}{}</label>', label_for, required_class, field.label, asterisk)
    return format_html('<div id="div_{}" class="mb-3{}">{}{}{}</div>', field.auto_id, wrapper_extra, label, field.as_widget(),
                       _help_and_errors(field))


def _drawn_here(field) -> bool:
    return isinstance(field, BoundField) and not isinstance(field.field.widget, _CRISPY_ONLY) and not hasattr(field.field.widget, "widgets")


@register.filter
def as_crispy_field(field, template_pack=None):
    if template_pack is None and _drawn_here(field):
        return render_field(field)
    return crispy_forms_filters.as_crispy_field(field, *([template_pack] if template_pack else []))


@register.filter
def crispy(form, template_pack=None):
    """The whole form: its non-field errors, then each field, as crispy's uni_form.html."""
    if template_pack is not None or not isinstance(form, forms.BaseForm):
        return crispy_forms_filters.as_crispy_form(form, *([template_pack] if template_pack else []))
    errors = ""
    if form.non_field_errors():
        errors = format_html('<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
                             format_html_join("", "<li>{}</li>", ((e,) for e in form.non_field_errors())))
    return mark_safe(errors + "".join(conditional_escape(as_crispy_field(f)) for f in form))  # noqa: S308  (escaped parts)
