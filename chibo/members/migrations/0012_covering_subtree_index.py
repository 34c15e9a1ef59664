"""The subtree index (unit_path, status) also carries the columns the statistics report reads, so
that the report is an index-only scan: at national scale (5.6 M members) the index is 540 MB against
the table's 1.4 GB, and the rows the report reads no longer need the 37 columns of a member's record
walked one by one (bench/reports.py; docs/decisions/0013). Builds the index again: about 8 s for
5.6 M members on two cores, during which member writes wait."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0011_leaner_member_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="member", name="member_path_status_idx"),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                fields=["unit_path", "status"],
                include=(
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
                ),
                name="member_path_status_idx",
            ),
        ),
    ]
