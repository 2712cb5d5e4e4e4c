"""The one way to write an event row; services call it inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import fastinsert
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


EVENT_COLUMNS = ["created_at", "actor_id", "store_id", "kind", "subject_type", "subject_id", "old", "new", "note"]


@dataclass(frozen=True)
class Row:
    """One event row for record_many(); built from plain values, so a sweep need not load objects."""

    kind: str
    subject_type: str
    subject_id: int
    store_id: int | None = None
    actor_id: int | None = None
    old: dict | None = None
    new: dict | None = None
    note: str = ""


def row(*, actor=None, kind: str, subject: models.Model | type[models.Model], subject_id: int | None = None, store_id: int | None = None,
        old: dict | None = None, new: dict | None = None, note: str = "") -> Row:
    """A Row for record_many(): `subject` is an object, or a model class with `subject_id`."""
    return Row(kind=kind, subject_type=subject_label(subject), subject_id=subject.pk if subject_id is None else subject_id,
               store_id=store_id, actor_id=getattr(actor, "pk", None) or None, old=old, new=new, note=str(note or ""))


def record_many(rows: Iterable[Row], *, at: datetime | None = None) -> int:
    """Many event rows in one statement, for the sweeps' bulk moves (the same rows record() writes).

    Inside the caller's transaction like record(); `at` is the moment of the change (default now).
    """
    rows = list(rows)
    if not rows:
        return 0
    at = at or timezone.now()
    fastinsert.insert(Event, EVENT_COLUMNS, [
        (at, r.actor_id, r.store_id, r.kind, r.subject_type, r.subject_id, _jsonable(r.old or {}), _jsonable(r.new or {}), r.note)
        for r in rows
    ], json_columns=("old", "new"))
    return len(rows)


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


# --- Describing events to people ------------------------------------------------------------

ACTIONS = {
    "created": _("created"),
    "updated": _("changed"),
    "changed": _("changed"),
    "saved": _("saved"),
    "set": _("set"),
    "merged": _("merged with another file"),
    "merged_into": _("merged into another file"),
    "cancelled": _("cancelled"),
    "called": _("call recorded"),
    "started": _("started"),
    "finished": _("finished"),
    "given": _("given"),
    "withdrawn": _("withdrawn"),
    "published": _("published"),
    "revoked": _("revoked"),
    "stored": _("stored"),
    "suppressed": _("suppressed"),
    "retried": _("retried"),
    "approved": _("approved"),
    "added": _("added"),
}

_kind_labels: dict[str, str] = {}


def register_kinds(labels: dict[str, str]) -> None:
    """Apps may name their event kinds in words; others are described from the model."""
    _kind_labels.update(labels)


def _model(subject_type: str):
    from django.apps import apps

    try:
        return apps.get_model(subject_type)
    except (LookupError, ValueError):
        return None


def kind_label(event: Event) -> str:
    if event.kind in _kind_labels:
        return str(_kind_labels[event.kind])
    model = _model(event.subject_type)
    subject = capfirst(model._meta.verbose_name) if model else event.subject_type
    action = event.kind.split(".", 1)[-1]
    verb = ACTIONS.get(action) or ACTIONS.get(action.rsplit("_", 1)[-1])
    if verb is None and model is not None:
        status = next((f for f in model._meta.fields if f.name == "status" and f.choices), None)
        if status is not None:
            verb = dict(status.flatchoices).get(action)
    return f"{subject}: {verb or action.replace('_', ' ').replace('.', ' ')}"


def field_changes(event: Event) -> list[tuple[str, object, object]]:
    """(field label, before, after) for each value the event recorded."""
    model = _model(event.subject_type)
    rows = []
    for name, after in (event.new or {}).items():
        label = name
        if model is not None:
            try:
                label = capfirst(model._meta.get_field(name).verbose_name)
            except Exception:  # not a field: a value the service chose to record
                label = name.replace("_", " ")
        rows.append((label, (event.old or {}).get(name, None), after))
    return rows
