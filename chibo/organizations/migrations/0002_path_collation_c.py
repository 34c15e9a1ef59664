"""On PostgreSQL, compare materialised paths byte by byte (collation "C").

A subtree is the range ``path >= p AND path < next(p)``; with a linguistic
collation the order of paths could differ from treebeard's, and the btree index
would not serve ``LIKE 'p%'``. SQLite compares bytes already (BINARY).
"""

from django.db import migrations


def to_c(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in [("organizations_unit", "path"), ("members_member", "unit_path")]:
        schema_editor.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar(255) COLLATE "C"')


def from_c(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in [("organizations_unit", "path"), ("members_member", "unit_path")]:
        schema_editor.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar(255) COLLATE "default"')


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_initial"),
        ("members", "0001_initial"),
    ]

    operations = [migrations.RunPython(to_c, from_c)]
