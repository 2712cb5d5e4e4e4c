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

        from aftersales.reports import registry as reports

        from . import reports as followup_reports

        reports.register_tiles(followup_reports.TILES)
        reports.register_report(followup_reports.REPORT)

        from aftersales import roles

        from .permissions import PERMISSION_LABELS, PERMISSIONS

        roles.register_permissions("customers", PERMISSIONS, PERMISSION_LABELS)

        recipients.register()  # the outbox's recipients, and their messages on the timeline
        core_demo.register(demo.seed, order=core_demo.CUSTOMERS)
