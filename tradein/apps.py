from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeinConfig(AppConfig):
    name = "tradein"
    verbose_name = _("Trade-in")

    def ready(self):
        from aftersales import demo as core_demo
        from aftersales import search
        from aftersales.documents import registry
        from customers import timeline

        from . import (
            demo,
            events,
            permissions,  # noqa: F401  (registers the permission table)
            tasks,  # noqa: F401  (registers the price-lock expiry sweep)
        )
        from .documents import register_sheet
        from .search import provider
        from .timeline import entries

        search.register(provider)
        timeline.register(entries)
        register_sheet(registry)
        events.register()

        from aftersales.reports import registry as reports

        from . import reports as tradein_reports

        reports.register_tiles(tradein_reports.TILES)
        reports.register_report(tradein_reports.REPORT)

        core_demo.register(demo.seed, order=core_demo.TRADEIN)
