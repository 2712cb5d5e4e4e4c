from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeinConfig(AppConfig):
    name = "tradein"
    verbose_name = _("Trade-in")

    def ready(self) -> None:
        from aftersales import demo as core_demo

        from . import demo

        core_demo.register(demo.seed, order=core_demo.TRADEIN)
