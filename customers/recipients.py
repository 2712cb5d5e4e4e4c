"""The customer as the outbox's recipient (registered in CustomersConfig.ready).

The outbox (aftersales.notifications) is below this app and knows no Customer: it asks this
source for the name, the address per channel, the language, and, at send time, whether
marketing consent still holds. The customer's timeline lists their messages from here too.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from aftersales.notifications import recipients
from aftersales.notifications import selectors as outbox
from aftersales.notifications.models import Channel, Status

from . import selectors, timeline
from .models import Customer

TYPE = "customers.customer"
FIELDS = ("id", "name", "phone", "email", "language", "marketing_consent", "merged_into_id")


def describe(customer: Customer) -> recipients.Recipient:
    return recipients.Recipient(
        type=TYPE, id=customer.pk, name=customer.name,
        language=customer.language or settings.LANGUAGE_CODE,
        addresses={Channel.SMS: customer.phone or "", Channel.EMAIL: customer.email or ""},
        label=f"{customer.masked_name} {customer.masked_phone}".strip(),
    )


def describe_many(ids: Iterable[int]) -> dict[int, recipients.Recipient]:
    """Recipients of a batch (a sweep's notify_many) in one query, lean rows."""
    return {c.pk: describe(c) for c in Customer.objects.filter(pk__in=list(ids)).only(*FIELDS)}


class CustomerRecipients:
    def describe(self, obj: Customer) -> recipients.Recipient:
        return describe(obj)

    def describe_many(self, ids: Iterable[int]) -> dict[int, recipients.Recipient]:
        return describe_many(ids)

    def may_market(self, ids: Iterable[int]) -> set[int]:
        # Read now, not when the message was queued: a withdrawal stops what is waiting (消保法 29).
        return set(selectors.marketable(Customer.objects.filter(pk__in=list(ids))).values_list("pk", flat=True))

    def link(self, recipient_id: int) -> str:
        return reverse("customers:detail", args=[recipient_id])


ICONS = {Status.SENT: "chat-left-text", Status.FAILED: "exclamation-triangle", Status.SUPPRESSED: "slash-circle"}


def message_entries(customer: Customer) -> list[timeline.Entry]:
    """Every message to this customer, for the customer page's timeline."""
    entries = []
    for m in outbox.messages_to(recipient_type=TYPE, recipient_id=customer.pk):
        detail = f"{m.get_channel_display()} {m.to_address} · {m.get_status_display()}"
        entries.append(timeline.Entry(
            when=m.sent_at or m.created_at, kind=_("Message"), title=m.kind_label,
            url=reverse("notifications:message", args=[m.pk]), detail=f"{detail} · {m.body[:80]}",
            icon=ICONS.get(m.status, "hourglass-split"),
        ))
    return entries


def register() -> None:
    recipients.register(TYPE, CustomerRecipients())
    timeline.register(message_entries)
