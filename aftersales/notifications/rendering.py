"""Message templates rendered in a sandbox: a few safe tags and filters, only the given context.

The engine has no loaders and no `{% load %}`, `{% include %}`, `{% url %}` or `{% debug %}`, so
an edited template can reach nothing but the values notify() passes (plain strings, numbers and
dates). A template that uses anything else does not compile, and the editor shows why.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import wraps

from django.template import Context, Engine, Library, TemplateSyntaxError, defaultfilters, defaulttags
from django.utils import timezone, translation
from django.utils.translation import gettext as _

TAGS = ["if", "for", "with", "firstof", "comment", "now", "spaceless", "verbatim", "templatetag", "cycle", "filter"]
FILTERS = [
    "add", "capfirst", "cut", "date", "default", "default_if_none", "first", "floatformat", "join", "last",
    "length", "linebreaksbr", "ljust", "lower", "pluralize", "rjust", "slice", "stringformat", "time", "title",
    "truncatechars", "truncatewords", "upper", "wordcount", "yesno",
]

# Bounds (issue 11): an SMS is at most 500 characters (a long SMS of several parts), so no message
# renders longer; a template is at most 2,000 characters; loops and time are capped while rendering
# (a wording with `ljust:'20000000'` or nested loops would otherwise run inside the request).
MAX_RENDERED_CHARS = 500
MAX_SOURCE_CHARS = 2000
MAX_LOOP_ITERATIONS = 1000
MAX_RENDER_SECONDS = 1.0


class TemplateInvalid(ValueError):
    pass


class _Budget:
    def __init__(self):
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS
        self.iterations = 0

    def spend(self, iterations: int = 0) -> None:
        self.iterations += iterations
        if self.iterations > MAX_LOOP_ITERATIONS:
            raise TemplateInvalid(_("The template repeats too often (at most %(n)s repetitions).") % {"n": MAX_LOOP_ITERATIONS})
        if time.monotonic() > self.deadline:
            raise TemplateInvalid(_("The template takes too long to fill in."))


_budget: ContextVar[_Budget | None] = ContextVar("message_template_budget", default=None)


def _spend(iterations: int = 0) -> None:
    budget = _budget.get()
    if budget is not None:
        budget.spend(iterations)


def _bounded_filter(func):
    @wraps(func)
    def bounded(*args):
        if func.__name__ in ("ljust", "rjust") and len(args) > 1:
            try:
                width = int(args[1])
            except (TypeError, ValueError):
                width = 0
            if width > MAX_RENDERED_CHARS:
                raise TemplateInvalid(_("A width of %(n)s characters is longer than any message.") % {"n": width})
        _spend()
        out = func(*args)
        if isinstance(out, str) and len(out) > MAX_RENDERED_CHARS * 4:
            raise TemplateInvalid(_("The message would be longer than %(n)s characters.") % {"n": MAX_RENDERED_CHARS})
        return out
    for flag in ("is_safe", "needs_autoescape", "expects_localtime"):
        if hasattr(func, flag):
            setattr(bounded, flag, getattr(func, flag))
    return bounded


class _BoundedFor(defaulttags.ForNode):
    def render(self, context):
        values = self.sequence.resolve(context, ignore_failures=True)
        try:
            size = len(values)
        except TypeError:
            size = 0
        _spend(size)
        return super().render(context)


def _bounded_for_tag(parser, token):
    node = defaulttags.do_for(parser, token)
    node.__class__ = _BoundedFor
    return node


register = Library()
for _name in TAGS:
    register.tags[_name] = defaulttags.register.tags[_name]
register.tags["for"] = _bounded_for_tag
for _name in FILTERS:
    register.filters[_name] = _bounded_filter(defaultfilters.register.filters[_name])

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


def _bounded_render(engine: Engine, source: str, context: dict) -> str:
    if len(source) > MAX_SOURCE_CHARS:
        raise TemplateInvalid(_("The template is longer than %(n)s characters.") % {"n": MAX_SOURCE_CHARS})
    template = engine.from_string(source)
    token = _budget.set(_Budget())
    try:
        return template.render(Context(plain_context(context), autoescape=False))
    finally:
        _budget.reset(token)


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
        return _bounded_render(_LENIENT, source, context).strip()[:MAX_RENDERED_CHARS]


def validate(source: str, context: dict, *, language: str) -> str:
    """Render with sample values; raise TemplateInvalid with a message the editor can show."""
    try:
        with translation.override(language):
            out = _bounded_render(_STRICT, source, context)
    except TemplateInvalid:
        raise
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
    if len(out.strip()) > MAX_RENDERED_CHARS:
        raise TemplateInvalid(_("The message is %(length)s characters long: at most %(n)s (the longest SMS).")
                              % {"length": len(out.strip()), "n": MAX_RENDERED_CHARS})
    return out.strip()
