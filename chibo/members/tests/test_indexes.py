"""The indexes of the member table as the migrations leave them (members 0011, 0012): the ones each
write pays for are the ones queries use, the subtree index carries the statistics report's columns,
and the partial unique index on CCCD survived the migration that dropped the field indexes
(Django's AlterField would have taken it too)."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

DROPPED = {
    "members_member_card_number_429e92e0",
    "members_member_cccd_eacbc75c",
    "members_member_name_folded_c9c9d7df",
    "members_member_unit_path_c46d1d23",
    "member_name_trgm_idx",
}
KEPT = {
    "member_path_status_idx",
    "member_path_sort_idx",
    "member_sort_idx",
    "member_cccd_idx",
    "member_card_idx",
    "member_name_birth_idx",
    "unique_cccd_among_active",
}


def test_the_member_table_has_the_indexes_queries_use_and_no_other():
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, "members_member"))
    assert names >= KEPT
    assert not names & (DROPPED | {f"{name}_like" for name in DROPPED})


def test_two_active_members_cannot_share_a_cccd_at_the_database_level(tree):
    from django.db import IntegrityError, transaction

    from chibo.members.models import Member

    one, two = Member.objects.filter(unit=tree.b1)[:2]
    Member.objects.filter(pk=one.pk).update(cccd="001099000111")
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=two.pk).update(cccd="001099000111")


def test_the_subtree_index_carries_the_columns_the_statistics_report_reads():
    """On PostgreSQL the report is an index-only scan of member_path_status_idx (its INCLUDE
    columns); chibo/reports/tests/test_statistics.py checks the report reads no other column.
    SQLite has no INCLUDE: there the index is the two keys alone."""
    from chibo.members.models import REPORTED_FIELDS

    with connection.cursor() as cursor:
        index = connection.introspection.get_constraints(cursor, "members_member")["member_path_status_idx"]
        if connection.vendor != "postgresql":
            assert index["columns"] == ["unit_path", "status"]
            return
        cursor.execute("SELECT pg_get_indexdef('member_path_status_idx'::regclass)")
        definition = cursor.fetchone()[0]
    keys, included = definition.split(" INCLUDE ")
    assert keys.endswith("(unit_path, status)")
    assert set(included.strip("()").split(", ")) == set(REPORTED_FIELDS)
