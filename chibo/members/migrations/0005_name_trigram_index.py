"""PostgreSQL: a trigram index on the folded name, so "nguyen van duc" finds its members anywhere
in the name (LIKE '%…%') without scanning 5.6 million rows (STACK.md, "Vietnamese text").

Creating the pg_trgm extension needs the right to; where it is missing the index is skipped
with a warning and searches still work, only slower.
"""

import logging

from django.db import DatabaseError, migrations, transaction

log = logging.getLogger(__name__)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):  # a savepoint
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:  # no right to create extensions: go on without the index
        log.warning("pg_trgm is not available: name search will scan")
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS member_name_trgm_idx ON members_member USING gin (name_folded gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_name_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("members", "0004_roster_sort_index")]

    operations = [migrations.RunPython(forwards, backwards)]
