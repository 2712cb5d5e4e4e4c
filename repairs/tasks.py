"""The pickup ladder's sweeps (beat runs them through notifications.run_sweep; see settings)."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from aftersales.notifications import sweeps

from .services import ladder

REMINDERS = "repairs.pickup_reminders"
EXPIRY = "repairs.pickup_expiry"

sweeps.sweep(name=REMINDERS, label=_("Pickup reminders before the deadline"), due=ladder.reminders_due)(ladder.send_reminders)
sweeps.sweep(name=EXPIRY, label=_("Unclaimed repairs: deadline passed, final notice"), due=ladder.expiry_due)(ladder.expire)


# Seed 001: a professional check every 6–12 months, also after a repair (consenting customers only).
def _cleaning_due(now):
    from customers.followup_sweeps import cleaning_due_for

    from .models import RepairOrder, Status

    return cleaning_due_for(RepairOrder.objects.filter(status=Status.COLLECTED), date_field="collected_at", customer_field="customer", now=now)


def _invite(rows, *, now):
    from django.utils.translation import gettext

    from customers.followup_sweeps import invite

    return invite(rows, now=now, date_field="collected_at", customer_field="customer",
                  describe=lambda o: gettext("piece from repair %(number)s") % {"number": o.number})


CLEANING = "repairs.cleaning_invitations"
sweeps.sweep(name=CLEANING, label=_("Cleaning invitations after a repair"), due=_cleaning_due)(_invite)


# "What the policy costs" reads a roll-up; beat folds new jobs into it every few minutes.
@shared_task(name="repairs.refresh_rollup")
def refresh_rollup(name: str) -> int:
    from .reports import POLICY_COST, policy_cost_refresh

    refresh = {POLICY_COST: policy_cost_refresh}[name]
    return refresh()
