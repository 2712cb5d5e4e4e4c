"""After-sales cases: complaints, exchange and return requests, enquiries and suggestions.

Seeds 001 and 002: every case is acknowledged within 24 hours (a contact in which the customer
is told the process and when to expect an answer), handled in seven steps, resolved, and for a
justified complaint closed with a root cause and a corrective action that a manager verifies.
Due times (acknowledgement, resolution target, escalations) live on the case; beat's sweeps
(tickets/tasks.py) select what is due.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.concurrency import Versioned
from aftersales.models import Store


def private_storage() -> FileSystemStorage:
    """Attachments live outside MEDIA_URL: only a scoped view serves them."""
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "private", base_url=None)


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    EXCHANGE = "exchange", _("Exchange request")
    RETURN = "return", _("Return request")
    ENQUIRY = "enquiry", _("Enquiry")
    SUGGESTION = "suggestion", _("Suggestion")


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("Phone hotline")
    IN_STORE = "in_store", _("In store")
    ONLINE = "online", _("WeChat / online")
    EMAIL = "email", _("E-mail")
    REVIEW_SITE = "review_site", _("Review site")
    REGULATOR = "regulator", _("Forwarded by the market regulator (12315)")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    CRITICAL = "critical", _("Critical (media or regulator threatened)")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_APPROVAL = "awaiting_approval", _("Resolution awaiting approval")
    RESOLVED = "resolved", _("Resolved")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = [Status.RECEIVED, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.AWAITING_APPROVAL, Status.REOPENED]
UNRESOLVED = OPEN_STATUSES  # the resolution target applies until the case is resolved


class CaseCategory(models.Model):
    """The chain's list of what cases are about (seed 001: quality, attitude, response, fees…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    is_active = models.BooleanField(_("active"), default=True)
    sort = models.PositiveSmallIntegerField(_("order in lists"), default=100)

    class Meta:
        ordering = ["sort", "name"]
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")

    def __str__(self) -> str:
        return self.name


class RootCause(models.Model):
    """The chain's list of root causes a justified complaint is closed with (seed 002, step 7)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    is_active = models.BooleanField(_("active"), default=True)
    sort = models.PositiveSmallIntegerField(_("order in lists"), default=100)

    class Meta:
        ordering = ["sort", "name"]
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")

    def __str__(self) -> str:
        return self.name


class CaseSettings(Versioned):
    """The chain's numbers for cases: one row (pk 1), edited by chain managers."""

    ack_hours = models.PositiveSmallIntegerField(
        _("acknowledge within (hours)"), default=24, validators=[MinValueValidator(1), MaxValueValidator(168)])
    ack_reminder_hours = models.PositiveSmallIntegerField(
        _("remind the assignee this many hours before the acknowledgement is due"), default=4, validators=[MaxValueValidator(48)])
    target_normal_hours = models.PositiveSmallIntegerField(
        _("resolve a normal case within (hours)"), default=72, validators=[MinValueValidator(1), MaxValueValidator(2000)])
    target_urgent_hours = models.PositiveSmallIntegerField(
        _("resolve an urgent case within (hours)"), default=24, validators=[MinValueValidator(1), MaxValueValidator(2000)])
    target_critical_hours = models.PositiveSmallIntegerField(
        _("resolve a critical case within (hours)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(2000)])
    regulator_working_days = models.PositiveSmallIntegerField(
        _("reply to the regulator within (working days)"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)])
    store_limit = models.DecimalField(
        _("compensation a store manager must approve above (yuan)"), max_digits=12, decimal_places=2, default=Decimal("200.00"),
        validators=[MinValueValidator(Decimal("0"))])
    chain_limit = models.DecimalField(
        _("compensation a chain manager must approve above (yuan)"), max_digits=12, decimal_places=2, default=Decimal("1000.00"),
        validators=[MinValueValidator(Decimal("0"))])
    verify_after_days = models.PositiveSmallIntegerField(
        _("verify a corrective action this many days after it is done"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)])
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("case settings")
        verbose_name_plural = _("case settings")
        constraints = [models.CheckConstraint(condition=Q(chain_limit__gte=models.F("store_limit")), name="case_chain_limit_above_store")]

    def __str__(self) -> str:
        return str(_("Case settings"))

    def target_hours(self, urgency: str) -> int:
        return {Urgency.URGENT: self.target_urgent_hours, Urgency.CRITICAL: self.target_critical_hours}.get(urgency, self.target_normal_hours)


class OfficialDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday (no work)")
    WORKDAY = "workday", _("Make-up working day (调休)")


class OfficialYear(models.Model):
    """A year whose official holiday schedule a manager typed in (the package did not know it yet)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by"))
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("e.g. 国务院办公厅关于2027年部分节假日安排的通知"))

    class Meta:
        ordering = ["year"]
        verbose_name = _("official calendar year")
        verbose_name_plural = _("official calendar years")

    def __str__(self) -> str:
        return str(self.year)


class OfficialDay(models.Model):
    """One day of an added year that differs from Monday–Friday: a holiday or a 调休 working day."""

    year = models.ForeignKey(OfficialYear, on_delete=models.CASCADE, related_name="days", verbose_name=_("year"))
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=OfficialDayKind.choices)
    name = models.CharField(_("holiday"), max_length=40, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("official day")
        verbose_name_plural = _("official days")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class Case(Versioned):
    store_path = "store"

    number = models.CharField(_("case number"), max_length=30, unique=True)
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="cases", verbose_name=_("store"))
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="cases", verbose_name=_("customer"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COMPLAINT)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    category = models.ForeignKey(CaseCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("category"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("handled by"))
    description = models.TextField(_("what happened"))
    customer_wants = models.TextField(_("what the customer wants"), blank=True)
    contact_phone = models.CharField(_("phone to call back"), max_length=20, blank=True)
    # Attitude complaints name a colleague: managers only see this field.
    staff_concerned = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("staff member concerned"))
    purchase = models.ForeignKey("customers.Purchase", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases", verbose_name=_("purchase"))
    # 12315: the regulator's number and its reply deadline, counted in official working days.
    regulator_number = models.CharField(_("regulator's case number"), max_length=40, blank=True)
    regulator_reply_due = models.DateField(_("reply to the regulator by"), null=True, blank=True)
    # The 24-hour promise and the resolution target (chain settings per urgency).
    ack_due_at = models.DateTimeField(_("acknowledge by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    expected_by = models.DateField(_("answer expected by"), null=True, blank=True, help_text=_("What the customer was told."))
    resolution_due_at = models.DateTimeField(_("resolve by"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Escalation due times (swept by beat); emptied once the step is done or no longer needed.
    ack_reminder_at = models.DateTimeField(_("reminder to the assignee due"), null=True, blank=True)
    ack_escalate_at = models.DateTimeField(_("escalation to the store manager due"), null=True, blank=True)
    resolution_escalate_at = models.DateTimeField(_("escalation to the chain managers due"), null=True, blank=True)
    ack_escalated_at = models.DateTimeField(_("escalated to the store manager"), null=True, blank=True)
    resolution_escalated_at = models.DateTimeField(_("escalated to the chain managers"), null=True, blank=True)
    # Closing: a justified complaint needs a root cause (and a corrective action).
    justified = models.BooleanField(_("complaint justified"), null=True, blank=True)
    root_cause = models.ForeignKey(RootCause, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("root cause"))
    closing_note = models.TextField(_("closing note"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["store", "-received_at", "-id"], name="case_store_recv_idx"),
            models.Index(fields=["store", "status", "-received_at", "-id"], name="case_store_status_idx"),
            models.Index(fields=["store", "category", "-received_at", "-id"], name="case_store_category_idx"),
            # The complaint report reads a store's period from this index alone (PostgreSQL: index-only scans).
            models.Index(fields=["store", "kind", "received_at"], name="case_report_idx",
                         include=["id", "category", "channel", "urgency", "status", "acknowledged_at", "ack_due_at", "resolved_at",
                                  "resolution_due_at", "root_cause", "justified", "reopen_count", "customer", "staff_concerned"]),
            models.Index(fields=["assignee", "status"], name="case_assignee_idx"),
            # "Mine" and "open" read these in order, a page at a time.
            models.Index(fields=["assignee", "-received_at", "-id"], name="case_mine_open_idx",
                         condition=Q(status__in=["received", "acknowledged", "in_progress", "awaiting_approval", "reopened"])),
            models.Index(fields=["store", "-received_at", "-id"], name="case_store_open_idx",
                         condition=Q(status__in=["received", "acknowledged", "in_progress", "awaiting_approval", "reopened"])),
            models.Index(fields=["store", "ack_due_at", "id"], name="case_to_ack_idx", condition=Q(status="received")),
            models.Index(fields=["store", "resolution_due_at", "id"], name="case_open_due_idx",
                         condition=Q(status__in=["received", "acknowledged", "in_progress", "awaiting_approval", "reopened"])),
            # What the escalation sweeps read.
            models.Index(fields=["ack_reminder_at", "id"], name="case_ack_reminder_due_idx", condition=Q(ack_reminder_at__isnull=False)),
            models.Index(fields=["ack_escalate_at", "id"], name="case_ack_escalate_due_idx", condition=Q(ack_escalate_at__isnull=False)),
            models.Index(fields=["resolution_escalate_at", "id"], name="case_res_escalate_due_idx", condition=Q(resolution_escalate_at__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ack_due_at__gt=models.F("received_at")), name="case_ack_due_after_receipt"),
            models.CheckConstraint(condition=Q(regulator_reply_due__isnull=True) | ~Q(regulator_number=""), name="case_regulator_due_needs_number"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("tickets:detail", kwargs={"number": self.number})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def ack_overdue(self, now) -> bool:
        return self.status == Status.RECEIVED and now > self.ack_due_at

    def resolution_overdue(self, now) -> bool:
        return self.status in UNRESOLVED and now > self.resolution_due_at


class CaseLink(models.Model):
    """A document the case concerns (repair order, trade-in…), found through aftersales.links.

    Stored by type and id with its number as it was, so the case never imports the other app.
    """

    store_path = "case__store"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links", verbose_name=_("case"))
    doc_type = models.CharField(_("document type"), max_length=60)
    doc_id = models.BigIntegerField()
    number = models.CharField(_("number"), max_length=40)
    opened_from_case = models.BooleanField(_("opened from this case"), default=False)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by"))

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("linked document")
        verbose_name_plural = _("linked documents")
        constraints = [models.UniqueConstraint(fields=["case", "doc_type", "doc_id"], name="case_link_once")]
        indexes = [models.Index(fields=["doc_type", "doc_id"], name="case_link_doc_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.number}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document (PDF)")


class CaseAttachment(models.Model):
    store_path = "case__store"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to="tickets/%Y/%m")
    original_name = models.CharField(_("file name"), max_length=120, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by"))

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name or self.file.name


class Step(models.TextChoices):
    """Seed 002's seven steps of handling a complaint."""

    LISTEN = "listen", _("Listen")
    TALK = "talk", _("Talk")
    ANALYSE = "analyse", _("Analyse")
    APOLOGISE = "apologise", _("Apologise")
    EXPLAIN = "explain", _("Explain")
    RESOLVE = "resolve", _("Resolve")
    IMPROVE = "improve", _("Improve")


