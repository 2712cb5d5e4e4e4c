from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "aftersales.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from aftersales import demo as core_demo

        from . import (
            demo,
            services,  # noqa: F401  (registers the outbox sweeps)
        )

        core_demo.register(demo.seed, order=core_demo.OUTBOX)
        from django.contrib.auth import get_user_model

        from . import recipients

        recipients.register(get_user_model()._meta.label_lower, recipients.StaffRecipients())
