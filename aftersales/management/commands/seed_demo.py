from django.core.management.base import BaseCommand
from django.db import transaction

from aftersales import demo


class Command(BaseCommand):
    help = "Load demo stores, staff and records (safe to run again: it adds nothing twice)."

    @transaction.atomic
    def handle(self, *args, **options):
        ctx = demo.seed()
        # Each app registered its loader in its AppConfig.ready(), in the order of the layers.
        for loader in demo.loaders():
            loader(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000/ as:"))
        for username, password, role, codes, _name in demo.USERS:
            self.stdout.write(f"  {username:<12} {password:<20} {role.label} ({', '.join(codes)})")
