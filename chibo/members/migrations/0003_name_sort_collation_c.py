"""On PostgreSQL, the roster sort key is compared byte by byte (collation "C"): the key is
built so that byte order is Vietnamese alphabetical order (chibo.rules.text.roster_sort_key)."""

from django.db import migrations


def to_c(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE members_member ALTER COLUMN name_sort TYPE varchar(320) COLLATE "C"')


def from_c(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE members_member ALTER COLUMN name_sort TYPE varchar(320) COLLATE "default"'
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0002_register_fields")]

    operations = [migrations.RunPython(to_c, from_c)]
