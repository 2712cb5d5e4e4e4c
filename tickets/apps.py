from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("After-sales cases")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (the official calendar of next year, in December)
            documents,
            events,  # noqa: F401  (event kinds in words)
            hooks,
            notices,  # noqa: F401  (the customer's service messages)
            permissions,  # noqa: F401  (the permission table)
            tasks,  # noqa: F401  (the escalation sweeps)
        )

        hooks.register()
        documents.register()

        from aftersales.reports import registry as reports

        from . import reports as case_reports

        reports.register_tiles(case_reports.TILES)
        reports.register_report(case_reports.REPORT)
