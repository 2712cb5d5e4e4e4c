"""The service messages a case sends the customer (service contact: no marketing consent needed)."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from aftersales.notifications import kinds

kinds.SAMPLES.setdefault("case_number", "HX-C2612-00003")
kinds.SAMPLES.setdefault("expected_date", date(2026, 12, 5))
kinds.SAMPLES.setdefault("rating_url", "https://desk.example.cn/cases/rate/abc/")

CASE_ACKNOWLEDGED = kinds.register(kinds.Kind(
    code="case_acknowledged",
    label=_("Case received and acknowledged"),
    marketing=False,
    placeholders={**kinds.COMMON, "case_number": _("case number"), "expected_date": _("answer expected by")},
    defaults={
        "zh-hans": (
            "您的反馈已受理",
            "【{{ store_name }}】{{ customer_name }}您好，您的反馈已受理，编号 {{ case_number }}。我们将于 "
            "{{ expected_date|date:'Y年n月j日' }} 前给您答复。咨询电话 {{ store_phone }}。",
        ),
        "en": (
            "We have received your request",
            "[{{ store_name }}] Dear {{ customer_name }}, we have received your request {{ case_number }} and will answer "
            "by {{ expected_date|date:'j M Y' }}. Questions: {{ store_phone }}.",
        ),
    },
))

CASE_RESOLVED = kinds.register(kinds.Kind(
    code="case_resolved",
    label=_("Case resolved"),
    marketing=False,
    placeholders={**kinds.COMMON, "case_number": _("case number"), "expected_date": _("date the resolution is carried out"),
                  "rating_url": _("link to rate how the case was handled")},
    defaults={
        "zh-hans": (
            "您的反馈已处理",
            "【{{ store_name }}】{{ customer_name }}您好，您的反馈 {{ case_number }} 已处理完毕"
            "{% if expected_date %}（预计 {{ expected_date|date:'n月j日' }} 前办结）{% endif %}。"
            "欢迎为我们的处理评分：{{ rating_url }} 咨询电话 {{ store_phone }}。",
        ),
        "en": (
            "Your request has been resolved",
            "[{{ store_name }}] Dear {{ customer_name }}, your request {{ case_number }} has been resolved"
            "{% if expected_date %} (completed by {{ expected_date|date:'j M' }}){% endif %}. "
            "Please rate how we handled it: {{ rating_url }} Questions: {{ store_phone }}.",
        ),
    },
))
