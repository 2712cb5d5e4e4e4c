"""Customer files, their purchases, marketing consent history and follow-up calls (回访)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.catalog import ItemCategory, Material
from aftersales.concurrency import Versioned
from aftersales.models import Store


def mask_email(email: str) -> str:
    """wang.li@example.com → w***@example.com: enough to recognise, not to copy."""
    local, at, domain = (email or "").partition("@")
    if not at:
        return ""
    return f"{local[:1]}***@{domain}"


class VipTier(models.TextChoices):
    """The two tiers every chain has; a chain adds its own as CustomerTier rows."""

    REGULAR = "regular", _("Regular")
    VIP = "vip", _("VIP")


class CustomerTier(models.Model):
    """A tier a chain defines beyond regular and VIP (e.g. 钻石会员).

    A row rather than a setting: a chain manager adds or retires a tier in the admin without a
    deploy. Customer.vip_tier keeps the code as text, so regular/VIP need no rows at all.
    """

    code = models.SlugField(
        _("code"), max_length=20, unique=True,
        validators=[RegexValidator(r"^(?!regular$|vip$)", _("“regular” and “vip” are built in."))],
    )
    name = models.CharField(_("name"), max_length=40)
    rank = models.PositiveSmallIntegerField(_("rank"), default=10, help_text=_("Higher ranks are shown first."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-rank", "code"]
        verbose_name = _("customer tier")
        verbose_name_plural = _("customer tiers")

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class Customer(Versioned):
    """A customer of the chain; seen by the stores where they have a file (home store)."""

    store_path = "home_store"

    name = models.CharField(_("full name"), max_length=60)
    phone = models.CharField(_("mobile phone"), max_length=20, db_index=True, help_text=_("Stored in E.164 form, e.g. +8613812345678."))
    phone_last4 = models.CharField(max_length=4, db_index=True, editable=False)
    phone2 = models.CharField(_("second phone"), max_length=20, blank=True, db_index=True)
    wechat_id = models.CharField(_("WeChat ID"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language for messages"), max_length=10, choices=settings.LANGUAGES, blank=True,
                                help_text=_("Empty: the chain's language (Chinese)."))
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    vip_tier = models.CharField(_("tier"), max_length=20, default=VipTier.REGULAR)
    home_store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="customers", verbose_name=_("home store"))
    notes = models.TextField(_("notes"), blank=True)
    preferences = models.TextField(_("preferences"), blank=True, help_text=_("Metals, sizes, styles the customer likes."))
    service_contact = models.BooleanField(
        _("may be contacted about own repairs and cases"), default=True,
        help_text=_("Service notices: ready for pickup, promised date changed, case answers."),
    )
    marketing_consent = models.BooleanField(_("agrees to marketing messages"), default=False)
    marketing_consent_at = models.DateTimeField(_("marketing consent changed at"), null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("merged into"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by"))

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["home_store", "phone_last4"], name="customer_store_last4_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        digits = self.phone.removeprefix("+86")
        if len(digits) == 11:
            return f"{digits[:3]}****{digits[-4:]}"
        return f"****{digits[-4:]}" if digits else ""

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    def tier_label(self, tiers: dict[str, str] | None = None) -> str:
        if self.vip_tier in VipTier.values:
            return str(VipTier(self.vip_tier).label)
        if tiers is not None:
            return tiers.get(self.vip_tier, self.vip_tier)
        tier = CustomerTier.objects.filter(code=self.vip_tier).first()
        return tier.name if tier else self.vip_tier

    @property
    def masked_email(self) -> str:
        return mask_email(self.email)

    @property
    def masked_name(self) -> str:
        # A fixed mask: the number of asterisks must not tell the name's length (王** for every name).
        return (self.name.strip()[:1] + "**") if self.name.strip() else ""


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
    source = models.CharField(_("entered"), max_length=10, choices=[("manual", _("by hand")), ("import", _("CSV import"))], default="manual")
    import_batch = models.ForeignKey(
        "PurchaseImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="purchases", verbose_name=_("import")
    )
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


class ConsentKind(models.TextChoices):
    MARKETING = "marketing", _("Marketing contact")
    SERVICE = "service", _("Service contact")


class ConsentMethod(models.TextChoices):
    """How the customer said it (消保法 29: the store must be able to show when and how)."""

    IN_STORE_SIGNED = "signed", _("Signed form in store")
    IN_STORE_VERBAL = "verbal", _("Said so in store")
    PHONE = "phone", _("On the phone")
    SMS_REPLY = "sms", _("SMS reply (e.g. TD)")
    WECHAT = "wechat", _("WeChat")
    IMPORT = "import", _("Point-of-sale import")
    MERGE = "merge", _("Files merged")


class ConsentChange(models.Model):
    """One given or withdrawn consent: the history the law asks for; never edited."""

    store_path = "customer__home_store"

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="consent_changes", verbose_name=_("customer"))
    kind = models.CharField(_("kind"), max_length=10, choices=ConsentKind.choices, default=ConsentKind.MARKETING)
    given = models.BooleanField(_("given"))
    method = models.CharField(_("how"), max_length=10, choices=ConsentMethod.choices)
    at = models.DateTimeField(_("when"))
    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("consent change")
        verbose_name_plural = _("consent changes")

    def __str__(self) -> str:
        return f"{self.customer_id} {self.kind} {'+' if self.given else '-'} {self.at:%Y-%m-%d}"


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("Importing")
    DONE = "done", _("Finished")


def private_import_storage():
    """Imported till files live outside MEDIA_URL: nothing serves them."""
    from pathlib import Path

    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "private", base_url=None)


class PurchaseImport(models.Model):
    """One point-of-sale CSV file: kept so the import runs in steps the page shows as progress."""

    store_path = "store"

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    file_name = models.CharField(_("file"), max_length=200)
    encoding = models.CharField(_("encoding"), max_length=20)
    # The upload as a file (never in a text column); a Celery task parses it once.
    upload = models.FileField(_("uploaded file"), storage=private_import_storage, upload_to="customers/imports/%Y/%m", editable=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    next_row = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(_("added"), default=0)
    skipped_count = models.PositiveIntegerField(_("already there"), default=0)
    customers_created = models.PositiveIntegerField(_("new customers"), default=0)
    rejected = models.JSONField(_("rejected rows"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("uploaded by"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("purchase import")
        verbose_name_plural = _("purchase imports")

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        return 100 if not self.total_rows else min(100, self.next_row * 100 // self.total_rows)


class FollowUpReason(models.TextChoices):
    AFTER_PICKUP = "pickup", _("After a repair pickup")
    AFTER_CASE = "case", _("After a case was resolved")
    BIRTHDAY = "birthday", _("Birthday")
    CLEANING = "cleaning", _("Periodic cleaning")
    HOLIDAY = "holiday", _("Holiday greeting")
    VIP_CARE = "vip_care", _("VIP care")
    OTHER_SERVICE = "service", _("Other service call")

    @classmethod
    def marketing(cls) -> set[str]:
        """Reasons that are marketing contact: only for customers who agreed to it."""
        return {cls.BIRTHDAY, cls.CLEANING, cls.HOLIDAY, cls.VIP_CARE}


class FollowUpStatus(models.TextChoices):
    DUE = "due", _("To call")
    DONE = "done", _("Done")
    UNREACHABLE = "unreachable", _("Unreachable")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUp(models.Model):
    """A call the store owes a customer. Created by hand or by the scheduled sweeps (idempotent)."""

    store_path = "store"

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="followups", verbose_name=_("customer"))
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    reason = models.CharField(_("reason"), max_length=10, choices=FollowUpReason.choices)
    due_date = models.DateField(_("due"))
    next_try_on = models.DateField(_("next try"), null=True, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("assigned to"))
    status = models.CharField(_("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.DUE, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    context = models.TextField(_("context"), blank=True, help_text=_("What was repaired or complained about: read it before calling."))
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    # "app.model:pk" or "": part of the natural key (NULLs would not collide in a unique constraint).
    source_key = models.CharField(max_length=60, blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Set by the escalation sweep when the call is overdue by the store's setting: the manager's list.
    escalated_at = models.DateTimeField(_("escalated to the manager"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up call")
        verbose_name_plural = _("follow-up calls")
        constraints = [
            models.UniqueConstraint(fields=["customer", "reason", "source_key", "due_date"], name="followup_natural_key"),
        ]
        indexes = [models.Index(fields=["store", "status", "due_date"], name="followup_calllist_idx")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.due_date}"

    @property
    def is_marketing(self) -> bool:
        return self.reason in FollowUpReason.marketing()


class CallOutcome(models.TextChoices):
    REACHED = "reached", _("Talked to the customer")
    UNREACHABLE = "unreachable", _("No answer / unreachable")
    DECLINED = "declined", _("Customer did not want to talk")


class FollowUpCall(models.Model):
    """One attempt at a follow-up call, with the script from the store documents (seed 002)."""

    store_path = "followup__store"

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="calls", verbose_name=_("follow-up call"))
    at = models.DateTimeField(_("when"))
    caller = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("called by"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=CallOutcome.choices)
    thanked = models.BooleanField(_("thanked the customer"), default=False)
    asked_how_piece_is = models.BooleanField(_("asked how the piece is doing"), default=False)
    asked_why_not_back = models.BooleanField(_("asked why they have not come back"), default=False)
    apologised = models.BooleanField(_("apologised for anything unpleasant last time"), default=False)
    asked_suggestions = models.BooleanField(_("asked for suggestions"), default=False)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    notes = models.TextField(_("notes"), blank=True)
    new_repair_opened = models.BooleanField(_("a new repair was opened"), default=False)
    new_case_opened = models.BooleanField(_("a new case was opened"), default=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("call attempt")
        verbose_name_plural = _("call attempts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True) | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="followupcall_satisfaction_1_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.followup_id} {self.outcome} {self.at:%Y-%m-%d %H:%M}"
