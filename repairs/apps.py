from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepairsConfig(AppConfig):
    name = "repairs"
    verbose_name = _("Repairs")

    def ready(self):
        from aftersales import search
        from customers import sections, timeline

        from .customer_pages import orders_card, timeline_entries
        from .search import provider

        search.register(provider)
        timeline.register(timeline_entries)
        sections.register(orders_card)
