"""The chain's default case categories and root causes (seeds 001, 002) and the settings row."""

from django.db import migrations

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


def forwards(apps, schema_editor):
    Category = apps.get_model("tickets", "CaseCategory")
    RootCause = apps.get_model("tickets", "RootCause")
    Settings = apps.get_model("tickets", "CaseSettings")
    for code, name, sort in CATEGORIES:
        Category.objects.get_or_create(code=code, defaults={"name": name, "sort": sort})
    for code, name, sort in ROOT_CAUSES:
        RootCause.objects.get_or_create(code=code, defaults={"name": name, "sort": sort})
    Settings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_cases")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
