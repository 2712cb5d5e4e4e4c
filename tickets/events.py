"""Event kinds of the cases, in words for the history panel (aftersales.audit.register_kinds)."""

from django.utils.translation import gettext_lazy as _

from aftersales import audit

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
    "case.settings_changed": _("Case settings changed"),
    "case.categories_saved": _("Case category saved"),
    "case.root_causes_saved": _("Root cause saved"),
    "case.calendar_added": _("Official calendar year added"),
}

audit.register_kinds(LABELS)
