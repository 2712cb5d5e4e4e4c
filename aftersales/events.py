"""The core's own events in words (stores, documents, messages); apps describe theirs the same way."""

from django.utils.translation import gettext_lazy as _

from .audit import Value, register_kinds, register_values
from .models import Store


def register() -> None:
    from .documents.models import DocumentKind, PaperChoice
    from .notifications import kinds as message_kinds
    from .notifications.models import Message, MessageTemplate

    register_kinds({"store.updated": _("Store settings changed")}, subject=Store)
    register_values({"closed_weekdays": Value(_("closed every week on"), "weekdays")}, subject=Store)
    # The documents app names its kinds in its own ready(); these are the values they record.
    paper = {
        "receipt_paper": Value(_("receipt paper"), "choice", PaperChoice),
        "tag_width_mm": Value(_("tag width (mm)"), "count"),
        "tag_height_mm": Value(_("tag height (mm)"), "count"),
    }
    register_values({
        "document": Value(_("document"), "choice", DocumentKind),
        "copies": Value(_("copies"), "choice", {"customer": _("Customer copy"), "store": _("Store copy"),
                                                "customer,store": _("customer and store copies")}),
        "version": Value(_("version"), "count"),
        "sha256": Value(_("fingerprint")),
        "size": Value(_("size (bytes)"), "count"),
    }, kind="document.stored")
    register_values({"revoked": Value(_("links revoked"), "count")}, kind="document.status_link_revoked")
    register_values(paper, kind="document.print_settings")
    register_kinds({
        "notification.suppressed": _("Message not sent: no consent"),
        "notification.failed": _("Message failed"),
        "notification.retried": _("Message sent again"),
    }, subject=Message)
    register_kinds({
        "notification.template_created": _("Message wording written"),
        "notification.template_changed": _("Message wording changed"),
    }, subject=MessageTemplate)
    register_values({
        "kind": Value(_("message"), "choice", message_kinds.choices),
        "answer": Value(_("gateway's answer")),
        "attempts": Value(_("attempts"), "count"),
    }, subject=Message)
