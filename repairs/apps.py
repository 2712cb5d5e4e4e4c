from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepairsConfig(AppConfig):
    name = "repairs"
    verbose_name = _("Repairs")

    def ready(self):
        from aftersales import roles, search, store_sections
        from aftersales.documents import registry
        from customers import sections, timeline

        from . import (
            documents,
            events,
            tasks,  # noqa: F401  (registers the pickup ladder's sweeps)
        )
        from .customer_pages import orders_card, timeline_entries
        from .search import provider
        from .services import calendar as calendar_services
        from .views import calendar as calendar_views

        search.register(provider)
        events.register()
        roles.register_permissions("repairs", calendar_services.PERMISSIONS)
        store_sections.register(calendar_views.closed_days_section)
        registry.register_receipt_builder(documents.build_receipt)
        registry.register_prerender("repairs.repairorder", documents.prerendered)
        registry.register_status_provider("repairs.repairorder", documents.status_info)
        timeline.register(timeline_entries)
        sections.register(orders_card)
