"""The monthly report of a store: built once by the sweep on the 1st, or on demand; the PDF is a
stored document (documents machinery, SHA-256), a rebuild after late changes a new version."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.models import Store


class MonthlyReport(models.Model):
    store_path = "store"

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    month = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    document = models.ForeignKey("documents.StoredDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("PDF"))
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("built by"), help_text=_("Empty: built by the monthly schedule."))
    mailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-month", "store"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [models.UniqueConstraint(fields=["store", "month"], name="one_monthly_report_per_store")]

    def __str__(self) -> str:
        return f"{self.store.code} {self.month:%Y-%m}"
