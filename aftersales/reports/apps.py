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

        audit.register_kinds({"report.monthly_built": _("Monthly report built")})
