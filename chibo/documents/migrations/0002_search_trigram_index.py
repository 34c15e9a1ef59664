"""PostgreSQL: a trigram index on the documents' folded search key, so a search for words anywhere
in the number, title, summary or text (LIKE '%…%') need not read every document (STACK.md,
"Vietnamese text"). Where pg_trgm cannot be created the index is skipped and search still works.
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
    except DatabaseError:
        log.warning("pg_trgm is not available: document search will scan")
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS document_search_trgm_idx ON documents_document "
        "USING gin (search_key gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS document_search_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
