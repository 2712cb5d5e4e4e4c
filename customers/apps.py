from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from aftersales import search

        from . import (
            events,
            tasks,  # noqa: F401  (registers the follow-up sweeps)
            timeline,  # noqa: F401  (registers purchases, consent changes, follow-up calls)
        )
        from . import search as customer_search

        search.register(customer_search.provider)
        events.register()
