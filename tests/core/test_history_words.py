"""The history panel speaks words, not code: every registered event kind, in zh-Hans.

Generic on purpose: it walks every event kind the apps registered (aftersales.audit.register_kinds)
with every field of the model the events are about and every value the apps registered, and it
reads the source for `audit.record(kind=…)` / `Event(kind=…)` so an app that records an event it
never described fails here too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags

from aftersales import audit
from aftersales.models import Event, Store

CODE = re.compile(r"\b[A-Za-z]+_[A-Za-z0-9_]+\b|\bTrue\b|\bFalse\b|\bNone\b")
# In Chinese, a lowercase English word in the history is a code that was not put into words.
ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9])[a-z]{3,}(?![A-Za-z0-9])")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _choices(choices):
    if callable(choices) and not hasattr(choices, "choices"):
        choices = choices()
    table = choices.choices if hasattr(choices, "choices") else list(dict(choices).items())
    return [value for value, _label in table] or ["x"]


def _field_samples(field) -> list:
    if field.choices:
        return [value for value, _label in field.flatchoices]
    if isinstance(field, models.BooleanField):
        return [True, False]
    if isinstance(field, models.DecimalField):
        return ["12.50", "3.210"]
    if isinstance(field, models.DateTimeField):
        return ["2026-12-02T10:30:00+08:00"]
    if isinstance(field, models.DateField):
        return ["2026-12-02"]
    if isinstance(field, (models.ForeignKey, models.OneToOneField)):
        return [None, 999999]
    if isinstance(field, (models.IntegerField, models.FloatField)):
        return [3]
    if isinstance(field, models.JSONField):
        return [[], {}]
    return ["文字", ""]


def _value_samples(value: audit.Value) -> list:
    kind = value.kind
    if kind == "choice":
        values = _choices(value.choices)
        return [*values, values[:2]]
    return {
        "bool": [True, False, None],
        "money": ["80.00", "0"],
        "grams": ["3.210"],
        "count": [2],
        "date": ["2026-12-02", "2026-12-02T10:30:00+08:00"],
        "record": [999999],
        "phone": ["+8613812345678"],
        "source": ["repairs.repairorder:7"],
        "weights": [{"1": {"intake": "3.210", "return": "3.200", "pickup": "3.200", "difference": "-0.010", "added": "0"}}],
        "counts": [{"repairs.repairorder": 2, "customers.purchase": 1}],
        "fields": [{"wechat_id": "wx1", "phone2": "+8613812345678", "birthday": "1990-05-01", "gender": "f"}],
    }.get(kind, ["文字"])


def _events(kind: str, subject: str | None) -> list[Event]:
    model = apps.get_model(subject) if subject else Store
    samples: dict[str, list] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name == "version" or field._verbose_name is None:
            continue  # internal fields (no label given) are never recorded by name
        samples[field.name] = _field_samples(field)
    for name, value in audit.registered_values(model, kind=kind).items():
        samples[name] = _value_samples(value)
    events = []
    longest = max(len(v) for v in samples.values())
    for i in range(longest):
        new = {name: values[i % len(values)] for name, values in samples.items()}
        old = {name: values[(i + 1) % len(values)] for name, values in samples.items()}
        events.append(Event(kind=kind, subject_type=model._meta.label_lower, subject_id=1, new=new, old=old))
    return events


def test_every_app_registers_its_event_kinds():
    kinds = audit.registered_kinds()
    assert {"repair.created", "repair.quoted", "repair.awaiting_approval", "customer.created", "policy.rule_created",
            "store.updated", "document.stored", "metal_price.set", "notification.failed"} <= set(kinds)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(audit.registered_kinds()))
def test_history_of_every_event_kind_is_in_words_in_chinese(kind):
    subject = audit.registered_kinds()[kind]
    events = _events(kind, subject)
    with translation.override("zh-hans"):
        html = render_to_string("partials/history.html", {"events": events})
        labels = [events[0].label] + [row[0] for row in events[0].changes]
    text = strip_tags(html)
    assert not CODE.findall(text), (kind, sorted(set(CODE.findall(text))))
    assert not ENGLISH_WORD.findall(text), (kind, sorted(set(ENGLISH_WORD.findall(text))))
    untranslated = [label for label in labels if not CJK.search(label)]
    assert not untranslated, (kind, untranslated)


def test_history_shows_yes_no_none_status_labels_and_money():
    event = Event(kind="repair.awaiting_approval", subject_type="repairs.repairorder", subject_id=1,
                  old={"status": "received", "rush": False, "do_not_exceed": None},
                  new={"status": "awaiting_approval", "rush": True, "do_not_exceed": "300", "signed": True, "total": "80"})
    with translation.override("zh-hans"):
        rows = {label: (old, new) for label, old, new in event.changes}
        label = event.label
    assert "awaiting" not in label and "确认" in label, label
    assert ("否", "是") in rows.values()  # rush
    assert ("无", "¥300.00") in rows.values()  # do not exceed: none before
    assert (None, "是") in rows.values()  # signed, nothing recorded before
    assert (None, "¥80.00") in rows.values()  # total, as money
    assert "received" not in str(rows) and "awaiting_approval" not in str(rows)


# --- the source: every recorded kind and key is described ---------------------------------------

def _project_files():
    base = Path(settings.BASE_DIR)
    for config in apps.get_app_configs():
        path = Path(config.path)
        if base not in path.parents and path != base:
            continue
        for file in path.rglob("*.py"):
            if "migrations" in file.parts or "tests" in file.parts:
                continue
            yield file


def _recorded():
    """(file:line, kind or pattern, keys) of every audit.record(...) / Event(...) with a kind."""
    for file in _project_files():
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = ast.unparse(node.func)
            keywords = {k.arg: k.value for k in node.keywords}
            if not (name.endswith("record") or name == "Event") or "kind" not in keywords:
                continue
            if "subject" not in keywords and "subject_type" not in keywords:
                continue
            kind = keywords["kind"]
            if isinstance(kind, ast.Constant) and isinstance(kind.value, str):
                pattern = re.escape(kind.value)
            elif isinstance(kind, ast.JoinedStr):
                pattern = "".join(re.escape(p.value) if isinstance(p, ast.Constant) else ".+" for p in kind.values)
            else:
                continue  # a variable: the kinds it takes are literals elsewhere
            keys = []
            for arg in ("old", "new"):
                value = keywords.get(arg)
                if isinstance(value, ast.Dict):
                    keys += [k.value for k in value.keys if isinstance(k, ast.Constant)]
            yield f"{file.relative_to(settings.BASE_DIR)}:{node.lineno}", pattern, keys


def test_every_recorded_event_kind_and_value_is_described():
    kinds = audit.registered_kinds()
    problems = []
    for where, pattern, keys in _recorded():
        matching = [k for k in kinds if re.fullmatch(pattern, k)]
        if not matching:
            problems.append(f"{where}: event kind {pattern!r} is not registered (aftersales.audit.register_kinds)")
            continue
        for kind in matching:
            subject = kinds[kind]
            model = apps.get_model(subject) if subject else None
            described = set(audit.registered_values(model, kind=kind))
            fields = {f.name for f in model._meta.get_fields()} if model else set()
            for key in keys:
                if key not in described and key not in fields:
                    problems.append(f"{where}: {kind} records {key!r}, which is neither a field nor a registered value")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_a_history_reads_the_records_it_names_in_one_query_per_model(django_assert_num_queries):
    """Forty changes naming clerks and stores: the panel reads the events, then the users and the
    stores once each, and says exactly what the one-by-one reading says."""
    from aftersales.models import StaffMembership, User

    stores = [Store.objects.create(code=f"H{n}", name=f"历史{n}店") for n in range(3)]
    users = [User.objects.create(username=f"h{n}", first_name=f"店员{n}") for n in range(4)]
    membership = StaffMembership.objects.create(user=users[0], store=stores[0], role="counter")
    for n in range(40):
        audit.record(actor=users[n % 4], kind="core.membership.updated", subject=membership,
                     old={"user": users[n % 4].pk, "store": stores[n % 3].pk},
                     new={"user": users[(n + 1) % 4].pk, "store": 999999})
    with django_assert_num_queries(3):  # the events with their actors; the users; the stores
        events = list(audit.history(membership))
        described = [e.changes for e in events]
    assert len(events) == 40
    assert described == [audit.field_changes(e) for e in events]  # the same words as read one by one
    assert described[0][0][1] == str(users[0]) and described[0][0][2] == str(users[1])
    assert described[0][1][2] == "#999999"  # a record that is gone: its number
