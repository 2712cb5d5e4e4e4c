"""The one way to write an event row; services call it inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import fastinsert, money
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
    """A subject's events, oldest first, ready to show (their changes described in bulk)."""
    return Event.objects.filter(subject_type=subject_label(subject), subject_id=subject.pk).select_related("actor").described()


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

@dataclass(frozen=True)
class Value:
    """How a recorded value that is not a model field is shown: its label and what it is.

    kind: "text", "money", "grams", "bool", "date", "count", "phone", "choice" (with choices: a
    TextChoices class or a dict), "record" (with model: "app.model"; the value is its pk),
    "weights" (a dict of item number → {intake, return, pickup, difference, added} grams),
    "fields" (a dict of field name → value of `model`), "counts" (a dict of model label → count),
    "source" ("app.model:pk"), "weekdays" ("1,7": ISO weekday numbers), "permille" (a fineness, ‰),
    "translated" (a dict of language code → text, or a list of them: the text in the reader's language).
    places: decimals of "grams" (2 unless said).
    """

    label: object
    kind: str = "text"
    choices: object = None
    model: str | None = None
    places: int = 2


_kind_labels: dict[str, object] = {}
_kind_subjects: dict[str, str | None] = {}
_values: dict[tuple[str | None, str], Value] = {}


def _subject_key(subject) -> str | None:
    if subject is None or isinstance(subject, str):
        return subject
    return subject._meta.label_lower


def register_kinds(labels: dict[str, object], *, subject=None) -> None:
    """Apps name their event kinds in words (and say which model the events are about)."""
    _kind_labels.update(labels)
    for kind in labels:
        _kind_subjects[kind] = _subject_key(subject)


def register_values(values: dict[str, Value | object], *, subject=None, kind: str | None = None) -> None:
    """Values an app records that are not fields of the subject model (or need another wording).

    Looked up by event kind first, then by subject model, then for any event.
    """
    key = kind or _subject_key(subject)
    for name, value in values.items():
        _values[(key, name)] = value if isinstance(value, Value) else Value(value)


def registered_kinds() -> dict[str, str | None]:
    """Every event kind the apps described, with the model its events are about (None: several)."""
    return dict(_kind_subjects)


def registered_values(subject=None, kind: str | None = None) -> dict[str, Value]:
    keys = (None, _subject_key(subject), kind)
    return {name: v for (model, name), v in _values.items() if model in keys}


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


def _value_spec(model, subject_type: str, name: str, kind: str = "") -> tuple[str, Value | None, object]:
    """(label, Value description or None, model field or None) of a recorded name."""
    spec = _values.get((kind, name)) or _values.get((subject_type, name)) or _values.get((None, name))
    field = None
    if model is not None:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
    if spec is not None:
        return str(spec.label), spec, field
    if field is not None and hasattr(field, "verbose_name"):
        return capfirst(str(field.verbose_name)), None, field
    return name.replace("_", " "), None, None


def _yes_no(value) -> str:
    return str(_("yes") if value else _("no"))


