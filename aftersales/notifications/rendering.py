"""Message templates rendered in a sandbox: a few safe tags and filters, only the given context.

The engine has no loaders and no `{% load %}`, `{% include %}`, `{% url %}` or `{% debug %}`, so
an edited template can reach nothing but the values notify() passes (plain strings, numbers and
dates). A template that uses anything else does not compile, and the editor shows why.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.template import Context, Engine, Library, TemplateSyntaxError, defaultfilters, defaulttags
from django.utils import timezone, translation
from django.utils.translation import gettext as _

TAGS = ["if", "for", "with", "firstof", "comment", "now", "spaceless", "verbatim", "templatetag", "cycle", "filter"]
FILTERS = [
    "add", "capfirst", "cut", "date", "default", "default_if_none", "first", "floatformat", "join", "last",
    "length", "linebreaksbr", "ljust", "lower", "pluralize", "rjust", "slice", "stringformat", "time", "title",
    "truncatechars", "truncatewords", "upper", "wordcount", "yesno",
]

register = Library()
for _name in TAGS:
    register.tags[_name] = defaulttags.register.tags[_name]
for _name in FILTERS:
    register.filters[_name] = defaultfilters.register.filters[_name]

_MISSING = "\x00missing:%s\x00"


class SandboxEngine(Engine):
    default_builtins = ["aftersales.notifications.rendering"]


def _engine(strict: bool) -> Engine:
    return SandboxEngine(
        dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=False, debug=False,
        string_if_invalid=_MISSING if strict else "",
    )


_LENIENT = _engine(strict=False)
_STRICT = _engine(strict=True)


class TemplateInvalid(ValueError):
    pass


def _plain(value):
    """Only plain values enter a template: no model, no manager, nothing with methods to call."""
    if value is None or isinstance(value, (str, int, float, Decimal, bool)):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def plain_context(context: dict) -> dict:
    return {str(k): _plain(v) for k, v in context.items()}


def render(source: str, context: dict, *, language: str) -> str:
    """Render for sending. Unknown placeholders render empty (validation caught them earlier)."""
    with translation.override(language):
        return _LENIENT.from_string(source).render(Context(plain_context(context), autoescape=False)).strip()


def validate(source: str, context: dict, *, language: str) -> str:
    """Render with sample values; raise TemplateInvalid with a message the editor can show."""
    try:
        with translation.override(language):
            out = _STRICT.from_string(source).render(Context(plain_context(context), autoescape=False))
    except TemplateSyntaxError as exc:
        raise TemplateInvalid(_("The template does not compile: %(error)s") % {"error": exc})
    except Exception as exc:  # a filter given a wrong value, etc.: reject, never a 500
        raise TemplateInvalid(_("The template does not render: %(error)s") % {"error": exc})
    if "\x00missing:" in out:
        names = sorted({part.split("\x00")[0] for part in out.split("\x00missing:")[1:]})
        raise TemplateInvalid(
            _("Unknown placeholder(s): %(names)s. Use only the placeholders listed beside the editor.")
            % {"names": ", ".join(names) or "?"}
        )
    if any(mark in out for mark in ("{{", "}}", "{%", "%}")):
        raise TemplateInvalid(_("A placeholder or tag is not closed (a placeholder is written with two braces on each side)."))
    return out.strip()
