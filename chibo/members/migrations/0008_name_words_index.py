"""PostgreSQL: an index of the words of the folded name, so that a name search is an
intersection of word postings (the rarest word leads) instead of trigram postings of millions of
rows (docs/decisions/0006-national-scale.md). chibo.members.selectors writes the same expression.

The 'simple' configuration neither stems nor drops words. ANALYZE afterwards: the planner's
estimate of a search's matches (which chooses between sorting them and walking the roster) comes
from the statistics of this expression, which exist only once the table has been analysed.
Building the index on millions of rows takes minutes and blocks writes to members meanwhile.
"""

from django.db import migrations

INDEX = "member_name_words_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON members_member "
        "USING gin (to_tsvector('simple'::regconfig, name_folded))"
    )
    schema_editor.execute("ANALYZE members_member")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("members", "0007_event_kind_ceremony")]

    operations = [migrations.RunPython(forwards, backwards)]
