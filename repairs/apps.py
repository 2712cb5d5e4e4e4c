from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepairsConfig(AppConfig):
    name = "repairs"
    verbose_name = _("Repairs")

    def ready(self):
        from aftersales import search
        from aftersales.documents import registry
        from aftersales.reports import registry as reports
        from customers import sections, timeline

        from . import (
            documents,
            links,
            tasks,  # noqa: F401  (registers the pickup ladder's sweeps)
        )
        from . import reports as repair_reports
        from .customer_pages import orders_card, timeline_entries
        from .search import provider

        reports.register_tiles(repair_reports.TILES)
        reports.register_report(repair_reports.REPORT)
        search.register(provider)
        links.register()
        registry.register_receipt_builder(documents.build_receipt)
        registry.register_status_provider("repairs.repairorder", documents.status_info)
        timeline.register(timeline_entries)
        sections.register(orders_card)
