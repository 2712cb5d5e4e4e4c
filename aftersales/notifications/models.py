"""The outbox of messages to customers, their editable wording, and the sweeps' bookkeeping."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.concurrency import Versioned
from aftersales.models import Store

from . import kinds


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    QUIET = "quiet", _("Waiting for quiet hours to end")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SUPPRESSED = "suppressed", _("Not sent: no marketing consent")


# The states a sweep or a send task still acts on; the others are final.
OPEN = (Status.QUEUED, Status.QUIET, Status.FAILED)


class Message(models.Model):
    """One logical message to one recipient. `dedupe_key` is unique: the proof it is sent once.

    The recipient (a customer) is a generic reference resolved through recipients.py: the core
    holds no foreign key into the apps above it. Its name and masked label are kept as sent.
    """

    store_path = "store"

    recipient_type = models.CharField(_("recipient type"), max_length=60)
    recipient_id = models.BigIntegerField(_("recipient"))
    recipient_name = models.CharField(_("recipient's name"), max_length=60, blank=True)
    recipient_label = models.CharField(_("recipient"), max_length=120, blank=True)
    # An e-mail's attachment: a stored document's name in the default storage, read when it is sent.
    attachment = models.CharField(_("attachment"), max_length=255, blank=True, default="", db_default="")
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    kind = models.CharField(_("kind"), max_length=40)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.SMS)
    to_address = models.CharField(_("to"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    # When a sweep should next act on it (a waiting or failed message); empty once final.
    due_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("send attempts"), default=0)
    last_answer = models.TextField(_("last gateway answer"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200)
    # What the message is about (a repair order, a case…), like aftersales.models.Event.
    subject_type = models.CharField(max_length=60, blank=True)
    subject_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], name="message_sent_once")]
        indexes = [
            # What the sweeps read: open messages by due time (sent ones leave this small index).
            models.Index(fields=["due_at", "id"], condition=models.Q(status__in=["queued", "quiet", "failed"]), name="message_due_idx"),
            models.Index(fields=["recipient_type", "recipient_id", "created_at"], name="message_recipient_idx"),
            models.Index(fields=["store", "status", "created_at"], name="message_store_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="message_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} → {self.to_address or '?'} ({self.get_status_display()})"

    @property
    def kind_label(self) -> str:
        return kinds.label(self.kind)

    @property
    def marketing(self) -> bool:
        try:
            return kinds.get(self.kind).marketing
        except kinds.UnknownKind:
            return False

    @property
    def masked_address(self) -> str:
        """138****5678 or w***@example.com: the staff's lists do not show whole addresses."""
        address = self.to_address or ""
        if "@" in address:
            local, _at, domain = address.partition("@")
            return f"{local[:1]}***@{domain}"
        digits = address.removeprefix("+86")
        if len(digits) == 11:
            return f"{digits[:3]}****{digits[-4:]}"
        return f"****{digits[-4:]}" if digits else ""

    @property
    def recipient_link(self) -> str:
        from . import recipients

        return recipients.link(self.recipient_type, self.recipient_id)

    @property
    def gave_up(self) -> bool:
        return self.status == Status.FAILED and self.due_at is None


class MessageTemplate(Versioned):
    """A chain manager's wording for one kind in one language (else the default in kinds.py)."""

    kind = models.CharField(_("kind"), max_length=40)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("changed by")
    )

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [models.UniqueConstraint(fields=["kind", "language"], name="one_template_per_kind_language")]

    def __str__(self) -> str:
        return f"{kinds.label(self.kind)} ({self.language})"


class SweepRun(models.Model):
    """One run of a periodic sweep: shown to managers as the state of the background work."""

    name = models.CharField(_("sweep"), max_length=80)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    batches = models.PositiveIntegerField(_("batches"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    error_text = models.TextField(_("error"), blank=True)
    worker = models.CharField(_("worker"), max_length=120, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("sweep run")
        verbose_name_plural = _("sweep runs")
        indexes = [models.Index(fields=["name", "-started_at"], name="sweeprun_name_idx")]

    def __str__(self) -> str:
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M}"


class StoredSend(models.Model):
    """What the `db` SMS gateway hands over: one row per send, at most one per message.

    For training stores and tests: the unique constraint turns a second send into an error,
    so "each message is sent once" is checked by the database, not by hope.
    """

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+")
    to_address = models.CharField(max_length=254)
    body = models.TextField()
    worker = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message"], name="stored_send_once")]

    def __str__(self) -> str:
        return f"#{self.message_id} → {self.to_address}"
