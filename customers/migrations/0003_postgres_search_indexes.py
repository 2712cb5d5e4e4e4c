"""PostgreSQL-only search indexes; on SQLite this migration does nothing.

The counter types the start of a name (a surname, or a whole two-character name such as 王芳):
`name LIKE '王%'` can use a btree index only with the pattern operator class when the database
collation is not C. Receipt numbers, phones and their last four digits have plain indexes.
"""

from django.db import migrations

INDEXES = [
    ("customer_name_prefix_idx", "customers_customer (name varchar_pattern_ops)"),
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
