from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepairsConfig(AppConfig):
    name = "repairs"
    verbose_name = _("Repairs")

    def ready(self):
        from aftersales import search

        from . import tasks  # noqa: F401  (registers the pickup ladder's sweeps)
        from .search import provider

        search.register(provider)
