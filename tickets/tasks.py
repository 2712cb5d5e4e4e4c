"""The case escalation sweeps (beat runs them through notifications.run_sweep; see settings)."""

from django.utils.translation import gettext_lazy as _

from aftersales.notifications import sweeps

from .services import escalation

REMINDERS = "tickets.ack_reminders"
ACK_OVERDUE = "tickets.ack_overdue"
RESOLUTION_OVERDUE = "tickets.resolution_overdue"

sweeps.sweep(name=REMINDERS, label=_("Cases: acknowledgement due soon (reminder to the assignee)"),
             due=escalation.reminders_due)(escalation.send_reminders)
sweeps.sweep(name=ACK_OVERDUE, label=_("Cases: not acknowledged in time (store managers)"),
             due=escalation.ack_overdue_due)(escalation.escalate_ack)
sweeps.sweep(name=RESOLUTION_OVERDUE, label=_("Cases: resolution target passed (chain managers)"),
             due=escalation.resolution_overdue_due)(escalation.escalate_resolution)