def _when(value) -> str:
    text = str(value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if "T" not in text:
        return moment.date().isoformat()
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M")


def _record_text(label: str, pk, records: dict | None = None) -> str:
    """A referenced record by its name (#pk when gone). `records`, from describe_changes, holds
    the names already read: {(label, pk as text): name or None}."""
    key = (label, str(pk))
    if records is not None and key in records:
        name = records[key]
        return name if name is not None else f"#{pk}"
    model = _model(label)
    if model is None:
        return f"#{pk}"
    obj = model._default_manager.filter(pk=pk).first() if str(pk).isdigit() else None
    return str(obj) if obj is not None else f"#{pk}"


def _record_label(spec: Value | None, field) -> str | None:
    """The model label of the record a value names (format_value puts it in words, describe_changes
    reads them in bulk); None if it names none."""
    if spec is not None and spec.kind == "record" and spec.model:
        return spec.model
    if isinstance(field, models.ForeignKey) and (spec is None or spec.kind not in ("source", "date")):
        return field.related_model._meta.label_lower
    return None


def describe_changes(events: list[Event]) -> None:
    """Put each event's changes in words (event.changes) with the records they name read in one
    query per model, instead of one query per value."""
    wanted: dict[str, set[str]] = {}
    for event in events:
        model = _model(event.subject_type)
        for values in (event.old or {}, event.new or {}):
            for name, value in values.items():
                _label, spec, field = _value_spec(model, event.subject_type, name, event.kind)
                label = _record_label(spec, field)
                if label and value not in (None, "", [], {}) and str(value).isdigit():
                    wanted.setdefault(label, set()).add(str(value))
    records: dict[tuple[str, str], str | None] = {}
    for label, pks in wanted.items():
        model = _model(label)
        if model is None:
            continue
        found = model._default_manager.in_bulk([int(pk) for pk in pks])
        records.update({(label, pk): (str(found[int(pk)]) if int(pk) in found else None) for pk in pks})
    for event in events:
        event._described_changes = field_changes(event, records=records)


def _choice(choices, value) -> str | None:
    if choices is None:
        return None
    table = dict(choices.choices) if hasattr(choices, "choices") else dict(choices)
    label = table.get(value)
    return str(label) if label is not None else None


def _in_language(value) -> str:
    """A text recorded in several languages ({"zh": …, "en": …}), in the reader's language."""
    if isinstance(value, (list, tuple)):
        return " ".join(_in_language(v) for v in value)
    if not isinstance(value, dict):
        return str(value)
    language = (get_language() or "").split("-")[0]
    return str(value.get(language) or value.get("zh") or next(iter(value.values()), ""))


WEIGHT_PARTS = {
    "intake": _("at intake"),
    "return": _("after the work"),
    "pickup": _("at pickup"),
    "difference": _("difference"),
    "added": _("metal added"),
}


def format_value(value, *, spec: Value | None = None, field=None, records: dict | None = None) -> str:
    """A recorded value in words in the current language: 是/否, 无, labels, money, grams."""
    if value is None or value == "" or value == [] or value == {}:
        return str(_("none"))
    kind = spec.kind if spec is not None else None
    choices = spec.choices if spec is not None else getattr(field, "choices", None) or None
    if isinstance(value, bool) or kind == "bool" or isinstance(field, models.BooleanField):
        return _yes_no(value)
    if kind == "translated":
        return _in_language(value)
    if kind == "weights" and isinstance(value, dict):
        parts = []
        for position, row in value.items():
            row_text = row if not isinstance(row, dict) else " ".join(
                f"{WEIGHT_PARTS.get(k, k)} {money.format_grams(v)}" for k, v in row.items()
            )
            parts.append(str(_("item %(n)s: %(weights)s") % {"n": position, "weights": row_text}))
        return "; ".join(parts)
    if kind == "fields" and isinstance(value, dict):
        model = _model(spec.model or "")
        rows = []
        for name, v in value.items():
            label, sub_spec, sub_field = _value_spec(model, spec.model or "", name)
            rows.append(f"{label}: {format_value(v, spec=sub_spec, field=sub_field, records=records)}")
        return "; ".join(rows)
    if kind == "counts" and isinstance(value, dict):
        rows = []
        for label, count in value.items():
            model = _model(label)
            rows.append(f"{capfirst(model._meta.verbose_name_plural) if model else label}: {count}")
        return "; ".join(rows)
    if isinstance(value, dict):
        return "; ".join(f"{_value_spec(None, '', k)[0]}: {format_value(v, spec=_value_spec(None, '', k)[1])}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v, spec=spec, field=field, records=records) for v in value)
    if callable(choices) and not hasattr(choices, "choices"):
        choices = choices()
    label = _choice(choices, value)
    if label is not None:
        return label
    if kind == "money":
        return money.format_money(value)
    if kind == "grams":
        return money.format_grams(value, places=spec.places)
    if kind == "permille":
        return f"{value} ‰"
    if kind == "weekdays":
        names = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]
        return ", ".join(str(names[int(d) - 1]) for d in str(value).split(",") if d.strip().isdigit() and 1 <= int(d) <= 7)
    if kind == "phone":
        digits = str(value)
        return digits if len(digits) < 8 else f"{digits[:-8]}****{digits[-4:]}"
    label = _record_label(spec, field)
    if label:
        return _record_text(label, value, records)
    if kind == "source" and ":" in str(value):
        label, pk = str(value).split(":", 1)
        model = _model(label)
        return f"{capfirst(model._meta.verbose_name) if model else label} #{pk}"
    if kind == "date" or isinstance(field, (models.DateField, models.DateTimeField)):
        return _when(value)
    if isinstance(field, models.DecimalField):
        return money.format_grams(value, places=3) if field.decimal_places == 3 else money.format_money(value)
    return str(value)


def field_changes(event: Event, *, records: dict | None = None) -> list[tuple[str, object, object]]:
    """(label, before or None when nothing was recorded before, after), all in words. `records`:
    names of referenced records already read (describe_changes)."""
    model = _model(event.subject_type)
    old = event.old or {}
    rows = []
    for name, after in (event.new or {}).items():
        label, spec, field = _value_spec(model, event.subject_type, name, event.kind)
        before = format_value(old[name], spec=spec, field=field, records=records) if name in old else None
        rows.append((label, before, format_value(after, spec=spec, field=field, records=records)))
    return rows
