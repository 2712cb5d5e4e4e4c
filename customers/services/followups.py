"""Follow-up calls: made once per reason and source, called, retried, closed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aftersales import audit, clock, roles
from aftersales.models import Store

from .. import selectors
from ..models import CallOutcome, Customer, FollowUp, FollowUpCall, FollowUpReason, FollowUpStatus
from .consent import NoMarketingConsent


class FollowUpClosed(Exception):
    message = gettext_lazy("This follow-up call is already closed.")


def max_attempts(store: Store) -> int:
    per_store = getattr(settings, "CUSTOMERS_FOLLOWUP_MAX_ATTEMPTS_PER_STORE", {}) or {}
    return int(per_store.get(store.code, getattr(settings, "CUSTOMERS_FOLLOWUP_MAX_ATTEMPTS", 3)))


def retry_days() -> int:
    return int(getattr(settings, "CUSTOMERS_FOLLOWUP_RETRY_DAYS", 1))


def source_key(source: Model | None) -> str:
    return f"{source._meta.label_lower}:{source.pk}" if source is not None else ""


@transaction.atomic
def followup_create(
    *,
    customer: Customer | int,
    reason: str,
    due_date: date,
    store: Store | None = None,
    source: Model | None = None,
    context: str = "",
    assignee=None,
    actor=None,
) -> FollowUp:
    """A follow-up call, once: the same (customer, reason, source, due date) returns the existing one,
    so the scheduled sweeps may call this as often as they like. A marketing reason for a
    customer without marketing consent raises NoMarketingConsent."""
    if not isinstance(customer, Customer):
        customer = Customer.objects.get(pk=customer)
    while customer.merged_into_id:
        customer = customer.merged_into
    if reason not in FollowUpReason.values:
        raise ValidationError({"reason": _("Unknown follow-up reason.")})
    if reason in FollowUpReason.marketing() and not selectors.may_market(customer):
        raise NoMarketingConsent
    if actor is not None:
        roles.require(actor, store or customer.home_store, "customers.followups")
    from django.contrib.contenttypes.models import ContentType

    followup, created = FollowUp.objects.get_or_create(
        customer=customer,
        reason=reason,
        source_key=source_key(source),
        due_date=due_date,
        defaults={
            "store": store or customer.home_store,
            "next_try_on": due_date,
            "context": context or "",
            "assignee": assignee,
            "source_type": ContentType.objects.get_for_model(source) if source is not None else None,
            "source_id": source.pk if source is not None else None,
            "created_by": actor,
        },
    )
    if created:
        audit.record(actor=actor, kind="followup.created", subject=followup, store=followup.store,
                     new={"customer": customer.pk, "reason": reason, "due": due_date, "source": followup.source_key})
    return followup


NEXT_STATUS = {
    CallOutcome.REACHED: FollowUpStatus.DONE,
    CallOutcome.DECLINED: FollowUpStatus.DECLINED,
    CallOutcome.UNREACHABLE: FollowUpStatus.UNREACHABLE,  # only once the attempts are used up
}


@transaction.atomic
def followup_record_call(
    *,
    followup_id: int,
    actor,
    outcome: str,
    thanked: bool = False,
    asked_how_piece_is: bool = False,
    asked_why_not_back: bool = False,
    apologised: bool = False,
    asked_suggestions: bool = False,
    satisfaction: int | None = None,
    notes: str = "",
    new_repair_opened: bool = False,
    new_case_opened: bool = False,
    at: datetime | None = None,
) -> FollowUpCall:
    followup = FollowUp.objects.select_for_update().select_related("customer", "store").get(pk=followup_id)
    roles.require(actor, followup.store_id, "customers.followups")
    if followup.status != FollowUpStatus.DUE:
        raise FollowUpClosed
    if followup.is_marketing and not selectors.may_market(followup.customer):
        raise NoMarketingConsent
    if outcome not in CallOutcome.values:
        raise ValidationError({"outcome": _("Say how the call went.")})
    if satisfaction is not None and not 1 <= int(satisfaction) <= 5:
        raise ValidationError({"satisfaction": _("Satisfaction is a number from 1 to 5.")})
    if outcome != CallOutcome.REACHED and satisfaction is not None:
        raise ValidationError({"satisfaction": _("Only a customer you talked to can rate the service.")})
    at = at or clock.now()
    call = FollowUpCall.objects.create(
        followup=followup, at=at, caller=actor, outcome=outcome, thanked=thanked, asked_how_piece_is=asked_how_piece_is,
        asked_why_not_back=asked_why_not_back, apologised=apologised, asked_suggestions=asked_suggestions,
        satisfaction=satisfaction, notes=notes or "", new_repair_opened=new_repair_opened, new_case_opened=new_case_opened,
    )
    old = {"status": followup.status, "attempts": followup.attempts}
    followup.attempts += 1
    if outcome == CallOutcome.UNREACHABLE and followup.attempts < max_attempts(followup.store):
        followup.next_try_on = clock.today(followup.store, at) + timedelta(days=retry_days())
    else:
        followup.status = NEXT_STATUS[outcome]
        followup.closed_at = at
    followup.save(update_fields=["attempts", "next_try_on", "status", "closed_at"])
    audit.record(actor=actor, kind="followup.called", subject=followup, store=followup.store, old=old,
                 new={"status": followup.status, "attempts": followup.attempts, "outcome": outcome, "satisfaction": satisfaction})
    return call


@transaction.atomic
def followup_cancel(*, followup_id: int, actor, note: str = "") -> FollowUp:
    followup = FollowUp.objects.select_for_update().get(pk=followup_id)
    roles.require(actor, followup.store_id, "customers.followups")
    if followup.status == FollowUpStatus.CANCELLED:
        return followup
    if followup.status != FollowUpStatus.DUE:
        raise FollowUpClosed
    followup.status = FollowUpStatus.CANCELLED
    followup.closed_at = clock.now()
    followup.save(update_fields=["status", "closed_at"])
    audit.record(actor=actor, kind="followup.cancelled", subject=followup, store=followup.store, new={"status": followup.status}, note=note)
    return followup
