from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "aftersales.documents"
    label = "documents"
    verbose_name = _("Printed documents")

    def ready(self) -> None:
        from . import checks  # noqa: F401
