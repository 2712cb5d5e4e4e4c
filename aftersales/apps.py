from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftersalesConfig(AppConfig):
    name = "aftersales"
    verbose_name = _("Stores and staff")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401
            events,
        )

        events.register()
