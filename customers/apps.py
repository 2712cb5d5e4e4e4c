from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from aftersales import demo as core_demo
        from aftersales import search

        from . import (
            demo,
            events,
            recipients,
            tasks,  # noqa: F401  (registers the follow-up sweeps)
            timeline,  # noqa: F401  (registers purchases, consent changes, follow-up calls)
        )
        from . import search as customer_search

        search.register(customer_search.provider)
        events.register()
        recipients.register()  # the outbox's recipients, and their messages on the timeline
        core_demo.register(demo.seed, order=core_demo.CUSTOMERS)
