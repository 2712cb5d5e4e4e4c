"""Stored copies of printed documents, and the links behind the status QR code."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.concurrency import Versioned
from aftersales.models import Store


class DocumentKind(models.TextChoices):
    RECEIPT = "receipt", _("Repair receipt")
    TAG = "tag", _("Item tag")
    PICKUP_SLIP = "pickup_slip", _("Pickup slip")
    MONTHLY_REPORT = "monthly_report", _("Monthly report")


class StoredDocumentQuerySet(models.QuerySet):
    def for_subject(self, subject: models.Model):
        return self.filter(subject_type=subject._meta.label_lower, subject_id=subject.pk)


class StoredDocument(models.Model):
    """The PDF exactly as printed: never changed; a changed order gets version n + 1."""

    store_path = "store"

    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    subject_type = models.CharField(max_length=60)
    subject_id = models.BigIntegerField()
    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    # Which copies the file holds ("customer", "customer,store"...): each set is its own series of
    # versions, so printing two copies of an unchanged order is not a "reprint after a change".
    copies = models.CharField(_("copies"), max_length=40, blank=True, default="")
    version = models.PositiveIntegerField(_("version"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    fingerprint = models.CharField(_("input fingerprint"), max_length=64, help_text=_("SHA-256 of the data the document was rendered from."))
    file = models.CharField(_("file"), max_length=255, help_text=_("Name in the file storage."))
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    objects = StoredDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["subject_type", "subject_id", "kind", "version"]
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        constraints = [
            # Subject first: the same index finds a subject's every document (its history panel, on
            # every order page) and the latest version of one (every print click).
            models.UniqueConstraint(fields=["subject_type", "subject_id", "kind", "copies", "version"], name="one_document_version_per_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject_type}#{self.subject_id} v{self.version}"

    def get_kind_display(self) -> str:
        """The kind's label: the choices above, or the label another app registered."""
        if self.kind in DocumentKind.values:
            return str(DocumentKind(self.kind).label)
        from .registry import document_type

        spec = document_type(self.kind)
        return str(spec.label) if spec else self.kind

    def _open_written(self, tries: int = 20) -> bytes:
        """The file is written once its row commits (aftersales/files.py): a reader that found the
        row a moment before the write (waiting on the render lock) waits for it, up to a second."""
        import time

        for attempt in range(tries):
            try:
                with default_storage.open(self.file, "rb") as fh:
                    return fh.read()
            except FileNotFoundError:
                if attempt == tries - 1:
                    raise
                time.sleep(0.05)
        raise AssertionError("unreachable")

    def read(self) -> bytes:
        """The stored bytes, checked against the recorded SHA-256."""
        import hashlib

        from .services import StoredDocumentDamaged

        cached = getattr(self, "_content", None)
        if cached is not None:
            return cached
        content = self._open_written()
        if hashlib.sha256(content).hexdigest() != self.sha256:
            raise StoredDocumentDamaged(self)
        self._content = content
        return content

    @property
    def filename(self) -> str:
        suffix = "-" + self.copies.replace(",", "-") if "," in self.copies else ""
        return f"{self.kind}-{self.subject_id}{suffix}-v{self.version}.pdf"

    @property
    def copies_label(self) -> str:
        keys = [c for c in self.copies.split(",") if c]
        if len(keys) > 1:
            return str(_("customer and store copies"))
        if keys == ["store"]:
            return str(_("Store copy"))
        if keys == ["customer"]:
            return str(_("Customer copy"))
        return ""


class StatusToken(models.Model):
    """The unguessable key in a status QR code; revoking it makes the printed link a 404."""

    subject_type = models.CharField(max_length=60)
    subject_id = models.BigIntegerField()
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("status link")
        verbose_name_plural = _("status links")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"], condition=Q(revoked_at__isnull=True), name="one_live_status_token"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_type}#{self.subject_id}"


class PaperChoice(models.TextChoices):
    A5 = "a5", _("A5 sheet")
    ROLL80 = "roll80", _("80 mm thermal roll")


class PrintSettings(Versioned):
    """A store's printers: the receipt paper and the item tag's label size."""

    store_path = "store"

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="print_settings", verbose_name=_("store"))
    receipt_paper = models.CharField(_("receipt paper"), max_length=10, choices=PaperChoice.choices, default=PaperChoice.A5)
    tag_width_mm = models.PositiveSmallIntegerField(
        _("tag width (mm)"), default=60, validators=[MinValueValidator(20), MaxValueValidator(150)]
    )
    tag_height_mm = models.PositiveSmallIntegerField(
        _("tag height (mm)"), default=40, validators=[MinValueValidator(15), MaxValueValidator(150)]
    )

    class Meta:
        verbose_name = _("print settings")
        verbose_name_plural = _("print settings")

    def __str__(self) -> str:
        return f"{self.store_id}: {self.receipt_paper} {self.tag_width_mm}×{self.tag_height_mm}"
