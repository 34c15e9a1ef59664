"""Fewer indexes on members_member: each one is paid by every write of a member, and an import of
100,000 new members paid for sixteen (docs/decisions/0014-roster-exchange.md).

- the trigram index on the folded name (migration 0005) served no query since the name keys
  (0009): the member search reads ``members_namekey``, the accounts page now uses the same search;
  it alone cost ~30% of a COPY of 100,000 members;
- ``unit_path`` had its own index and a ``varchar_pattern_ops`` twin; the path compares byte by
  byte (collation "C", organizations 0002), so the (unit_path, status) and (unit_path, name_sort)
  indexes serve its ranges and prefixes;
- CCCD and card number: one ``varchar_pattern_ops`` index each serves both equality (and IN) and
  the prefix search of the member list, instead of two indexes each;
- the folded name: (name_folded, birth_date), the pair the data-quality report looks for twice.

On millions of rows the new indexes take minutes to build and block writes to members meanwhile.
"""

from django.conf import settings
from django.db import migrations, models

#: The indexes ``db_index=True`` gave these columns (Django's names; "_like" twins on PostgreSQL).
FIELD_INDEXES = {
    "card_number": "members_member_card_number_429e92e0",
    "cccd": "members_member_cccd_eacbc75c",
    "name_folded": "members_member_name_folded_c9c9d7df",
    "unit_path": "members_member_unit_path_c46d1d23",
}


def drop_field_indexes(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for name in FIELD_INDEXES.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        if postgresql:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}_like")


def restore_field_indexes(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for column, name in FIELD_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON members_member ({column})")
        if postgresql:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name}_like ON members_member ({column} varchar_pattern_ops)"
            )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_name_trgm_idx")


def restore_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS member_name_trgm_idx ON members_member "
        "USING gin (name_folded gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0010_period_indexes"),
        ("organizations", "0003_unit_admission_authority"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_trigram_index, restore_trigram_index),
        # Django's AlterField (db_index True → False) drops every index on the column it finds
        # by introspection, the partial unique index on CCCD among them: the state changes here,
        # the database loses exactly the indexes named below.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="member",
                    name="card_number",
                    field=models.CharField(blank=True, max_length=20, verbose_name="party card number"),
                ),
                migrations.AlterField(
                    model_name="member",
                    name="cccd",
                    field=models.CharField(blank=True, max_length=12, verbose_name="citizen ID (CCCD)"),
                ),
                migrations.AlterField(
                    model_name="member",
                    name="name_folded",
                    field=models.CharField(editable=False, max_length=150),
                ),
                migrations.AlterField(
                    model_name="member",
                    name="unit_path",
                    field=models.CharField(editable=False, max_length=255),
                ),
            ],
            database_operations=[migrations.RunPython(drop_field_indexes, restore_field_indexes)],
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["cccd"], name="member_cccd_idx", opclasses=["varchar_pattern_ops"]),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                fields=["card_number"], name="member_card_idx", opclasses=["varchar_pattern_ops"]
            ),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["name_folded", "birth_date"], name="member_name_birth_idx"),
        ),
    ]
