from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from aftersales import demo
from aftersales.models import Role


class Command(BaseCommand):
    help = "Load demo stores, staff and records (safe to run again: it adds nothing twice)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="", help="The address the desk is served on (make run passes it); "
                                                       "default PUBLIC_BASE_URL, else http://127.0.0.1:8000/.")

    @transaction.atomic
    def handle(self, *args, **options):
        ctx = demo.seed()
        # Each app registered its loader in its AppConfig.ready(), in the order of the layers.
        for loader in demo.loaders():
            loader(ctx)
        url = (options["url"] or settings.PUBLIC_BASE_URL or "http://127.0.0.1:8000").rstrip("/") + "/"
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Log in at {url} as:"))
        for username, password, role, codes, _name in demo.USERS:
            where = "all stores" if role == Role.CHAIN_MANAGER else ", ".join(codes)
            self.stdout.write(f"  {username:<12} {password:<20} {role.label} ({where})")
