"""Consent to be contacted: given or withdrawn (when, how, who), each change a history row."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aftersales import audit, clock, roles

from ..models import ConsentChange, ConsentKind, ConsentMethod, Customer, FollowUp, FollowUpReason, FollowUpStatus


class NoMarketingConsent(Exception):
    message = gettext_lazy("This customer has not agreed to marketing contact: no birthday, holiday, cleaning or VIP-care call.")


def consent_apply(*, customer: Customer, actor, kind: str, given: bool, method: str, store=None, note: str = "", at=None) -> ConsentChange | None:
    field = "marketing_consent" if kind == ConsentKind.MARKETING else "service_contact"
    if getattr(customer, field) == given:
        return None  # already so: a second click changes nothing
    if method not in ConsentMethod.values:
        raise ValidationError({"method": _("Say how the customer gave or withdrew consent.")})
    at = at or clock.now()
    setattr(customer, field, given)
    fields = [field, "version"]
    if kind == ConsentKind.MARKETING:
        customer.marketing_consent_at = at
        fields.append("marketing_consent_at")
    customer.version += 1
    customer.save(update_fields=fields)
    change = ConsentChange.objects.create(
        customer=customer, kind=kind, given=given, method=method, at=at,
        store=store or customer.home_store, actor=actor if getattr(actor, "pk", None) else None, note=note[:200],
    )
    audit.record(actor=actor, kind=f"consent.{kind}.{'given' if given else 'withdrawn'}", subject=customer,
                 store=store or customer.home_store, old={field: not given}, new={field: given, "method": method}, note=note)
    if kind == ConsentKind.MARKETING and not given:
        # Withdrawal stops marketing at once (实施条例 23–24): open marketing calls are cancelled.
        open_marketing = FollowUp.objects.filter(
            customer=customer, status=FollowUpStatus.DUE, reason__in=FollowUpReason.marketing()
        )
        for fu in open_marketing.select_for_update():
            fu.status = FollowUpStatus.CANCELLED
            fu.closed_at = at
            fu.save(update_fields=["status", "closed_at"])
            audit.record(actor=actor, kind="followup.cancelled", subject=fu, store=fu.store,
                         new={"status": fu.status}, note=_("Marketing consent withdrawn."))
    return change


@transaction.atomic
def consent_set(*, customer_id: int, actor, given: bool, method: str, kind: str = ConsentKind.MARKETING,
                store=None, note: str = "", at: datetime | None = None) -> ConsentChange | None:
    """Record consent given or withdrawn (when, how, who). Returns None if nothing changed."""
    customer = Customer.objects.select_for_update().get(pk=customer_id)
    roles.require(actor, customer.home_store_id, "customers.consent")
    return consent_apply(customer=customer, actor=actor, kind=kind, given=given, method=method, store=store, note=note, at=at)


def consent_withdraw_marketing(*, customer_id: int, actor, method: str = ConsentMethod.IN_STORE_VERBAL, note: str = "") -> ConsentChange | None:
    """The one-click withdrawal."""
    return consent_set(customer_id=customer_id, actor=actor, given=False, method=method, note=note)
