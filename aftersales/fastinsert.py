"""Plain multi-row INSERTs for the sweeps' bulk writes (events, outbox messages).

Django's bulk_create prepares every value of every row through the field machinery, and a
statement with thousands of placeholders is slow to build and to parse; for the pickup-expiry
sweep (a thousand orders per batch, three rows each) that costs more than the database work.
On PostgreSQL the rows travel as ONE json parameter expanded by jsonb_to_recordset; elsewhere
as a multi-row VALUES. Callers give plain column values (datetimes aware, dicts for json).
"""

from __future__ import annotations

import json
from datetime import date, datetime

from django.db import connection

CHUNK = 1000


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def insert(model, columns: list[str], rows: list[tuple], *, ignore_conflicts: bool = False, json_columns: tuple = ()) -> None:
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    names = ", ".join(qn(c) for c in columns)
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            fields = {f.column: f for f in model._meta.concrete_fields}
            types = ", ".join(f"{qn(c)} {fields[c].db_type(connection)}" for c in columns)
            payload = json.dumps([dict(zip(columns, row, strict=True)) for row in rows], ensure_ascii=False, default=_json_default)
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM jsonb_to_recordset(%s::jsonb) AS x({types}){tail}",
                           [payload])
            return
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        adapt = connection.ops.adapt_datetimefield_value
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            params: list = []
            for row in chunk:
                for column, value in zip(columns, row, strict=True):
                    if column in json_columns:
                        value = json.dumps(value, ensure_ascii=False, default=_json_default)
                    elif isinstance(value, datetime):
                        value = adapt(value)
                    params.append(value)
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(chunk))}{tail}", params)
