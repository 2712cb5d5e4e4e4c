from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "aftersales.documents"
    label = "documents"
    verbose_name = _("Printed documents")

    def ready(self) -> None:
        from aftersales import audit

        from . import checks  # noqa: F401

        audit.register_kinds({
            "document.stored": _("Document printed and stored"),
            "document.status_link_revoked": _("Status link revoked"),
            "document.print_settings": _("Print settings changed"),
        })
