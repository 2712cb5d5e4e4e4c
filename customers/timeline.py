"""The customer's timeline: every app registers a provider; the page shows all entries by date.

    from customers import timeline

    def repairs_for(customer):
        for order in customer.repair_orders.all():
            yield timeline.Entry(when=order.created_at, kind=_("Repair"), title=order.number,
                                 url=order.get_absolute_url(), detail=order.get_status_display())

    timeline.register(repairs_for)      # in the app's AppConfig.ready()

`when` may be a datetime or a date (a date sorts at the start of its day).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Entry:
    when: datetime | date
    kind: str
    title: str
    url: str = ""
    detail: str = ""
    icon: str = "dot"  # a bootstrap-icons name

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime)

    @property
    def moment(self) -> datetime:
        if isinstance(self.when, datetime):
            return self.when if timezone.is_aware(self.when) else timezone.make_aware(self.when)
        return timezone.make_aware(datetime.combine(self.when, time.min))


Provider = Callable[..., Iterable[Entry]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def _wants_user(provider: Provider) -> bool:
    try:
        return "user" in inspect.signature(provider).parameters
    except (TypeError, ValueError):
        return False


def entries(customer, *, user=None, newest_first: bool = True) -> list[Entry]:
    """All providers' entries. A provider that takes `user` (e.g. `def repairs(customer, *, user=None)`)
    gets the viewer, to leave out records of stores the viewer does not work for."""
    collected: list[Entry] = []
    for provider in _providers:
        collected.extend(provider(customer, user=user) if _wants_user(provider) else provider(customer))
    collected.sort(key=lambda e: e.moment, reverse=newest_first)
    return collected


# --- this app's own providers ----------------------------------------------------------------

def purchases(customer) -> Iterable[Entry]:
    from aftersales.money import format_money

    for p in customer.purchases.select_related("store"):
        flags = [_("special price")] if p.special_price else []
        if p.series:
            flags.append(p.series)
        yield Entry(
            when=p.purchased_at, kind=_("Purchase"), icon="bag",
            title=f"{p.item} · {format_money(p.price)}",
            detail=" · ".join([f"{p.store.name} {p.receipt_number}", *flags]),
        )


def consent_changes(customer) -> Iterable[Entry]:
    for c in customer.consent_changes.all():
        if c.given:
            title = _("Agreed to marketing contact") if c.kind == "marketing" else _("Agreed to service contact")
        else:
            title = _("Withdrew marketing consent") if c.kind == "marketing" else _("Asked for no service contact")
        yield Entry(when=c.at, kind=_("Consent"), title=title, icon="shield-check" if c.given else "shield-x",
                    detail=" · ".join(x for x in [c.get_method_display(), c.note] if x))


def followup_calls(customer) -> Iterable[Entry]:
    from django.urls import reverse

    from .models import FollowUpStatus

    for fu in customer.followups.prefetch_related("calls"):
        calls = list(fu.calls.all())
        for call in calls:
            detail = [call.get_outcome_display()]
            if call.satisfaction:
                detail.append(_("satisfaction %(n)s/5") % {"n": call.satisfaction})
            if call.notes:
                detail.append(call.notes)
            yield Entry(when=call.at, kind=_("Follow-up call"), title=fu.get_reason_display(), icon="telephone", detail=" · ".join(detail))
        if fu.status == FollowUpStatus.DUE:
            yield Entry(when=fu.due_date, kind=_("Follow-up call"), icon="telephone-forward",
                        title=_("%(reason)s (due)") % {"reason": fu.get_reason_display()},
                        url=reverse("customers:followup_call", args=[fu.pk]), detail=fu.context)
        elif fu.status == FollowUpStatus.CANCELLED:
            yield Entry(when=fu.closed_at or fu.due_date, kind=_("Follow-up call"), icon="telephone-x",
                        title=_("%(reason)s (cancelled)") % {"reason": fu.get_reason_display()})


register(purchases)
register(consent_changes)
register(followup_calls)
