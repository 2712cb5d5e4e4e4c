"""Event kinds of the cases, in words for the history panel (aftersales.audit.register_kinds).

Every kind says which model its events are about; every value a case event records that is not a
field of that model (or that needs another wording) is described with its label and what it is.
"""

from django.utils.translation import gettext_lazy as _

from aftersales import audit, links
from aftersales.audit import Value
from aftersales.policy.decision import Outcome

from .models import (
    Approval,
    AttachmentKind,
    Case,
    CaseCategory,
    CaseSettings,
    ContactMethod,
    Kind,
    OfficialYear,
    RefundMethod,
    ResolutionKind,
    RootCause,
    Step,
)

USER = "aftersales.user"

LABELS = {
    "case.created": _("Case recorded"),
    "case.updated": _("Case changed"),
    "case.assigned": _("Case assigned"),
    "case.contact_added": _("Contact with the customer recorded"),
    "case.note_added": _("Internal note added"),
    "case.step_done": _("Step of the seven done"),
    "case.linked": _("Document linked"),
    "case.unlinked": _("Document link removed"),
    "case.attachment_added": _("Attachment added"),
    "case.acknowledged": _("Case acknowledged"),
    "case.in_progress": _("Case in progress"),
    "case.awaiting_approval": _("Resolution sent for approval"),
    "case.resolved": _("Case resolved"),
    "case.reopened": _("Case reopened"),
    "case.closed": _("Case closed"),
    "case.cancelled": _("Case cancelled"),
    "case.resolution_proposed": _("Resolution proposed"),
    "case.resolution_recorded": _("Resolution recorded"),
    "case.resolution_approved": _("Resolution approved"),
    "case.resolution_refused": _("Resolution refused"),
    "case.action_created": _("Corrective action recorded"),
    "case.action_done": _("Corrective action done"),
    "case.action_verified": _("Corrective action verified"),
    "case.rated": _("Customer's rating received"),
    "case.rating_link_revoked": _("Rating link revoked"),
    "case.ack_reminder": _("Reminder: acknowledgement due soon"),
    "case.ack_overdue": _("Escalated: not acknowledged in time"),
    "case.resolution_overdue": _("Escalated: resolution target passed"),
}
# The chain's setup has its own prefix: "case.<status>" (workflow.move) must not match it.
SETUP = {
    CaseSettings: {"case_setup.settings_changed": _("Case settings changed")},
    CaseCategory: {"case_setup.categories_saved": _("Case category saved")},
    RootCause: {"case_setup.root_causes_saved": _("Root cause saved")},
    OfficialYear: {"case_setup.calendar_added": _("Official calendar year added")},
}


def _category_names() -> dict:
    """case.created records the category by its code: shown by its name."""
    return dict(CaseCategory.objects.values_list("code", "name"))


def _document_types() -> dict:
    return {doc.doc_type: doc.label for doc in links.linkables()}


audit.register_kinds(LABELS, subject=Case)
for model, labels in SETUP.items():
    audit.register_kinds(labels, subject=model)

RESOLUTION = {
    "resolution": Value(_("resolution"), "choice", ResolutionKind),
    "amount": Value(_("amount"), "money"),
    "refund": Value(_("refund"), "money"),
    "refund_method": Value(_("refunded by"), "choice", RefundMethod),
    "policy_outcome": Value(_("policy outcome"), "choice", Outcome),
    "policy_rule": Value(_("policy rule")),
    "override": Value(_("manager's goodwill override"), "bool"),
    "override_reason": Value(_("reason for the override")),
    "goodwill": Value(_("goodwill (manager approved)"), "bool"),
    "approval": Value(_("approval needed from"), "choice", Approval),
}
audit.register_values({
    **RESOLUTION,
    "method": Value(_("how"), "choice", ContactMethod),
    "at": Value(_("when"), "date"),
    "note": Value(_("note no."), "count"),
    "step": Value(_("step"), "choice", Step),
    "document": Value(_("document")),
    "type": Value(_("document type"), "choice", _document_types),
    "opened_from_case": Value(_("opened from the case"), "bool"),
    "attachment": Value(_("attachment no."), "count"),
    "action": Value(_("corrective action no."), "count"),
    "what": Value(_("what is to be done")),
    "owner": Value(_("person responsible"), "record", model=USER),
    "due": Value(_("to be done by"), "date"),
    "verify_on": Value(_("verify on"), "date"),
    "effective": Value(_("it worked"), "bool"),
    "score": Value(_("score (1 to 5)"), "count"),
    "revoked": Value(_("links revoked"), "count"),
    "alerted": Value(_("alerted"), "record", model=USER),
    # The case's own kind and category, named apart from a jewelry item's category (品类).
    "kind": Value(_("case type"), "choice", Kind),
    "category": Value(_("case category"), "record", model="tickets.casecategory"),
}, subject=Case)
# Two case events record a value under the name of a case field that means something else there.
audit.register_values({"category": Value(_("case category"), "choice", _category_names)}, kind="case.created")
audit.register_values({"kind": Value(_("kind"), "choice", AttachmentKind)}, kind="case.attachment_added")
audit.register_values({
    "holidays": Value(_("public holidays"), "count"),
    "workdays": Value(_("make-up working days"), "count"),
}, subject=OfficialYear)
