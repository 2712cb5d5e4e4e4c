"""Follow-up sweeps (beat runs them through notifications.run_sweep; see settings)."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from aftersales.notifications import sweeps

from . import followup_sweeps as fs

sweeps.sweep(name="customers.birthday_followups", label=_("Birthday greetings and calls"), due=fs.birthdays_due)(fs.greet_birthdays)
sweeps.sweep(name="customers.cleaning_invitations", label=_("Cleaning invitations after a purchase"),
             due=fs.purchases_due)(fs.invite_purchases)
sweeps.sweep(name="customers.escalate_overdue_followups", label=_("Overdue follow-up calls to the manager"),
             due=fs.overdue_due)(fs.escalate)


@shared_task(name="customers.import_purchases")
def import_purchases(*, import_id: int) -> None:
    """Import a kept till file; safe to deliver twice (it carries on from the saved progress)."""
    from .services.pos_import import purchase_import_run

    purchase_import_run(import_id=import_id)
