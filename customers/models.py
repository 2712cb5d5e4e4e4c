"""Customer files and their purchases. (The customers issue adds consent history,
follow-up calls and the rest; this first cut is what repairs and notifications build on.)"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.catalog import ItemCategory, Material
from aftersales.concurrency import Versioned
from aftersales.models import Store


class VipTier(models.TextChoices):
    REGULAR = "regular", _("Regular")
    VIP = "vip", _("VIP")


class Gender(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class Customer(Versioned):
    """A customer of the chain; seen by the stores where they have a file (home store)."""

    store_path = "home_store"

    name = models.CharField(_("name"), max_length=60)
    phone = models.CharField(_("mobile phone"), max_length=20, db_index=True, help_text=_("Stored in E.164 form, e.g. +8613812345678."))
    phone_last4 = models.CharField(max_length=4, db_index=True, editable=False)
    phone2 = models.CharField(_("second phone"), max_length=20, blank=True)
    wechat_id = models.CharField(_("WeChat ID"), max_length=60, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    vip_tier = models.CharField(_("tier"), max_length=20, default=VipTier.REGULAR)
    home_store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="customers", verbose_name=_("home store"))
    notes = models.TextField(_("notes"), blank=True)
    preferences = models.TextField(_("preferences"), blank=True, help_text=_("Metals, sizes, styles the customer likes."))
    marketing_consent = models.BooleanField(_("agrees to marketing messages"), default=False)
    marketing_consent_at = models.DateTimeField(_("marketing consent changed at"), null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("merged into"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by"))

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        digits = self.phone.removeprefix("+86")
        if len(digits) == 11:
            return f"{digits[:3]}****{digits[-4:]}"
        return f"****{digits[-4:]}" if digits else ""

    @property
    def masked_name(self) -> str:
        return (self.name[:1] + "*" * max(len(self.name) - 1, 1)) if self.name else ""


class Purchase(models.Model):
    """Something the customer bought from the chain (typed in or imported from the till)."""

    store_path = "store"

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="purchases", verbose_name=_("customer"))
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    receipt_number = models.CharField(_("receipt number"), max_length=40, db_index=True)
    purchased_at = models.DateTimeField(_("purchased at"))
    item = models.CharField(_("item"), max_length=120)
    category = models.CharField(_("category"), max_length=20, choices=ItemCategory.choices, default=ItemCategory.OTHER)
    material = models.CharField(_("material"), max_length=20, choices=Material.choices, default=Material.OTHER)
    weight = models.DecimalField(_("weight (g)"), max_digits=9, decimal_places=3, null=True, blank=True)
    price = models.DecimalField(_("price (yuan)"), max_digits=12, decimal_places=2)
    special_price = models.BooleanField(_("special-price item"), default=False)
    single_use = models.BooleanField(_("single-use item"), default=False)
    series = models.CharField(_("product series"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-purchased_at", "pk"]
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        constraints = [
            models.UniqueConstraint(fields=["store", "receipt_number", "item"], name="purchase_unique_per_receipt_line"),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.item}"
