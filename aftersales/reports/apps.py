from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "aftersales.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from aftersales import audit

        from . import (
            permissions,  # noqa: F401  (registers the reports permission table)
            tasks,  # noqa: F401  (registers the monthly report sweep and the e-mail kind)
        )
        from .models import MonthlyReport

        audit.register_kinds({"report.monthly_built": _("Monthly report built")}, subject=MonthlyReport)
        audit.register_values({
            "month": audit.Value(_("month")),  # recorded as "2026-11"
            "version": audit.Value(_("version"), "count"),
            "sha256": audit.Value(_("fingerprint")),
            "document": audit.Value(_("report PDF"), "record", model="documents.storeddocument"),
        }, kind="report.monthly_built")
