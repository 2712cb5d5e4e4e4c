"""The daily metal price list: what a gram of each metal and fineness is worth today."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.catalog import METAL_MATERIALS
from aftersales.models import Store


class Metal(models.TextChoices):
    GOLD = "gold", _("Gold")
    PLATINUM = "platinum", _("Platinum")
    PALLADIUM = "palladium", _("Palladium")
    SILVER = "silver", _("Silver")




class MetalPrice(models.Model):
    """A price per gram for one day, for one store or (store empty) the whole chain.

    A store's own price wins over the chain's for the same day and material.
    """

    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("store"),
                              help_text=_("Empty: the chain's price for every store without its own."))
    date = models.DateField(_("date"), default=timezone.localdate)
    metal = models.CharField(_("metal"), max_length=20, choices=Metal.choices)
    material = models.CharField(_("fineness"), max_length=20, choices=METAL_MATERIALS)
    price_per_gram = models.DecimalField(_("price per gram (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("set by"))
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        ordering = ["-date", "metal", "material"]
        verbose_name = _("metal price")
        verbose_name_plural = _("metal prices")
        constraints = [
            models.UniqueConstraint(fields=["store", "date", "material"], name="metal_price_one_per_day"),
            models.UniqueConstraint(fields=["date", "material"], condition=models.Q(store__isnull=True), name="metal_price_one_chain_per_day"),
            models.CheckConstraint(condition=models.Q(price_per_gram__gt=0), name="metal_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_material_display()} {self.price_per_gram}"
