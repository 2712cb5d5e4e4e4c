from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "aftersales.documents"
    label = "documents"
    verbose_name = _("Printed documents")

    def ready(self) -> None:
        from django.core.files.storage import default_storage

        from aftersales import audit, files

        from . import checks  # noqa: F401
        from .models import StoredDocument

        files.register_place(
            "documents.pdfs", storage=default_storage, prefix="documents",
            referenced=lambda names: set(StoredDocument.objects.filter(file__in=names).values_list("file", flat=True)),
        )

        audit.register_kinds({
            "document.stored": _("Document printed and stored"),
            "document.status_link_revoked": _("Status link revoked"),
            "document.print_settings": _("Print settings changed"),
        })
