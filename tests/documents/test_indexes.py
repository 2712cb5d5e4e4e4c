"""Rows found by their subject are found through an index led by the subject, on both databases.

The order, case and trade-in pages list their subject's stored documents and history, and every
print click looks up the latest version of a receipt: without an index that starts with
(subject_type, subject_id), each of those reads the whole table — a chain's year of receipts on
every page. Generic: every model keyed by subject_type and subject_id is checked.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db

SUBJECT = ["subject_type", "subject_id"]


def _subject_models():
    fields = {model: {f.column for f in model._meta.concrete_fields} for model in apps.get_models()}
    return [model for model, columns in fields.items() if set(SUBJECT) <= columns and not model._meta.proxy]


def test_there_are_subject_keyed_tables():
    tables = {model._meta.db_table for model in _subject_models()}
    assert {"documents_storeddocument", "aftersales_event", "documents_statustoken"} <= tables


@pytest.mark.parametrize("model", _subject_models(), ids=lambda m: m._meta.label)
def test_a_subject_keyed_table_has_an_index_led_by_the_subject(model):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    led = [name for name, c in constraints.items() if c["index"] or c["unique"] if (c["columns"] or [])[:2] == SUBJECT]
    assert led, f"{model._meta.db_table}: no index starts with {SUBJECT}: {[c['columns'] for c in constraints.values()]}"
