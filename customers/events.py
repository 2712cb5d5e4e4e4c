"""The customers app's events in words: files, consent, purchases, follow-up calls, imports."""

from django.utils.translation import gettext_lazy as _

from aftersales.audit import Value, register_kinds, register_values

from .models import (
    CallOutcome,
    ConsentKind,
    ConsentMethod,
    Customer,
    FollowUp,
    FollowUpReason,
    FollowUpStatus,
    Purchase,
    PurchaseImport,
    VipTier,
)


def register() -> None:
    consent = {ConsentKind.MARKETING: (_("Marketing consent given"), _("Marketing consent withdrawn")),
               ConsentKind.SERVICE: (_("Service messages allowed"), _("Service messages refused"))}
    register_kinds({
        "customer.created": _("Customer file opened"),
        "customer.updated": _("Customer file changed"),
        "customer.merged": _("Another file merged into this one"),
        "customer.merged_into": _("File merged into another"),
        **{f"consent.{kind}.given": labels[0] for kind, labels in consent.items()},
        **{f"consent.{kind}.withdrawn": labels[1] for kind, labels in consent.items()},
    }, subject=Customer)
    register_kinds({"purchase.created": _("Purchase recorded")}, subject=Purchase)
    register_kinds({
        "followup.created": _("Follow-up call planned"),
        "followup.called": _("Follow-up call made"),
        "followup.cancelled": _("Follow-up call cancelled"),
        "followup.escalated": _("Follow-up call overdue: escalated"),
    }, subject=FollowUp)
    register_kinds({
        "purchase_import.started": _("Purchase import started"),
        "purchase_import.finished": _("Purchase import finished"),
    }, subject=PurchaseImport)
    register_values({
        "tier": Value(_("tier"), "choice", VipTier),
        "demo": Value(_("demo data"), "bool"),
        "import": Value(_("import no."), "count"),
        "method": Value(_("how"), "choice", ConsentMethod),
        "survivor": Value(_("kept file"), "record", model="customers.customer"),
        "duplicate": Value(_("merged file"), "record", model="customers.customer"),
        "moved": Value(_("records moved"), "counts"),
        "left": Value(_("records left on the merged file"), "counts"),
        "filled": Value(_("filled in from the merged file"), "fields", model="customers.customer"),
    }, subject=Customer)
    register_values({"receipt": Value(_("receipt no.")), "customer": Value(_("customer"), "record", model="customers.customer")},
                    subject=Purchase)
    register_values({
        "customer": Value(_("customer"), "record", model="customers.customer"),
        "reason": Value(_("why"), "choice", FollowUpReason),
        "due": Value(_("due"), "date"),
        "source": Value(_("because of"), "source"),
        "status": Value(_("status"), "choice", FollowUpStatus),
        "attempts": Value(_("attempts"), "count"),
        "outcome": Value(_("outcome"), "choice", CallOutcome),
        "satisfaction": Value(_("satisfaction"), "count"),
    }, subject=FollowUp)
    register_values({
        "file": Value(_("file")), "encoding": Value(_("encoding")), "rows": Value(_("rows"), "count"),
        "added": Value(_("added"), "count"), "already_there": Value(_("already there"), "count"),
        "new_customers": Value(_("new customer files"), "count"), "rejected": Value(_("rejected"), "count"),
    }, subject=PurchaseImport)
