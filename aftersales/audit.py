"""The one way to write an event row; services call it inside their transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from .models import Event, Store


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def subject_label(obj: models.Model) -> str:
    return obj._meta.label_lower


def record(
    *,
    actor,
    kind: str,
    subject: models.Model,
    store: Store | None = None,
    old: dict | None = None,
    new: dict | None = None,
    note: str = "",
) -> Event:
    if store is None:
        store = subject if isinstance(subject, Store) else getattr(subject, "store", None)
    return Event.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        store=store,
        kind=kind,
        subject_type=subject_label(subject),
        subject_id=subject.pk,
        old=_jsonable(old or {}),
        new=_jsonable(new or {}),
        note=note,
    )


def changes(obj: models.Model, fields: list[str], values: dict) -> tuple[dict, dict]:
    """Apply values to obj; return (old, new) for the fields that really changed."""
    old, new = {}, {}
    for name in fields:
        if name not in values:
            continue
        before, after = getattr(obj, name), values[name]
        if before != after:
            old[name], new[name] = before, after
            setattr(obj, name, after)
    return _jsonable(old), _jsonable(new)


def history(subject: models.Model):
    return Event.objects.filter(subject_type=subject_label(subject), subject_id=subject.pk).select_related("actor")
