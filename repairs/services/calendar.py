"""The store's closed days, kept by its manager on the store settings page."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from aftersales import audit, roles
from aftersales.models import Role, Store

from ..models import StoreClosedDay

PERMISSIONS = {"edit_calendar": {Role.MANAGER}}


@transaction.atomic
def closed_day_add(*, actor, store: Store, day: date, note: str = "", today: date) -> StoreClosedDay:
    roles.require(actor, store, "repairs.edit_calendar")
    if day < today:
        raise ValidationError(_("A closed day cannot be in the past."))
    existing = StoreClosedDay.objects.filter(store=store, date=day).first()
    if existing is not None:
        return existing  # already closed that day: nothing to do
    try:
        with transaction.atomic():
            row = StoreClosedDay.objects.create(store=store, date=day, note=note.strip()[:100])
    except IntegrityError:  # a colleague added the same day a moment ago
        return StoreClosedDay.objects.get(store=store, date=day)
    audit.record(actor=actor, kind="store.closed_day_added", subject=store, store=store, new={"date": day, "note": row.note})
    return row


@transaction.atomic
def closed_day_remove(*, actor, store: Store, closed_day_id: int) -> None:
    roles.require(actor, store, "repairs.edit_calendar")
    row = StoreClosedDay.objects.select_for_update().filter(store=store, pk=closed_day_id).first()
    if row is None:
        return  # already removed
    row.delete()
    audit.record(actor=actor, kind="store.closed_day_removed", subject=store, store=store, new={"date": row.date, "note": row.note})
