import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from aftersales import demo

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
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000/ as:"))
        for username, password, role, codes, _name in demo.USERS:
            self.stdout.write(f"  {username:<12} {password:<20} {role.label} ({', '.join(codes)})")
