"""Trade-in (以旧换新) and buyback (回收): daily metal prices, rules as data, quotes with their
old and new pieces, purity tests, and the old-gold ledger with its refinery lots.

Money is yuan with 2 places, weights grams with 3 places, fineness ‰; Decimal only.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales import storage
from aftersales.catalog import METAL_MATERIALS, ItemCategory, Material
from aftersales.concurrency import Versioned
from aftersales.models import Store
from aftersales.money import MAX_PRICE_PER_GRAM

MAX_GRAMS = Decimal("2000")  # 2 kg: more than any piece the counter weighs


def private_storage():
    """Photos and signatures: the "private" storage (STORAGES); only a scoped view serves them."""
    return storage.private()


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
    price_per_gram = models.DecimalField(_("price per gram (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_PRICE_PER_GRAM)])
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
            models.CheckConstraint(condition=models.Q(price_per_gram__lte=MAX_PRICE_PER_GRAM), name="metal_price_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_material_display()} {self.price_per_gram}"


class BuybackPrice(models.Model):
    """The day's buyback (回收) price per gram of fine metal (1000 ‰), store or chain."""

    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("store"),
                              help_text=_("Empty: the chain's price for every store without its own."))
    date = models.DateField(_("date"), default=timezone.localdate)
    metal = models.CharField(_("metal"), max_length=20, choices=Metal.choices)
    price_per_gram = models.DecimalField(_("buyback price per gram of fine metal (yuan)"), max_digits=12, decimal_places=2)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("set by"))
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        ordering = ["-date", "metal"]
        verbose_name = _("buyback price")
        verbose_name_plural = _("buyback prices")
        constraints = [
            models.UniqueConstraint(fields=["store", "date", "metal"], name="buyback_price_one_per_day"),
            models.UniqueConstraint(fields=["date", "metal"], condition=models.Q(store__isnull=True), name="buyback_price_one_chain_per_day"),
            models.CheckConstraint(condition=models.Q(price_per_gram__gt=0), name="buyback_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_metal_display()} {self.price_per_gram}"


class LockMode(models.TextChoices):
    MINUTES = "minutes", _("For a number of minutes")
    END_OF_DAY = "end_of_day", _("To the end of the day")


class TradeinSettings(Versioned):
    """Per store (or, store empty, the chain's defaults): how long a quoted price holds, and
    above which amount or weight a buyback seller's ID is recorded."""

    store_path = "store"

    store = models.OneToOneField(Store, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("store"))
    lock_mode = models.CharField(_("price lock"), max_length=12, choices=LockMode.choices, default=LockMode.MINUTES)
    lock_minutes = models.PositiveIntegerField(_("price lock (minutes)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(24 * 60)])
    id_above_amount = models.DecimalField(_("record the seller's ID above (yuan)"), max_digits=12, decimal_places=2, default=Decimal("10000.00"),
                                          validators=[MinValueValidator(Decimal("0"))])
    id_above_grams = models.DecimalField(_("record the seller's ID above (grams)"), max_digits=9, decimal_places=3, default=Decimal("50.000"),
                                         validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        verbose_name = _("trade-in settings")
        verbose_name_plural = _("trade-in settings")
        constraints = [models.UniqueConstraint(fields=["store"], condition=models.Q(store__isnull=True), name="tradein_settings_one_chain")]

    def __str__(self) -> str:
        return f"{self.store_id or 'chain'}: {self.lock_mode} {self.lock_minutes}"


# --- rules -------------------------------------------------------------------------------------

class RuleCategory(models.TextChoices):
    PURE_GOLD = "pure_gold", _("Pure gold (足金/千足金)")
    PLATINUM = "platinum", _("Platinum")
    K_GOLD = "k_gold", _("K gold")
    SILVER = "silver", _("Silver")
    FIXED_PRICE = "fixed_price", _("Fixed-price piece (一口价)")
    DIAMOND = "diamond", _("Diamond piece")


CATEGORY_METAL = {
    RuleCategory.PURE_GOLD: Metal.GOLD, RuleCategory.K_GOLD: Metal.GOLD, RuleCategory.PLATINUM: Metal.PLATINUM,
    RuleCategory.SILVER: Metal.SILVER, RuleCategory.FIXED_PRICE: Metal.GOLD, RuleCategory.DIAMOND: Metal.GOLD,
}
# Categories whose quote is a price difference (new price − original price), not grams × price.
PRICE_CATEGORIES = {RuleCategory.FIXED_PRICE, RuleCategory.DIAMOND, RuleCategory.K_GOLD}


class Origin(models.TextChoices):
    OURS = "ours", _("Bought in our stores")
    OTHER = "other", _("Other brand")


class RuleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


RULE_ALLOWED = {
    RuleStatus.DRAFT: {RuleStatus.PUBLISHED, RuleStatus.WITHDRAWN},
    RuleStatus.PUBLISHED: {RuleStatus.WITHDRAWN},
    RuleStatus.WITHDRAWN: set(),
}


class FeeMode(models.TextChoices):
    PER_GRAM = "per_gram", _("Yuan per old gram")
    PERCENT = "percent", _("Percent of the day's price per old gram")


class LabourMode(models.TextChoices):
    NONE = "none", _("No labour fee")
    A = "a", _("A: per gram of the new piece")
    B = "b", _("B: per added gram")
    C = "c", _("C: fixed per piece")


class Boundary(models.TextChoices):
    INCLUSIVE = "inclusive", _("At least (以上, inclusive)")
    STRICT = "strict", _("More than (超过, strict)")


class Rule(Versioned):
    """One trade-in rule: chain-wide (store empty) or a store's override, valid between two dates."""

    store_path = "store"

    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("store"),
                              help_text=_("Empty: a chain rule; a store's own rule overrides it in that store."))
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    status = models.CharField(_("status"), max_length=12, choices=RuleStatus.choices, default=RuleStatus.DRAFT)
    category = models.CharField(_("old-piece category"), max_length=20, choices=RuleCategory.choices)
    origin = models.CharField(_("old-piece origin"), max_length=10, choices=Origin.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Last day the rule applies; empty: no end."))
    loss_rate = models.DecimalField(_("loss rate (%)"), max_digits=5, decimal_places=2, default=Decimal("0"),
                                    validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("99.99"))])
    fee_mode = models.CharField(_("old-piece fee"), max_length=10, choices=FeeMode.choices, default=FeeMode.PER_GRAM)
    fee_per_gram = models.DecimalField(_("fee per old gram (yuan)"), max_digits=10, decimal_places=2, default=Decimal("0"),
                                       validators=[MinValueValidator(Decimal("0"))])
    fee_percent = models.DecimalField(_("fee (% of the day's price per old gram)"), max_digits=5, decimal_places=2, default=Decimal("0"),
                                      validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    labour_mode = models.CharField(_("labour for the new piece"), max_length=4, choices=LabourMode.choices, default=LabourMode.NONE)
    labour_per_gram = models.DecimalField(_("labour per gram (yuan)"), max_digits=10, decimal_places=2, default=Decimal("0"),
                                          validators=[MinValueValidator(Decimal("0"))])
    labour_per_piece = models.DecimalField(_("labour per new piece (yuan)"), max_digits=10, decimal_places=2, default=Decimal("0"),
                                           validators=[MinValueValidator(Decimal("0"))])
    uplift_percent = models.DecimalField(_("uplift (%)"), max_digits=6, decimal_places=2, default=Decimal("0"),
                                         validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))],
                                         help_text=_("The new weight must be at least the old weight × (1 + uplift)."))
    uplift_boundary = models.CharField(_("uplift boundary"), max_length=10, choices=Boundary.choices, default=Boundary.INCLUSIVE)
    min_fineness = models.PositiveIntegerField(_("lowest fineness accepted (‰)"), default=0, validators=[MaxValueValidator(1000)])
    must_melt = models.BooleanField(_("melt and assay first"), default=False,
                                    help_text=_("Other-brand pieces are melted and assayed before a quote."))
    depreciation_percent = models.DecimalField(_("depreciation (%)"), max_digits=5, decimal_places=2, default=Decimal("0"),
                                               validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
                                               help_text=_("K gold: the original price counts at (1 − depreciation)."))
    same_category_only = models.BooleanField(_("same category only"), default=False,
                                             help_text=_("Fixed-price and diamond pieces: only for a new piece of the same category."))
    piece_fee = models.DecimalField(_("fee per old piece (yuan)"), max_digits=10, decimal_places=2, default=Decimal("0"),
                                    validators=[MinValueValidator(Decimal("0"))])
    fee_waived_above = models.DecimalField(_("fee waived when the price difference is at least (yuan)"), max_digits=12, decimal_places=2,
                                           null=True, blank=True, validators=[MinValueValidator(Decimal("0"))])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by"))

    # Fields that define the rule: the snapshot stored with each quote, the audit and the form.
    DATA_FIELDS = [
        "store", "code", "name", "category", "origin", "valid_from", "valid_to", "loss_rate", "fee_mode", "fee_per_gram",
        "fee_percent", "labour_mode", "labour_per_gram", "labour_per_piece", "uplift_percent", "uplift_boundary",
        "min_fineness", "must_melt", "depreciation_percent", "same_category_only", "piece_fee", "fee_waived_above",
    ]

    class Meta:
        ordering = ["category", "origin", "store", "-valid_from", "pk"]
        verbose_name = _("trade-in rule")
        verbose_name_plural = _("trade-in rules")
        constraints = [
            models.CheckConstraint(condition=models.Q(loss_rate__gte=0, loss_rate__lt=100), name="tradein_rule_loss_below_100"),
            models.CheckConstraint(condition=models.Q(min_fineness__lte=1000), name="tradein_rule_fineness_max"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


# --- quotes --------------------------------------------------------------------------------------

class QuoteKind(models.TextChoices):
    TRADEIN = "tradein", _("Trade-in (以旧换新)")
    BUYBACK = "buyback", _("Buyback (回收)")


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUOTED = "quoted", _("Quoted")
    ACCEPTED = "accepted", _("Accepted")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    CARD = "card", _("Bank card")
    WECHAT = "wechat", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")


class IdType(models.TextChoices):
    RESIDENT = "resident", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    HK_MACAO = "hk_macao", _("Mainland travel permit (Hong Kong/Macao)")
    TAIWAN = "taiwan", _("Mainland travel permit (Taiwan)")
    OTHER = "other", _("Other")


class Quote(Versioned):
    store_path = "store"

    number = models.CharField(_("number"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=QuoteKind.choices, default=QuoteKind.TRADEIN)
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="tradein_quotes", verbose_name=_("customer"))
    status = models.CharField(_("status"), max_length=12, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT, db_index=True)
    category = models.CharField(_("old-piece category"), max_length=20, choices=RuleCategory.choices)
    origin = models.CharField(_("old-piece origin"), max_length=10, choices=Origin.choices)
    price_material = models.CharField(_("priced as"), max_length=20, choices=METAL_MATERIALS, default=Material.GOLD_999,
                                      help_text=_("The fineness whose price of the day the quote uses."))
    # What the quote was priced with: the rule as it stood, the price, the lines and the amount.
    rule = models.ForeignKey(Rule, null=True, blank=True, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("rule"))
    rule_snapshot = models.JSONField(_("rule as used"), default=dict, blank=True)
    price_date = models.DateField(_("price of"), null=True, blank=True)
    price_per_gram = models.DecimalField(_("price per gram (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    price_locked_until = models.DateTimeField(_("price locked until"), null=True, blank=True, db_index=True)
    lines = models.JSONField(_("quote lines"), default=list, blank=True)
    refusals = models.JSONField(_("refusals"), default=list, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True,
                                 help_text=_("Positive: the customer pays; negative: the store pays the customer."))
    quoted_at = models.DateTimeField(_("quoted at"), null=True, blank=True)
    quoted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("quoted by"))
    signature = models.FileField(_("customer's signature"), storage=private_storage, upload_to="tradein/signatures/%Y/%m", blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("accepted by"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("completed by"))
    payment_method = models.CharField(_("payment method"), max_length=10, choices=PaymentMethod.choices, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=200, blank=True)
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)
    seller_id_type = models.CharField(_("seller's ID type"), max_length=10, choices=IdType.choices, blank=True)
    seller_id_last4 = models.CharField(_("seller's ID, last four characters"), max_length=4, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("trade-in quote")
        verbose_name_plural = _("trade-in quotes")
        indexes = [models.Index(fields=["store", "status", "created_at"], name="tradein_quote_list_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_buyback(self) -> bool:
        return self.kind == QuoteKind.BUYBACK

    def lock_expired(self, now) -> bool:
        return self.price_locked_until is not None and now >= self.price_locked_until


class OldPiece(models.Model):
    """A piece the customer hands in; its fineness comes from the purity test, else the hallmark."""

    store_path = "quote__store"

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="old_pieces", verbose_name=_("quote"))
    description = models.CharField(_("description"), max_length=200)
    category = models.CharField(_("item"), max_length=20, choices=ItemCategory.choices, default=ItemCategory.OTHER)
    material = models.CharField(_("material"), max_length=20, choices=METAL_MATERIALS)
    hallmark = models.CharField(_("hallmark"), max_length=40, blank=True, help_text=_("As stamped, e.g. 足金999."))
    hallmark_fineness = models.PositiveIntegerField(_("fineness by the hallmark (‰)"), validators=[MaxValueValidator(1000)])
    gross_weight = models.DecimalField(_("gross weight (g)"), max_digits=9, decimal_places=3)
    net_weight = models.DecimalField(_("net weight (g)"), max_digits=9, decimal_places=3,
                                     help_text=_("Stones and non-gold parts removed."))
    original_price = models.DecimalField(_("original price (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True,
                                         help_text=_("Fixed-price, diamond and K-gold pieces: the price paid."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("old piece")
        verbose_name_plural = _("old pieces")
        constraints = [
            models.CheckConstraint(condition=models.Q(net_weight__gt=0, net_weight__lte=models.F("gross_weight")), name="tradein_old_net_weight"),
        ]

    def __str__(self) -> str:
        return self.description


class TestMethod(models.TextChoices):
    XRF = "xrf", _("XRF (GB/T 18043)")
    FIRE_ASSAY = "fire_assay", _("Fire assay (GB/T 9288)")
    TOUCHSTONE = "touchstone", _("Touchstone")


class PurityTest(models.Model):
    """A purity test (检测) of an old piece: method, reading in ‰, who, and melt weights if melted."""

    store_path = "piece__quote__store"

    piece = models.ForeignKey(OldPiece, on_delete=models.CASCADE, related_name="tests", verbose_name=_("old piece"))
    method = models.CharField(_("method"), max_length=12, choices=TestMethod.choices)
    reading = models.DecimalField(_("reading (‰)"), max_digits=5, decimal_places=1,
                                  validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))])
    weight_before_melt = models.DecimalField(_("weight before melting (g)"), max_digits=9, decimal_places=3, null=True, blank=True)
    weight_after_melt = models.DecimalField(_("weight after melting (g)"), max_digits=9, decimal_places=3, null=True, blank=True)
    tested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("tested by"))
    tested_at = models.DateTimeField(_("tested at"), default=timezone.now)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        ordering = ["tested_at", "pk"]
        verbose_name = _("purity test")
        verbose_name_plural = _("purity tests")
        constraints = [models.CheckConstraint(condition=models.Q(reading__gte=0, reading__lte=1000), name="tradein_test_reading_range")]

    def __str__(self) -> str:
        return f"{self.piece_id}: {self.reading} ‰"


class OldPiecePhoto(models.Model):
    store_path = "piece__quote__store"

    piece = models.ForeignKey(OldPiece, on_delete=models.CASCADE, related_name="photos", verbose_name=_("old piece"))
    image = models.FileField(_("photo"), storage=private_storage, upload_to="tradein/photos/%Y/%m")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("taken by"))

    class Meta:
        ordering = ["taken_at", "pk"]
        verbose_name = _("old piece photo")
        verbose_name_plural = _("old piece photos")

    def __str__(self) -> str:
        return self.image.name


class PriceMode(models.TextChoices):
    BY_GRAM = "by_gram", _("By weight at the day's price plus labour")
    TAG = "tag", _("Tag price")


class NewPiece(models.Model):
    store_path = "quote__store"

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="new_pieces", verbose_name=_("quote"))
    product_code = models.CharField(_("product code"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=RuleCategory.choices)
    weight = models.DecimalField(_("weight (g)"), max_digits=9, decimal_places=3)
    price_mode = models.CharField(_("price"), max_length=10, choices=PriceMode.choices, default=PriceMode.BY_GRAM)
    tag_price = models.DecimalField(_("tag price (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("new piece")
        verbose_name_plural = _("new pieces")
        constraints = [models.CheckConstraint(condition=models.Q(weight__gt=0), name="tradein_new_weight_positive")]

    def __str__(self) -> str:
        return self.product_code or self.description or str(self.get_category_display())


# --- the old-gold ledger ----------------------------------------------------------------------

class LotStatus(models.TextChoices):
    SENT = "sent", _("Sent to the refinery")
    ASSAYED = "assayed", _("Assay result received")


class RefineryLot(Versioned):
    """Old metal sent to the refinery: grams out, and the assay result back."""

    store_path = "store"

    number = models.CharField(_("number"), max_length=30, unique=True)
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    metal = models.CharField(_("metal"), max_length=20, choices=Metal.choices)
    fineness = models.PositiveIntegerField(_("fineness (‰)"), validators=[MaxValueValidator(1000)])
    grams = models.DecimalField(_("weight sent (g)"), max_digits=12, decimal_places=3)
    refinery = models.CharField(_("refinery"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=LotStatus.choices, default=LotStatus.SENT)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by"))
    assay_fineness = models.DecimalField(_("assayed fineness (‰)"), max_digits=5, decimal_places=1, null=True, blank=True)
    fine_grams = models.DecimalField(_("fine metal credited (g)"), max_digits=12, decimal_places=3, null=True, blank=True)
    assayed_at = models.DateTimeField(_("assayed at"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("refinery lot")
        verbose_name_plural = _("refinery lots")
        constraints = [models.CheckConstraint(condition=models.Q(grams__gt=0), name="tradein_lot_grams_positive")]

    def __str__(self) -> str:
        return self.number


class LedgerKind(models.TextChoices):
    RECEIVED = "received", _("Received from a customer")
    SENT = "sent", _("Sent to the refinery")


class LedgerEntry(models.Model):
    """One movement of old metal in a store's custody: + grams received, − grams sent out."""

    store_path = "store"

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    kind = models.CharField(_("movement"), max_length=10, choices=LedgerKind.choices)
    metal = models.CharField(_("metal"), max_length=20, choices=Metal.choices)
    fineness = models.PositiveIntegerField(_("fineness (‰)"), validators=[MaxValueValidator(1000)])
    grams = models.DecimalField(_("grams"), max_digits=12, decimal_places=3)
    quote = models.ForeignKey(Quote, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries", verbose_name=_("quote"))
    piece = models.OneToOneField(OldPiece, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entry", verbose_name=_("old piece"))
    lot = models.OneToOneField(RefineryLot, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entry", verbose_name=_("refinery lot"))
    at = models.DateTimeField(_("when"), db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["store", "metal", "fineness"], name="tradein_ledger_stock_idx")]
        constraints = [
            models.CheckConstraint(condition=(models.Q(kind="received", grams__gt=0) | models.Q(kind="sent", grams__lt=0)),
                                   name="tradein_ledger_sign"),
        ]

    def __str__(self) -> str:
        return f"{self.store_id} {self.metal} {self.fineness} {self.grams}"
