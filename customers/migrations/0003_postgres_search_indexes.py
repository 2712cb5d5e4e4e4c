"""PostgreSQL-only search indexes; on SQLite this migration does nothing.

The counter types the start of a name (a surname, or a whole two-character name such as 王芳).
The selector searches and sorts on `name COLLATE "C"` on PostgreSQL: with an index on that
expression, `LIKE '王%' ORDER BY ... LIMIT 20` walks the index in order and stops after twenty
rows, whatever the database's own collation (a plain index cannot serve LIKE unless it is C).
Receipt numbers, phones and their last four digits have plain indexes.
"""

from django.db import migrations

INDEXES = [
    ("customer_name_c_idx", 'customers_customer ((name COLLATE "C"), id)'),
    ("purchase_receipt_prefix_idx", "customers_purchase (receipt_number varchar_pattern_ops)"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, target in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _target in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("customers", "0002_consent_imports_followups")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
