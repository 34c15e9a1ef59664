"""Reads: the scoped, filtered list; the counts rolled up the tree; the candidates without those
already commended."""

from __future__ import annotations

import pytest

from chibo.commendations import selectors, services
from chibo.commendations.tests.conftest import StreakRow, record
from chibo.core.testing import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(tree, member):
    """2024: A1 collective giấy khen, a member of A1 bằng khen (cấp trên), A collective cờ thi đua,
    B1 collective giấy khen, one annulled in A1; 2023: one in A1."""
    return {
        "a1": record(unit=tree.a1),
        "member": record(member=member, kind="bang_khen", level="cap_tren"),
        "a": record(unit=tree.a, kind="co_thi_dua", level="tinh"),
        "b1": record(unit=tree.b1),
        "annulled": services.commendation_annul(
            actor=None, commendation=record(unit=tree.a1), reason="Thu hồi"
        ),
        "old": record(unit=tree.a1, year=2023),
    }


def test_counts_roll_up_the_tree_in_one_query(tree, spread, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = selectors.commendation_counts(units=[tree.root, tree.a, tree.a1, tree.b], year=2024)
    by_code = {c.unit.code: c for c in counts}
    assert (by_code["R"].collective, by_code["R"].individual, by_code["R"].total) == (3, 1, 4)
    assert (by_code["A"].collective, by_code["A"].individual) == (2, 1)
    assert (by_code["A1"].collective, by_code["A1"].individual) == (1, 1)
    assert (by_code["B"].collective, by_code["B"].individual) == (1, 0)
    assert by_code["A"].by_kind == {"giay_khen": 1, "bang_khen": 1, "co_thi_dua": 1}
    assert by_code["A"].by_level == {"co_so": 1, "cap_tren": 1, "tinh": 1}
    kinds_b = {k: n for k, _label, n in by_code["B"].kinds()}
    assert (kinds_b["giay_khen"], kinds_b["huan_chuong"]) == (1, 0)


def test_counts_of_a_year_without_commendations_are_zero(tree, spread):
    (row,) = selectors.commendation_counts(units=[tree.root], year=2022)
    assert (row.total, row.by_kind) == (0, {})
    assert selectors.commendation_counts(units=[], year=2024) == []


def test_the_list_is_scoped_and_filtered(tree, spread):
    board = user_with_role("b", "org_board", tree.root)
    secretary_b = user_with_role("sb", "secretary", tree.b)
    everything = set(selectors.commendation_list(user=board))
    assert spread["annulled"] not in everything and len(everything) == 5
    assert set(selectors.commendation_list(user=secretary_b)) == {spread["b1"]}
    assert set(selectors.commendation_list(user=board, within=tree.a, year=2024)) == {
        spread["a1"],
        spread["member"],
        spread["a"],
    }
    assert list(selectors.commendation_list(user=board, kind="bang_khen")) == [spread["member"]]
    assert list(selectors.commendation_list(user=board, level="tinh")) == [spread["a"]]
    assert list(selectors.commendation_list(user=board, subject="individual")) == [spread["member"]]
    assert spread["member"] not in selectors.commendation_list(user=board, subject="collective")
    assert spread["annulled"] in selectors.commendation_list(user=board, include_annulled=True)


def test_candidates_drop_those_commended_for_the_year_only(tree, member, streaks):
    other = tree.a1.members.exclude(pk=member.pk).first()
    streaks.rows += [
        StreakRow("member", member.pk, tree.a1.pk, member.full_name, tree.a1.name, 5),
        StreakRow("member", other.pk, tree.a1.pk, other.full_name, tree.a1.name, 6),
        StreakRow("unit", None, tree.a1.pk, tree.a1.name, tree.a1.name, 5),
        StreakRow("unit", None, tree.b1.pk, tree.b1.name, tree.b1.name, 5),
    ]
    record(member=member, year=2024)  # commended for the year
    record(unit=tree.a1, year=2023)  # another year: still a candidate
    services.commendation_annul(actor=None, commendation=record(unit=tree.b1, year=2024), reason="Thu hồi")
    found = selectors.candidates(roots=[tree.root], year=2024, length=5)
    assert [(c.kind, c.member_id, c.unit_code) for c in found] == [
        ("member", other.pk, "A1"),
        ("unit", None, "A1"),
        ("unit", None, "B1"),  # the annulled one does not count
    ]
    assert found[0].unit_path == tree.a1.path
    assert streaks.calls == [{"roots": [tree.root], "year": 2024, "length": 5, "grades": ("HTXSNV",)}]


def test_commended_for_reads_members_and_collectives_apart(tree, member):
    record(unit=tree.a1, year=2024)
    members, units = selectors.commended_for(2024, member_ids=[member.pk], unit_ids=[tree.a1.pk])
    assert (members, units) == (set(), {tree.a1.pk})  # the cell's commendation is not the member's
    assert selectors.commended_for(2024, member_ids=[], unit_ids=[]) == (set(), set())
