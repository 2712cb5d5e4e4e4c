from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftersalesConfig(AppConfig):
    name = "aftersales"
    verbose_name = _("Stores and staff")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import (
            checks,  # noqa: F401
            clock,
            events,
            files,  # noqa: F401  (registers the orphan-file sweep)
            roles,
        )
        from .models import Store
        from .permissions import PERMISSION_LABELS, PERMISSIONS

        events.register()
        roles.register_permissions("core", PERMISSIONS, PERMISSION_LABELS)
        # The stores' time zones are kept a minute (clock.zones); a change to a store forgets them.
        post_save.connect(clock.forget_zones, sender=Store, dispatch_uid="clock-zones-save")
        post_delete.connect(clock.forget_zones, sender=Store, dispatch_uid="clock-zones-delete")
