from decimal import Decimal
from urllib.parse import urlencode

from django import template
from django.utils.html import json_script

from aftersales import money
from aftersales.reports.registry import DAYS, DECIMAL, GRAMS, MONEY, PCT

register = template.Library()


def format_value(value, kind: str) -> str:
    if value is None or value == "":
        return "—"
    if kind == PCT:
        return f"{Decimal(str(value)) * 100:.1f}%"
    if kind == MONEY:
        return money.format_money(value)
    if kind == GRAMS:
        return money.format_grams(value)
    if kind in (DAYS, DECIMAL):
        return f"{Decimal(str(value)):.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@register.filter
def cell(row, column):
    return format_value(row.get(column.key), column.kind)


@register.filter
def figure(fig):
    return format_value(fig.value, fig.kind)


@register.filter
def urlencode_dict(params):
    return urlencode(params or {})


@register.filter
def field_label(form, name):
    return form.fields[name].label if name in form.fields else name


@register.simple_tag
def chart_json(key, payload):
    return json_script(payload, f"chart-{key}")
