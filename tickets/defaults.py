"""The chain's default case categories and root causes (seeds 001, 002), as the first migration adds them.

`seed()` puts back what a flushed database lost (tests, demo); it adds nothing that exists.
"""

from __future__ import annotations

CATEGORIES = [
    ("product_quality", "产品质量", 10),
    ("staff_attitude", "服务态度", 20),
    ("after_sales_response", "售后响应", 30),
    ("fees_prices", "费用与价格", 40),
    ("customer_misuse", "顾客使用不当", 50),
    ("other", "其他", 90),
]
ROOT_CAUSES = [
    ("product_defect", "产品缺陷", 10),
    ("workmanship", "工艺问题", 20),
    ("staff_conduct", "员工行为", 30),
    ("communication", "沟通不足", 40),
    ("policy_unclear", "政策不清晰", 50),
    ("supplier", "供应商", 60),
    ("customer_misuse", "顾客使用不当", 70),
]


def seed() -> None:
    from .models import CaseCategory, CaseSettings, RootCause

    for code, name, sort in CATEGORIES:
        CaseCategory.objects.get_or_create(code=code, defaults={"name": name, "sort": sort})
    for code, name, sort in ROOT_CAUSES:
        RootCause.objects.get_or_create(code=code, defaults={"name": name, "sort": sort})
    CaseSettings.objects.get_or_create(pk=1)
