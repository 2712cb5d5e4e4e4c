from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "aftersales.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers the outbox sweeps)
        from .selectors import timeline_entries

        try:
            from customers import timeline
        except ImportError:  # the customers app brings the timeline; until then nothing to join
            return
        timeline.register(timeline_entries)
