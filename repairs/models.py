"""Repair orders from the counter to pickup: the order, its items, jobs, quotes, custody and pickup."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales import clock, storage
from aftersales.catalog import ItemCategory, JobType, Material
from aftersales.concurrency import Versioned
from aftersales.models import Store
from aftersales.money import MAX_AMOUNT

MAX_WEIGHT = Decimal("2000")
MIN_WEIGHT = Decimal("0.01")
money_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT)]
weight_validators = [MinValueValidator(MIN_WEIGHT), MaxValueValidator(MAX_WEIGHT)]


def private_storage():
    """Photos and signatures: the "private" storage (STORAGES); only a scoped view serves them."""
    return storage.private()


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    IN_REPAIR = "in_repair", _("In repair")
    QUALITY_CHECK = "quality_check", _("Quality check")
    READY = "ready", _("Ready for pickup")
    COLLECTED = "collected", _("Collected")
    DECLINED = "declined", _("Declined (returned unrepaired)")
    CANCELLED = "cancelled", _("Cancelled")
    UNCLAIMED = "unclaimed", _("Unclaimed")
    DISPOSED = "disposed", _("Disposed of after notice")


OPEN_STATUSES = [
    Status.RECEIVED, Status.AWAITING_APPROVAL, Status.APPROVED, Status.IN_REPAIR, Status.QUALITY_CHECK,
]


class Location(models.TextChoices):
    COUNTER = "counter", _("Counter")
    SAFE = "safe", _("Store safe")
    CHAIN_WORKSHOP = "chain_workshop", _("Chain workshop")
    OUTSIDE_WORKSHOP = "outside_workshop", _("Outside workshop")
    CUSTOMER = "customer", _("With the customer")


class PriceRule(models.TextChoices):
    FIXED = "fixed", _("Fixed price")
    PER_STONE = "per_stone", _("Per stone")
    PER_GRAM = "per_gram", _("Per gram of added metal")
    QUOTE = "quote", _("Quote after inspection")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    CARD = "card", _("Bank card")
    WECHAT = "wechat", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")
    OTHER = "other", _("Other")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    HK_MACAO = "hk_macao", _("Mainland travel permit (HK/Macao)")
    TAIWAN = "taiwan", _("Mainland travel permit (Taiwan)")
    OTHER = "other", _("Other ID")


class UnclaimedDecision(models.TextChoices):
    KEEP = "keep", _("Keep holding and put back on the pickup shelf")
    DISPOSE = "dispose", _("Dispose of it (after at least 60 days' notice; the surplus belongs to the owner)")


class StoreClosedDay(models.Model):
    """A day the store (or, with no store, the whole chain) is closed: promised dates skip it."""

    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("store"))
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")
        constraints = [models.UniqueConstraint(fields=["store", "date"], name="one_closed_day_per_store")]

    def __str__(self) -> str:
        return f"{self.date} {self.note}"


class ServiceType(models.Model):
    """The chain's service catalogue: what the desk offers and how it is priced."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    job_type = models.CharField(_("job type"), max_length=20, choices=JobType.choices)
    price_rule = models.CharField(_("price rule"), max_length=20, choices=PriceRule.choices, default=PriceRule.FIXED)
    price = models.DecimalField(_("price (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0"), validators=money_validators,
                                help_text=_("Per piece, per stone or per gram, following the price rule; ignored for a quote after inspection."))
    turnaround_days = models.PositiveSmallIntegerField(_("typical turnaround (days)"), default=3)
    is_active = models.BooleanField(_("active"), default=True)
    sort = models.PositiveSmallIntegerField(_("order in lists"), default=100)

    class Meta:
        ordering = ["sort", "name"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        constraints = [models.CheckConstraint(condition=models.Q(price__gte=0), name="service_price_not_negative"),
                       models.CheckConstraint(condition=models.Q(price__lte=MAX_AMOUNT), name="service_price_bounded")]

    def __str__(self) -> str:
        return self.name


class RepairOrder(Versioned):
    store_path = "store"

    number = models.CharField(_("order number"), max_length=30, unique=True)
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="repair_orders", verbose_name=_("store"))
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="repair_orders", verbose_name=_("customer"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by"))
    technician = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("technician"))
    promised_date = models.DateField(_("promised date"))
    rush = models.BooleanField(_("rush"), default=False)
    estimate = models.DecimalField(_("estimate (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0"))
    needs_quote = models.BooleanField(_("price after inspection"), default=False)
    deposit = models.DecimalField(_("deposit (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0"), validators=money_validators)
    do_not_exceed = models.DecimalField(_("do not exceed (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=money_validators,
                                        help_text=_("The customer agrees in advance to any total up to this amount."))
    risk_disclosures = models.JSONField(_("risk disclosures shown"), default=list, blank=True)
    risk_acknowledged_at = models.DateTimeField(_("risks acknowledged at"), null=True, blank=True)
    intake_signature = models.FileField(_("customer's signature at intake"), storage=private_storage, upload_to="repairs/signatures/%Y/%m", blank=True)
    notes = models.TextField(_("notes"), blank=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    collected_at = models.DateTimeField(_("collected at"), null=True, blank=True)
    unclaimed_at = models.DateTimeField(_("unclaimed since"), null=True, blank=True)
    unclaimed_decision = models.CharField(_("manager's decision"), max_length=20, choices=UnclaimedDecision.choices, blank=True)
    unclaimed_decision_note = models.TextField(_("decision note"), blank=True)
    # The pickup ladder (repairs/services/ladder.py): due times live here, swept by beat.
    pickup_deadline = models.DateField(_("last day to collect"), null=True, blank=True)
    next_reminder_at = models.DateTimeField(_("next pickup reminder"), null=True, blank=True)
    next_reminder_days = models.PositiveSmallIntegerField(_("next reminder (days before the deadline)"), null=True, blank=True)
    final_notice_at = models.DateTimeField(_("final notice sent"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("repair order")
        verbose_name_plural = _("repair orders")
        indexes = [
            models.Index(fields=["store", "-received_at", "-id"], name="repair_store_recv_idx"),
            models.Index(fields=["store", "status", "-received_at", "-id"], name="repair_store_status_idx"),
            # The overdue and pickup-shelf lists read these in order, a page at a time.
            models.Index(fields=["store", "promised_date", "id"], name="repair_open_promised_idx",
                         condition=models.Q(status__in=["received", "awaiting_approval", "approved", "in_repair", "quality_check"])),
            models.Index(fields=["store", "ready_at", "id"], name="repair_ready_idx", condition=models.Q(status="ready")),
            models.Index(fields=["store", "technician", "status"], name="repair_store_tech_idx"),
            # What the ladder sweeps read: ready orders by reminder time and by deadline.
            models.Index(fields=["next_reminder_at", "id"], name="repair_reminder_due_idx", condition=models.Q(status="ready")),
            models.Index(fields=["pickup_deadline", "id"], name="repair_pickup_deadline_idx", condition=models.Q(status="ready")),
            # The repairs report reads a store's months from this index alone (PostgreSQL: index-only scans).
            models.Index(fields=["store", "received_at"], include=["id", "status", "ready_at", "promised_date", "technician"],
                         name="repair_report_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(deposit__gte=0), name="repair_deposit_not_negative"),
            models.CheckConstraint(condition=models.Q(deposit__lte=MAX_AMOUNT) & (models.Q(do_not_exceed__isnull=True) | models.Q(do_not_exceed__lte=MAX_AMOUNT)),
                                   name="repair_amounts_bounded"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_STATUSES and self.promised_date < clock.today()

    @property
    def days_waiting(self) -> int | None:
        if self.status != Status.READY or not self.ready_at:
            return None
        return (clock.today() - timezone.localdate(self.ready_at)).days


class RepairItem(models.Model):
    store_path = "order__store"

    order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE, related_name="items", verbose_name=_("repair order"))
    position = models.PositiveSmallIntegerField(_("item no."), default=1)
    category = models.CharField(_("category"), max_length=20, choices=ItemCategory.choices)
    material = models.CharField(_("material"), max_length=20, choices=Material.choices)
    hallmark = models.CharField(_("hallmark as stamped"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=200)
    piece_count = models.PositiveSmallIntegerField(_("pieces"), default=1, validators=[MinValueValidator(1)])
    intake_weight = models.DecimalField(_("intake weight (g)"), max_digits=9, decimal_places=3, validators=weight_validators)
    stone_count = models.PositiveSmallIntegerField(_("stones"), default=0)
    scratches = models.BooleanField(_("scratches"), default=False)
    bends = models.BooleanField(_("bends"), default=False)
    loose_stones = models.BooleanField(_("loose stones"), default=False)
    missing_stones = models.BooleanField(_("missing stones"), default=False)
    broken_clasp = models.BooleanField(_("broken clasp"), default=False)
    worn_plating = models.BooleanField(_("worn plating"), default=False)
    cracks = models.BooleanField(_("cracks"), default=False)
    condition_notes = models.TextField(_("condition notes"), blank=True)
    declared_value = models.DecimalField(_("declared value (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=money_validators)
    bought_here = models.BooleanField(_("bought in our chain"), default=False)
    receipt_shown = models.BooleanField(_("purchase receipt shown"), default=False)
    purchase = models.ForeignKey("customers.Purchase", null=True, blank=True, on_delete=models.SET_NULL, related_name="repair_items", verbose_name=_("purchase"))
    reason = models.CharField(_("reason"), max_length=20, blank=True)
    single_use = models.BooleanField(_("single-use item"), default=False)
    facts = models.JSONField(_("confirmed at the counter"), default=list, blank=True,
                             help_text=_("What the counter confirmed by looking at the item (special stone, vertical clip), for the policy."))
    added_metal_weight = models.DecimalField(_("metal added (g)"), max_digits=9, decimal_places=3, default=Decimal("0"))
    return_weight = models.DecimalField(_("return weight (g)"), max_digits=9, decimal_places=3, null=True, blank=True, validators=weight_validators)
    weight_checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("weighed by"))
    weight_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("difference approved by"))
    weight_approval_note = models.TextField(_("difference approval note"), blank=True)
    pickup_weight = models.DecimalField(_("weight at pickup (g)"), max_digits=9, decimal_places=3, null=True, blank=True, validators=weight_validators)
    pickup = models.ForeignKey("Pickup", null=True, blank=True, on_delete=models.PROTECT, related_name="items", verbose_name=_("pickup"))
    custody_location = models.CharField(_("where it is"), max_length=20, choices=Location.choices, default=Location.COUNTER)
    custody_since = models.DateTimeField(_("there since"), default=timezone.now)

    CONDITION_FIELDS = ("scratches", "bends", "loose_stones", "missing_stones", "broken_clasp", "worn_plating", "cracks")

    class Meta:
        ordering = ["order", "position"]
        verbose_name = _("repair item")
        verbose_name_plural = _("repair items")
        indexes = [
            # Weighed-out items only: the weight figures of the board and the repairs report.
            models.Index(fields=["order"], include=["return_weight", "intake_weight", "added_metal_weight", "weight_approved_by"],
                         condition=models.Q(return_weight__isnull=False), name="repair_item_weighed_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(intake_weight__gt=0) & models.Q(intake_weight__lte=MAX_WEIGHT), name="repair_item_weight_range"),
            models.UniqueConstraint(fields=["order", "position"], name="repair_item_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order.number}/{self.position} {self.description}"

    @property
    def conditions(self) -> list[str]:
        return [str(self._meta.get_field(f).verbose_name) for f in self.CONDITION_FIELDS if getattr(self, f)]

    @property
    def fact_labels(self) -> list[str]:
        from aftersales.policy.models import Fact

        return [str(Fact(f).label) for f in self.facts if f in Fact.values]

    @property
    def weight_difference(self) -> Decimal | None:
        if self.return_weight is None:
            return None
        return self.return_weight - self.intake_weight

    @property
    def custody_days(self) -> int:
        return (clock.today() - timezone.localdate(self.custody_since)).days

    @property
    def is_collected(self) -> bool:
        return self.pickup_id is not None


class ItemPhoto(models.Model):
    store_path = "item__order__store"

    item = models.ForeignKey(RepairItem, on_delete=models.CASCADE, related_name="photos", verbose_name=_("item"))
    image = models.FileField(_("photo"), storage=private_storage, upload_to="repairs/photos/%Y/%m")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("taken by"))
    stage = models.CharField(_("stage"), max_length=20, default="intake")

    class Meta:
        ordering = ["taken_at", "pk"]
        verbose_name = _("item photo")
        verbose_name_plural = _("item photos")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.image.name}"


class RepairJob(models.Model):
    store_path = "item__order__store"

    item = models.ForeignKey(RepairItem, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("item"))
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+", verbose_name=_("service"))
    job_type = models.CharField(_("job type"), max_length=20, choices=JobType.choices)
    price_rule = models.CharField(_("price rule"), max_length=20, choices=PriceRule.choices)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    decision = models.JSONField(_("policy decision"), default=dict)
    outcome = models.CharField(_("policy outcome"), max_length=20)
    price = models.DecimalField(_("price (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=money_validators,
                                help_text=_("Empty while the price waits for the inspection."))
    refused = models.BooleanField(_("not done (refused)"), default=False)

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("repair job")
        verbose_name_plural = _("repair jobs")
        constraints = [models.CheckConstraint(condition=models.Q(price__gte=0) | models.Q(price__isnull=True), name="repair_job_price_not_negative")]

    def __str__(self) -> str:
        return self.get_job_type_display()

    @property
    def decision_text_current(self) -> str:
        from django.utils.translation import get_language

        return self.decision_text(get_language() or "zh-hans")

    def decision_text(self, language: str) -> str:
        key = "text_zh" if language.startswith("zh") else "text_en"
        alt = "alternative_zh" if language.startswith("zh") else "alternative_en"
        text = self.decision.get(key, "")
        if self.decision.get(alt) and self.decision[alt] not in text:  # the rule's sentence may already name it
            text = f"{text} {self.decision[alt]}"
        return text


class QuoteStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the customer")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    SUPERSEDED = "superseded", _("Replaced by a later revision")


class ApprovalMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person, signed on the tablet")
    PHONE = "phone", _("By phone")
    WITHIN_LIMIT = "within_limit", _("Within the do-not-exceed amount")


class Quote(models.Model):
    """One revision of the price offered; a new revision supersedes the old one, which is kept."""

    store_path = "order__store"

    order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("repair order"))
    revision = models.PositiveSmallIntegerField(_("revision"))
    labour = models.DecimalField(_("labour (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0"), validators=money_validators)
    parts = models.DecimalField(_("parts (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0"), validators=money_validators)
    metal_material = models.CharField(_("added metal"), max_length=20, choices=Material.choices, blank=True)
    metal_weight = models.DecimalField(_("added metal (g)"), max_digits=9, decimal_places=3, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))])
    metal_price_per_gram = models.DecimalField(_("metal price per gram (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    metal_amount = models.DecimalField(_("metal (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0"))
    discount = models.DecimalField(_("discount (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0"), validators=money_validators)
    total = models.DecimalField(_("total (yuan)"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=QuoteStatus.choices, default=QuoteStatus.PENDING)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by"))
    approval_method = models.CharField(_("approved how"), max_length=20, choices=ApprovalMethod.choices, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approval_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    phone_call_taken_by = models.CharField(_("call taken by"), max_length=60, blank=True)
    phone_spoke_with = models.CharField(_("spoke with"), max_length=60, blank=True)
    signature = models.FileField(_("signature"), storage=private_storage, upload_to="repairs/signatures/%Y/%m", blank=True)

    class Meta:
        ordering = ["order", "-revision"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.UniqueConstraint(fields=["order", "revision"], name="quote_revision_unique"),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="quote_total_not_negative"),
            models.CheckConstraint(condition=models.Q(labour__lte=MAX_AMOUNT, parts__lte=MAX_AMOUNT, discount__lte=MAX_AMOUNT,
                                                      metal_amount__lte=MAX_AMOUNT, total__lte=MAX_AMOUNT), name="quote_amounts_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.order.number} r{self.revision}"


class CustodyMove(models.Model):
    """A hand-over of an item: who handed it, who received it, where it is now."""

    store_path = "item__order__store"

    item = models.ForeignKey(RepairItem, on_delete=models.CASCADE, related_name="custody_moves", verbose_name=_("item"))
    from_location = models.CharField(_("from"), max_length=20, choices=Location.choices)
    to_location = models.CharField(_("to"), max_length=20, choices=Location.choices)
    handed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("handed over by"))
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by"))
    received_by_name = models.CharField(_("received by (outside)"), max_length=80, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("custody hand-over")
        verbose_name_plural = _("custody hand-overs")

    def __str__(self) -> str:
        return f"{self.from_location} → {self.to_location}"


class Pickup(models.Model):
    """The customer (or someone for them) took some or all items of an order."""

    store_path = "order__store"

    order = models.ForeignKey(RepairOrder, on_delete=models.PROTECT, related_name="pickups", verbose_name=_("repair order"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    handed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("handed over by"))
    receipt_presented = models.BooleanField(_("receipt presented"), default=True)
    phone_last4_checked = models.BooleanField(_("phone's last four digits checked"), default=False)
    by_owner = models.BooleanField(_("collected by the customer"), default=True)
    collector_name = models.CharField(_("collected by"), max_length=60, blank=True)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, blank=True)
    id_last_digits = models.CharField(_("ID last digits"), max_length=6, blank=True)
    note = models.TextField(_("note"), blank=True)
    signature = models.FileField(_("signature of the person collecting"), storage=private_storage, upload_to="repairs/signatures/%Y/%m", blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("pickup")
        verbose_name_plural = _("pickups")

    def __str__(self) -> str:
        return f"{self.order_id} {self.at:%Y-%m-%d} {self.collector_name}"


class PaymentKind(models.TextChoices):
    DEPOSIT = "deposit", _("Deposit")
    BALANCE = "balance", _("Balance")
    REFUND = "refund", _("Refund of an overpayment")


class Payment(models.Model):
    """Money taken at the desk: recorded here, processed by the till."""

    store_path = "order__store"

    order = models.ForeignKey(RepairOrder, on_delete=models.PROTECT, related_name="payments", verbose_name=_("repair order"))
    kind = models.CharField(_("kind"), max_length=20, choices=PaymentKind.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, validators=money_validators)
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by"))
    pickup = models.ForeignKey(Pickup, null=True, blank=True, on_delete=models.PROTECT, related_name="payments")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="repair_payment_positive"),
                       models.CheckConstraint(condition=models.Q(amount__lte=MAX_AMOUNT), name="repair_payment_bounded")]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.method}"


class PolicyCostMonth(models.Model):
    """Roll-up for "what the policy costs": free jobs and their catalogue price per store, month of
    intake and rule. Rebuilt for the months that new jobs touch (reports.policy_cost_refresh);
    a test proves it equals the live query."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    rule = models.CharField(max_length=60)
    jobs = models.PositiveIntegerField(default=0)
    amount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["store", "month", "rule"], name="policy_cost_month_unique")]

    def __str__(self) -> str:
        return f"{self.store_id} {self.month:%Y-%m} {self.rule}"


class RollupMark(models.Model):
    """How far a roll-up has read (the last job id folded in), so a refresh reads only what is new."""

    name = models.CharField(max_length=40, unique=True)
    last_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_id}"
