from django import template
from django.utils.safestring import mark_safe

from aftersales import money, once

register = template.Library()


@register.filter
def yuan(value):
    return money.format_money(value)


@register.filter
def grams(value):
    return money.format_grams(value)


@register.simple_tag(takes_context=True)
def form_token(context):
    """A hidden one-time token: a double click or a resubmitted page makes one record."""
    request = context.get("request")
    token = (request.POST.get(once.FIELD) if request is not None and request.method == "POST" else None) or once.new_token()
    return mark_safe(f'<input type="hidden" name="{once.FIELD}" value="{once.parse(token) or once.new_token()}">')


@register.simple_tag(takes_context=True)
def url_replace(context, **kwargs):
    """The current query string with some parameters replaced (for pagination and filters)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
