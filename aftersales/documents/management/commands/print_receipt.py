from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aftersales.documents import registry
from aftersales.documents.services import document_get_or_render


class Command(BaseCommand):
    help = "Write the repair receipt of an order to a PDF file (the stored copy when the order is unchanged)."

    def add_arguments(self, parser):
        parser.add_argument("number", help="order number, e.g. HX-R2611-00042")
        parser.add_argument("-o", "--output", required=True, help="PDF file to write")

    def handle(self, *args, number, output, **options):
        builder = registry.receipt_builder()
        if builder is None:
            raise CommandError(
                "no receipt builder registered: the repairs app registers one with "
                "aftersales.documents.registry.register_receipt_builder()"
            )
        try:
            subject, data = builder(number)
        except LookupError as exc:
            raise CommandError(f"no order {number!r}: {exc}")
        document = document_get_or_render(kind="receipt", subject=subject, data=data, actor=None)
        Path(output).write_bytes(document.read())
        self.stdout.write(f"{output}: receipt {number} version {document.version}, sha256 {document.sha256}")
