"""Follow-up sweeps (beat runs them through notifications.run_sweep; see settings)."""

from django.utils.translation import gettext_lazy as _

from aftersales.notifications import sweeps

from . import followup_sweeps as fs

sweeps.sweep(name="customers.birthday_followups", label=_("Birthday greetings and calls"), due=fs.birthdays_due)(fs.greet_birthdays)
sweeps.sweep(name="customers.cleaning_invitations", label=_("Cleaning invitations after a purchase"),
             due=fs.purchases_due)(fs.invite_purchases)
sweeps.sweep(name="customers.escalate_overdue_followups", label=_("Overdue follow-up calls to the manager"),
             due=fs.overdue_due)(fs.escalate)
