"""The trade-in app's events in words: quotes, rules, prices, settings and refinery lots.

Every kind the app records is named here with the model its events are about; every value an
event records that is not a field of that model is described here too (label and how it is shown).
"""

from django.utils.translation import gettext_lazy as _

from aftersales.audit import Value, register_kinds, register_values

from .models import (
    METAL_MATERIALS,
    BuybackPrice,
    MetalPrice,
    PriceMode,
    Quote,
    RefineryLot,
    Rule,
    RuleCategory,
    TestMethod,
    TradeinSettings,
)


def register() -> None:
    register_kinds({
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
    }, subject=Quote)
    register_kinds({
        "tradein.rule_created": _("Rule created"),
        "tradein.rule_updated": _("Rule changed"),
        "tradein.rule_published": _("Rule published"),
        "tradein.rule_withdrawn": _("Rule withdrawn"),
    }, subject=Rule)
    register_kinds({
        "tradein.lot_sent": _("Sent to the refinery"),
        "tradein.lot_assayed": _("Assay result recorded"),
    }, subject=RefineryLot)
    register_kinds({"tradein.settings_saved": _("Trade-in settings saved")}, subject=TradeinSettings)
    register_kinds({"metal_price.set": _("Metal price set")}, subject=MetalPrice)
    register_kinds({"buyback_price.set": _("Buyback price set")}, subject=BuybackPrice)

    # A quote's events name the piece they are about; its values are those of the piece, not the quote.
    old_piece = Value(_("old piece"), "record", model="tradein.oldpiece")
    new_piece = Value(_("new piece"), "record", model="tradein.newpiece")
    register_values({
        "description": Value(_("description")),
        "material": Value(_("material"), "choice", dict(METAL_MATERIALS)),
        "gross_weight": Value(_("gross weight"), "grams", places=3),
        "net_weight": Value(_("net weight"), "grams", places=3),
        "hallmark_fineness": Value(_("fineness by the hallmark"), "permille"),
        "product_code": Value(_("product code")),
        "weight": Value(_("weight"), "grams", places=3),
        "price_mode": Value(_("price"), "choice", PriceMode),
        "tag_price": Value(_("tag price"), "money"),
        "method": Value(_("test method"), "choice", TestMethod),
        "reading": Value(_("reading"), "permille"),
        "weight_before_melt": Value(_("weight before melting"), "grams", places=3),
        "weight_after_melt": Value(_("weight after melting"), "grams", places=3),
        "photo": Value(_("photo no."), "count"),
        "refusals": Value(_("why"), "translated"),
    }, subject=Quote)
    for kind in ("tradein.old_piece_added", "tradein.old_piece_removed", "tradein.purity_tested", "tradein.photo_added"):
        register_values({"piece": old_piece}, kind=kind)
    for kind in ("tradein.new_piece_saved", "tradein.new_piece_removed"):
        register_values({"piece": new_piece}, kind=kind)
    # The new piece's category, not the quote's old-piece category.
    register_values({"category": Value(_("category"), "choice", RuleCategory)}, kind="tradein.new_piece_saved")
    register_values({"copied_from": Value(_("copied from"), "record", model="tradein.rule")}, subject=Rule)
