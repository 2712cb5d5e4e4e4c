import importlib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from aftersales import demo
from aftersales.models import Role

# Order matters: later apps use what earlier ones made.
APP_SEEDERS = [
    "aftersales.policy.demo",
    "customers.demo",
    "tradein.demo",
    "repairs.demo",
    "tickets.demo",
    "aftersales.notifications.demo",
]


class Command(BaseCommand):
    help = "Load demo stores, staff and records (safe to run again: it adds nothing twice)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="", help="The address the desk is served on (make run passes it); "
                                                       "default PUBLIC_BASE_URL, else http://127.0.0.1:8000/.")

    @transaction.atomic
    def handle(self, *args, **options):
        ctx = demo.seed()
        for module_name in APP_SEEDERS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            module.seed(ctx)
        url = (options["url"] or settings.PUBLIC_BASE_URL or "http://127.0.0.1:8000").rstrip("/") + "/"
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Log in at {url} as:"))
        for username, password, role, codes, _name in demo.USERS:
            where = "all stores" if role == Role.CHAIN_MANAGER else ", ".join(codes)
            self.stdout.write(f"  {username:<12} {password:<20} {role.label} ({where})")
