from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeinConfig(AppConfig):
    name = "tradein"
    verbose_name = _("Trade-in")

    def ready(self):
        from aftersales.reports import registry as reports

        from . import reports as tradein_reports

        reports.register_tiles(tradein_reports.TILES)
        reports.register_report(tradein_reports.REPORT)
