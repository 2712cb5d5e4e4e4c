from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "aftersales.policy"
    label = "policy"
    verbose_name = _("After-sales policy")

    def ready(self) -> None:
        from aftersales import demo as core_demo

        from . import demo, events

        events.register()
        core_demo.register(demo.seed, order=core_demo.POLICY)
