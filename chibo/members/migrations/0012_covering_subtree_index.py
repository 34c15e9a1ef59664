"""The subtree index (unit_path, status) also carries the columns the statistics report reads, so
that the report is an index-only scan: at national scale (5.6 M members) the index is 620 MB against
the table's 1.4 GB, and the rows the report reads no longer need the 37 columns of a member's record
walked one by one (bench/reports.py; docs/decisions/0013).

On PostgreSQL the new index is built CONCURRENTLY beside the old one, which is then dropped
CONCURRENTLY and the new one renamed: member reads and writes go on meanwhile (about 10 s of
building for 5.6 M members on two cores), instead of the whole table being locked for the rebuild
and every query queuing behind a long import. The migration is therefore not atomic; if it stops
half-way it can be run again (each step checks what is there). Autovacuum is also asked to visit
the table after 2% of its rows changed instead of 20%: an index-only scan reads the table for
every page the visibility map does not show as all-visible. Other databases rebuild the index
(SQLite has no INCLUDE: it stays on the two keys).
"""

from django.db import migrations, models

REPORTED = (
    "id",
    "sex",
    "ethnicity",
    "religion",
    "education_professional",
    "theory_level",
    "birth_date",
    "admitted_on",
    "first_admitted_on",
    "official_on",
)
OLD = models.Index(fields=["unit_path", "status"], name="member_path_status_idx")
NEW = models.Index(fields=["unit_path", "status"], include=REPORTED, name="member_path_status_idx")
AUTOVACUUM = "autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02"


def _swap(schema_editor, model, old: models.Index, new: models.Index, storage: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.remove_index(model, old)
        schema_editor.add_index(model, new)
        return
    building = "member_path_status_new"
    columns = ", ".join(new.include)
    include = f" INCLUDE ({columns})" if columns else ""
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {building}")  # left by a stopped run
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY {building} ON members_member (unit_path, status){include}"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {old.name}")
    schema_editor.execute(f"ALTER INDEX {building} RENAME TO {new.name}")
    schema_editor.execute(f"ALTER TABLE members_member {storage}")


def forwards(apps, schema_editor):
    _swap(schema_editor, apps.get_model("members", "Member"), OLD, NEW, f"SET ({AUTOVACUUM})")


def backwards(apps, schema_editor):
    reset = "RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor)"
    _swap(schema_editor, apps.get_model("members", "Member"), NEW, OLD, reset)


class Migration(migrations.Migration):
    atomic = False  # CREATE / DROP INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("members", "0011_leaner_member_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="member", name="member_path_status_idx"),
                migrations.AddIndex(model_name="member", index=NEW),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