class CaseStep(models.Model):
    store_path = "case__store"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps", verbose_name=_("case"))
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    done_at = models.DateTimeField(_("when"))
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("who"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["done_at", "pk"]
        verbose_name = _("step done")
        verbose_name_plural = _("steps done")
        constraints = [models.UniqueConstraint(fields=["case", "step"], name="case_step_once")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.step}"


class ContactMethod(models.TextChoices):
    CALL = "call", _("Phone call")
    VISIT = "visit", _("Visit in store")
    MESSAGE = "message", _("Message (WeChat / SMS)")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter / regulator reply")


class CaseContact(models.Model):
    """A contact with the customer: what they were told. Internal notes are CaseNote, apart."""

    store_path = "case__store"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("case"))
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("who"))
    method = models.CharField(_("how"), max_length=10, choices=ContactMethod.choices)
    told = models.TextField(_("what the customer was told"))
    customer_said = models.TextField(_("what the customer said"), blank=True)
    is_acknowledgement = models.BooleanField(_("acknowledgement (process and expected date explained)"), default=False)
    expected_by = models.DateField(_("answer promised by"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("contact with the customer")
        verbose_name_plural = _("contacts with the customer")

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%Y-%m-%d %H:%M}"


class CaseNote(models.Model):
    """An internal note: never shown or printed for the customer."""

    store_path = "case__store"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("who"))
    text = models.TextField(_("internal note"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%Y-%m-%d %H:%M}"


class ResolutionKind(models.TextChoices):
    EXPLANATION = "explanation", _("Explanation only")
    REPAIR = "repair", _("Repair")
    EXCHANGE = "exchange", _("Exchange")
    RETURN = "return", _("Return")
    COMPENSATION = "compensation", _("Compensation")
    VOUCHER = "voucher", _("Voucher")


class ResolutionStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused by the approver")


class Approval(models.TextChoices):
    NONE = "", _("No approval needed")
    MANAGER = "manager", _("Store manager")
    CHAIN = "chain", _("Chain manager")


class RefundMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    CARD = "card", _("Bank card")
    WECHAT = "wechat", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")
    VOUCHER = "voucher", _("Store voucher")
    OTHER = "other", _("Other")


MAX_AMOUNT = Decimal("100000.00")


class Resolution(models.Model):
    """What was done for the customer. Exchange and return carry the policy's decision as stored."""

    store_path = "case__store"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("case"))
    kind = models.CharField(_("resolution"), max_length=14, choices=ResolutionKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=ResolutionStatus.choices, default=ResolutionStatus.APPROVED)
    explanation = models.TextField(_("explanation given"), blank=True)
    # Exchange / return: the policy engine's decision, a snapshot (later rule changes never rewrite it).
    policy_decision = models.JSONField(_("policy decision"), default=dict, blank=True)
    policy_outcome = models.CharField(_("policy outcome"), max_length=20, blank=True)
    policy_sentence = models.TextField(_("policy's sentence"), blank=True)
    override = models.BooleanField(_("manager's goodwill override"), default=False)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    # Repair: free under the policy, or goodwill approved by a manager.
    goodwill = models.BooleanField(_("goodwill (manager approved)"), default=False)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT)])
    approval_needed = models.CharField(_("approval needed from"), max_length=10, choices=Approval.choices, blank=True, default="")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    refund_amount = models.DecimalField(_("refund (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True,
                                        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT)])
    refund_method = models.CharField(_("refunded by"), max_length=10, choices=RefundMethod.choices, blank=True)
    created_at = models.DateTimeField(_("recorded at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gt=0, amount__lte=MAX_AMOUNT), name="resolution_amount_range"),
            models.CheckConstraint(condition=Q(refund_amount__isnull=True) | Q(refund_amount__gt=0, refund_amount__lte=MAX_AMOUNT),
                                   name="resolution_refund_range"),
            models.CheckConstraint(condition=Q(override=False) | ~Q(override_reason=""), name="resolution_override_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done, awaiting verification")
    VERIFIED = "verified", _("Verified: it worked")
    NOT_EFFECTIVE = "not_effective", _("Verified: it did not work")


class CorrectiveAction(Versioned):
    """Step 7 (improve): what will be done, by whom, by when; verified by a manager later."""

    store_path = "case__store"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions", verbose_name=_("case"))
    what = models.TextField(_("what will be done"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who"))
    due_date = models.DateField(_("by when"))
    status = models.CharField(_("status"), max_length=14, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("done by"))
    done_note = models.TextField(_("what was done"), blank=True)
    verify_on = models.DateField(_("verify on"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("verified by"))
    verification_note = models.TextField(_("did it work?"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by"))

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        indexes = [models.Index(fields=["status", "due_date"], name="action_status_due_idx")]

    def __str__(self) -> str:
        return self.what[:60]


class Rating(models.Model):
    """The customer's 1–5 rating from the public page: one per case (the constraint is the proof)."""

    store_path = "case__store"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="rating", verbose_name=_("case"))
    score = models.PositiveSmallIntegerField(_("rating (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("rated at"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="rating_score_1_5")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.score}"


class RatingLink(models.Model):
    """The unguessable key in the rating SMS; revoking it makes the link a 404."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rating_links")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rating link")
        verbose_name_plural = _("rating links")
        constraints = [models.UniqueConstraint(fields=["case"], condition=Q(revoked_at__isnull=True), name="one_live_rating_link")]

    def __str__(self) -> str:
        return f"{self.case_id}"


class AlertKind(models.TextChoices):
    ACK_REMINDER = "ack_reminder", _("Acknowledgement due soon")
    ACK_OVERDUE = "ack_overdue", _("Acknowledgement overdue")
    RESOLUTION_OVERDUE = "resolution_overdue", _("Resolution target passed")
    REOPENED = "reopened", _("Case reopened after a low rating")


class StaffAlert(models.Model):
    """A message to a staff member in the desk (their queue). `dedupe_key` unique: sent once."""

    store_path = "store"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_alerts", verbose_name=_("to"))
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    dedupe_key = models.CharField(max_length=120)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("staff alert")
        verbose_name_plural = _("staff alerts")
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], name="staff_alert_once")]
        indexes = [models.Index(fields=["user", "read_at"], name="staff_alert_unread_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.case_id}"
