"""The names in use, one row per word start (``NameKey``), so that a name search reads the
matching names from a B-tree and then their members in roster order
(docs/decisions/0006-national-scale.md). Filled here from the members already recorded; the
member services keep it from now on.

On PostgreSQL:
- ``key`` and ``name_sort`` compare byte by byte (collation "C"), so that a prefix of ``key`` is
  a range of the unique index;
- the statistics of ``members_member.name_sort`` keep 10 values instead of 100: a search passes
  the matching sort keys (up to ``chibo.members.selectors.NAMES_UP_TO``) to PostgreSQL as an
  array, and the planner compares each one with every most common value it keeps (5,000 names
  cost about 38 ms of planning with 100, 7 ms with 10, and the estimates stay in the same range);
- the word index of migration 0008 is dropped: nothing reads it any more.
"""

from django.db import migrations, models

WORDS_INDEX = "member_name_words_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE members_namekey ALTER COLUMN key TYPE varchar(150) COLLATE "C", '
            'ALTER COLUMN name_sort TYPE varchar(320) COLLATE "C"'
        )
        schema_editor.execute(
            "INSERT INTO members_namekey (key, name_sort) "
            "SELECT DISTINCT array_to_string(words[i:], ' '), name_sort "
            "FROM (SELECT DISTINCT name_folded, name_sort FROM members_member) AS names, "
            "LATERAL string_to_array(name_folded, ' ') AS words, "
            "LATERAL generate_series(1, cardinality(words)) AS i "
            "ON CONFLICT DO NOTHING"
        )
        schema_editor.execute("ANALYZE members_namekey")
        schema_editor.execute("ALTER TABLE members_member ALTER COLUMN name_sort SET STATISTICS 10")
        schema_editor.execute("ANALYZE members_member (name_sort)")
        schema_editor.execute(f"DROP INDEX IF EXISTS {WORDS_INDEX}")
        return
    Member, NameKey = apps.get_model("members", "Member"), apps.get_model("members", "NameKey")
    keys = set()
    for folded, sort_key in Member.objects.values_list("name_folded", "name_sort").distinct().iterator():
        words = folded.split(" ") if folded else []
        keys.update((" ".join(words[i:]), sort_key) for i in range(len(words)))
    NameKey.objects.bulk_create(
        [NameKey(key=key, name_sort=sort_key) for key, sort_key in keys], batch_size=1000, ignore_conflicts=True
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {WORDS_INDEX} ON members_member "
            "USING gin (to_tsvector('simple'::regconfig, name_folded))"
        )
        schema_editor.execute("ALTER TABLE members_member ALTER COLUMN name_sort SET STATISTICS -1")
        schema_editor.execute("ANALYZE members_member")


class Migration(migrations.Migration):
    dependencies = [("members", "0008_name_words_index")]

    operations = [
        migrations.CreateModel(
            name="NameKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=150)),
                ("name_sort", models.CharField(max_length=320)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("key", "name_sort"), name="name_key_unique")],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
