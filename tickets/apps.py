from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("After-sales cases")

    def ready(self):
        from aftersales.reports import registry as reports

        from . import reports as case_reports

        reports.register_tiles(case_reports.TILES)
        reports.register_report(case_reports.REPORT)
