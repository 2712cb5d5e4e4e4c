from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "aftersales.policy"
    label = "policy"
    verbose_name = _("After-sales policy")

    def ready(self) -> None:
        from . import events

        events.register()
