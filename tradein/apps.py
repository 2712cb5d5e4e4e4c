from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeinConfig(AppConfig):
    name = "tradein"
    verbose_name = _("Trade-in")

    def ready(self):
        from aftersales import audit, search
        from aftersales import demo as core_demo
        from aftersales.documents import registry
        from customers import timeline

        from . import (
            demo,
            permissions,  # noqa: F401  (registers the permission table)
            tasks,  # noqa: F401  (registers the price-lock expiry sweep)
        )
        from .documents import register_sheet
        from .search import provider
        from .timeline import entries

        audit.register_kinds({
            "tradein.created": _("Quote started"),
            "tradein.old_piece_added": _("Old piece added"),
            "tradein.old_piece_removed": _("Old piece removed"),
            "tradein.new_piece_saved": _("New piece saved"),
            "tradein.new_piece_removed": _("New piece removed"),
            "tradein.purity_tested": _("Purity test recorded"),
            "tradein.photo_added": _("Photo added"),
            "tradein.draft": _("Back to draft: pieces changed"),
            "tradein.quoted": _("Priced"),
            "tradein.refused": _("Refused"),
            "tradein.accepted": _("Accepted and signed"),
            "tradein.completed": _("Completed"),
            "tradein.declined": _("Declined"),
            "tradein.expired": _("Price lock ended: expired"),
            "tradein.lot_sent": _("Sent to the refinery"),
            "tradein.lot_assayed": _("Assay result recorded"),
            "tradein.rule_created": _("Rule created"),
            "tradein.rule_updated": _("Rule changed"),
            "tradein.rule_published": _("Rule published"),
            "tradein.rule_withdrawn": _("Rule withdrawn"),
            "tradein.settings_saved": _("Trade-in settings saved"),
            "metal_price.set": _("Metal price set"),
            "buyback_price.set": _("Buyback price set"),
        })
        search.register(provider)
        timeline.register(entries)
        register_sheet(registry)
        from . import events

        events.register()

        from aftersales.reports import registry as reports

        from . import reports as tradein_reports

        reports.register_tiles(tradein_reports.TILES)
        reports.register_report(tradein_reports.REPORT)

        core_demo.register(demo.seed, order=core_demo.TRADEIN)
