"""Writes to the core: store settings. Every change writes an event row."""

from __future__ import annotations

from django.db import transaction

from . import audit, roles
from .concurrency import check_and_bump
from .models import Role, Store

STORE_FIELDS = [
    "name", "address", "phone", "opening_hours", "receipt_terms",
    "pickup_deadline_months", "pickup_reminder_days", "followup_days_after_pickup", "birthday_greeting_days_before",
    "cleaning_invitation_months", "followup_escalation_days", "closed_weekdays",
]


@transaction.atomic
def store_update(*, store_id: int, actor, expected_version: int | None, **values) -> Store:
    store = roles.scoped(Store.objects.select_for_update(), actor, path="pk").get(pk=store_id)
    roles.require_role(actor, store, Role.MANAGER)
    check_and_bump(store, expected_version)
    old, new = audit.changes(store, STORE_FIELDS, values)
    if not new:
        store.version -= 1  # nothing changed: no new version, no event
        return store
    store.save()
    audit.record(actor=actor, kind="store.updated", subject=store, store=store, old=old, new=new)
    return store
