"""The kinds of message the desk sends, each with its placeholders and default wording.

A kind is either a service message (about the customer's own order: sent to everyone) or a
marketing message (greetings, invitations: only with the customer's consent, 消保法 29, and every
default marketing text ends with how to opt out). Apps add kinds with `register(Kind(...))`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

LANGUAGES = ("zh-hans", "en")


class UnknownKind(KeyError):
    pass


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    marketing: bool
    # placeholder name -> what it means (shown to the chain manager who edits the wording)
    placeholders: dict = field(default_factory=dict)
    # language -> (subject, body): the wording shipped in code, used until a manager edits it
    defaults: dict = field(default_factory=dict)
    channel: str = "sms"

    def sample_context(self) -> dict:
        """Values that look real, to check an edited template renders."""
        return {name: SAMPLES.get(name, "…") for name in self.placeholders}


# Filled in by notify() from the customer and the store; a kind may use them without passing them.
COMMON = {
    "customer_name": _("customer's name"),
    "store_name": _("store name"),
    "store_phone": _("store phone"),
    "store_address": _("store address"),
    "opening_hours": _("opening hours"),
}

SAMPLES = {
    "customer_name": "王丽",
    "store_name": "黄兴店",
    "store_phone": "0731-8888 1001",
    "store_address": "长沙市黄兴南路步行街 88 号",
    "opening_hours": "10:00–22:00",
    "order_number": "HX-R2611-00042",
    "pickup_deadline": date(2026, 12, 22),
    "days_left": 7,
    "old_date": date(2026, 11, 28),
    "new_date": date(2026, 12, 3),
    "reason": "配石需从总部调货",
    "item": "足金手镯",
}

_registry: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _registry[kind.code] = kind
    return kind


def get(code: str) -> Kind:
    try:
        return _registry[code]
    except KeyError:
        raise UnknownKind(code)


def all_kinds() -> list[Kind]:
    return list(_registry.values())


def choices() -> list[tuple[str, str]]:
    return [(k.code, k.label) for k in _registry.values()]


def label(code: str) -> str:
    kind = _registry.get(code)
    return str(kind.label) if kind else code


READY_FOR_PICKUP = register(Kind(
    code="ready_for_pickup",
    label=_("Ready for pickup"),
    marketing=False,
    placeholders={**COMMON, "order_number": _("repair order number"), "pickup_deadline": _("last day to collect")},
    defaults={
        "zh-hans": (
            "您的维修件已完工",
            "【{{ store_name }}】{{ customer_name }}您好，您的维修单 {{ order_number }} 已完工，请凭取件凭证到店取件"
            "（营业时间 {{ opening_hours }}）。请于 {{ pickup_deadline|date:'Y年n月j日' }} 前取回。咨询电话 {{ store_phone }}。",
        ),
        "en": (
            "Your repair is ready",
            "[{{ store_name }}] Dear {{ customer_name }}, your repair {{ order_number }} is ready. Please collect it with "
            "your receipt (open {{ opening_hours }}) by {{ pickup_deadline|date:'j M Y' }}. Questions: {{ store_phone }}.",
        ),
    },
))

PROMISED_DATE_CHANGED = register(Kind(
    code="promised_date_changed",
    label=_("Promised date changed"),
    marketing=False,
    placeholders={
        **COMMON,
        "order_number": _("repair order number"),
        "old_date": _("date promised before"),
        "new_date": _("new promised date"),
        "reason": _("reason for the new date"),
    },
    defaults={
        "zh-hans": (
            "维修完工日期调整",
            "【{{ store_name }}】{{ customer_name }}您好，很抱歉，您的维修单 {{ order_number }} 原定 "
            "{{ old_date|date:'n月j日' }} 完工，因{{ reason }}，改为 {{ new_date|date:'Y年n月j日' }}。"
            "如有疑问请致电 {{ store_phone }}。",
        ),
        "en": (
            "New date for your repair",
            "[{{ store_name }}] Dear {{ customer_name }}, we are sorry: your repair {{ order_number }}, promised for "
            "{{ old_date|date:'j M' }}, will be ready on {{ new_date|date:'j M Y' }} because {{ reason }}. "
            "Questions: {{ store_phone }}.",
        ),
    },
))

PICKUP_REMINDER = register(Kind(
    code="pickup_reminder",
    label=_("Pickup reminder"),
    marketing=False,
    placeholders={
        **COMMON,
        "order_number": _("repair order number"),
        "pickup_deadline": _("last day to collect"),
        "days_left": _("days left to collect"),
    },
    defaults={
        "zh-hans": (
            "取件提醒",
            "【{{ store_name }}】{{ customer_name }}您好，您的维修单 {{ order_number }} 已完工待取，"
            "请于 {{ pickup_deadline|date:'Y年n月j日' }} 前（还有 {{ days_left }} 天）凭取件凭证到店取件。"
            "咨询电话 {{ store_phone }}。",
        ),
        "en": (
            "Reminder: your repair is waiting",
            "[{{ store_name }}] Dear {{ customer_name }}, your repair {{ order_number }} is waiting for you. "
            "Please collect it by {{ pickup_deadline|date:'j M Y' }} ({{ days_left }} days left). "
            "Questions: {{ store_phone }}.",
        ),
    },
))

FINAL_NOTICE = register(Kind(
    code="final_notice",
    label=_("Final notice"),
    marketing=False,
    placeholders={**COMMON, "order_number": _("repair order number"), "pickup_deadline": _("last day to collect")},
    defaults={
        "zh-hans": (
            "取件最终通知",
            "【{{ store_name }}】{{ customer_name }}您好，您的维修单 {{ order_number }} 的取件期限 "
            "{{ pickup_deadline|date:'Y年n月j日' }} 已过，物品仍由本店保管。请尽快致电 {{ store_phone }} "
            "或到店（{{ store_address }}）取件或商定处理方式。",
        ),
        "en": (
            "Final notice: please collect your item",
            "[{{ store_name }}] Dear {{ customer_name }}, the pickup period for your repair {{ order_number }} "
            "ended on {{ pickup_deadline|date:'j M Y' }}. We are still keeping your item. Please call "
            "{{ store_phone }} or visit us ({{ store_address }}) to collect it or agree what to do.",
        ),
    },
))

FOLLOWUP_GREETING = register(Kind(
    # A service follow-up (回访) on the customer's own order, not an advertisement.
    code="followup_greeting",
    label=_("Follow-up greeting"),
    marketing=False,
    placeholders={**COMMON, "item": _("the item")},
    defaults={
        "zh-hans": (
            "感谢您的光临",
            "【{{ store_name }}】{{ customer_name }}您好，感谢您选择我们的售后服务。您的{{ item }}佩戴是否满意？"
            "如有任何问题或建议，欢迎致电 {{ store_phone }}。",
        ),
        "en": (
            "Thank you for your visit",
            "[{{ store_name }}] Dear {{ customer_name }}, thank you for using our after-sales service. Are you happy "
            "with your {{ item }}? Any question or suggestion is welcome at {{ store_phone }}.",
        ),
    },
))

BIRTHDAY = register(Kind(
    code="birthday",
    label=_("Birthday greeting"),
    marketing=True,
    placeholders=dict(COMMON),
    defaults={
        "zh-hans": (
            "生日快乐",
            "【{{ store_name }}】{{ customer_name }}您好，祝您生日快乐！生日当月到店可享免费清洗保养一次。回复TD退订。",
        ),
        "en": (
            "Happy birthday",
            "[{{ store_name }}] Happy birthday, {{ customer_name }}! Visit us this month for a free cleaning of your "
            "jewellery. Reply STOP to opt out.",
        ),
    },
))

CLEANING_INVITATION = register(Kind(
    code="cleaning_invitation",
    label=_("Cleaning and inspection invitation"),
    marketing=True,
    placeholders={**COMMON, "item": _("the item")},
    defaults={
        "zh-hans": (
            "免费清洗检测邀请",
            "【{{ store_name }}】{{ customer_name }}您好，您的{{ item }}已佩戴一段时间，欢迎到店免费清洗和检测"
            "（营业时间 {{ opening_hours }}）。回复TD退订。",
        ),
        "en": (
            "Free cleaning and inspection",
            "[{{ store_name }}] Dear {{ customer_name }}, your {{ item }} is due for a free cleaning and inspection. "
            "Visit us any day ({{ opening_hours }}). Reply STOP to opt out.",
        ),
    },
))
