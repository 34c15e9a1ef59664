"""The evaluation reads: roll-up, year comparison, streaks, a member's grades, the demo."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from chibo.core.regulations import today
from chibo.evaluations import selectors
from chibo.evaluations import services as svc
from chibo.evaluations.tests.conftest import official_members
from chibo.members.models import Member

pytestmark = pytest.mark.django_db


def _load(tree: Any, year: int, members: dict[int, str], units: dict[int, str] | None = None) -> None:
    svc.evaluations_history_load(
        actor=None, unit=tree.root, year=year, member_grades=members, unit_grades=units or {},
        decided_on=today(), decision_number=f"{year}-QĐ",
    )  # fmt: skip


def _b1_members(tree: Any) -> list[Member]:
    return list(Member.objects.filter(unit=tree.b1).order_by("pk"))


def test_results_count_each_grade_per_unit_rolled_up_the_tree(tree):
    a_members, b_members = official_members(tree), _b1_members(tree)
    grades = {m.pk: "HTTNV" for m in a_members} | {b_members[0].pk: "HTNV", b_members[1].pk: "KHTNV"}
    _load(tree, 2024, grades, {tree.a.pk: "HTTNV", tree.a1.pk: "HTNV", tree.b1.pk: "HTTNV"})
    _load(tree, 2023, {a_members[0].pk: "HTNV"})
    result = selectors.results(unit=tree.root, year=2024)
    rows = {row.unit.code: row for row in result.rows}
    assert list(rows) == ["R", "A", "B"]
    assert rows["R"].members.counts == {"HTXSNV": 0, "HTTNV": 4, "HTNV": 1, "KHTNV": 1}
    assert rows["R"].members.total == 6 and rows["R"].members.percents["HTTNV"] == 66.7
    assert rows["A"].members.counts["HTTNV"] == 4 and rows["B"].members.total == 2
    assert rows["R"].units.counts == {"HTXSNV": 0, "HTTNV": 2, "HTNV": 1, "KHTNV": 0}
    assert rows["A"].units.total == 2 and rows["B"].units.total == 1  # A itself and A1; B1
    assert rows["B"].units.percents == {"HTXSNV": 0.0, "HTTNV": 100.0, "HTNV": 0.0, "KHTNV": 0.0}
    # the last five years side by side, for the whole subtree
    assert result.years == [2020, 2021, 2022, 2023, 2024]
    assert result.by_year[2023].members.counts["HTNV"] == 1 and result.by_year[2023].members.total == 1
    assert result.by_year[2020].members.percents["HTTNV"] is None


def test_results_of_a_unit_leave_out_other_subtrees(tree):
    _load(tree, 2024, {m.pk: "HTTNV" for m in _b1_members(tree)})
    result = selectors.results(unit=tree.a, year=2024)
    assert [row.members.total for row in result.rows] == [0, 0]


def test_undecided_evaluations_are_not_counted(tree):
    svc.member_evaluation_review(
        actor=None, member=official_members(tree)[0], year=2025, score=80, on=today()
    )
    assert selectors.results(unit=tree.root, year=2025).rows[0].members.total == 0


def test_streaks_of_five_years_running_for_members_and_units(tree):
    from chibo.core.testing import add_members, make_unit

    add_members(tree.a1, official=18, prefix="Phạm Văn")  # 19 HTTNV allow 3 HTXSNV
    star, other, third, gap, *rest = official_members(tree)
    for code in ("C1", "C2", "C3", "C4", "C5"):
        make_unit(tree.root, code, "dang_bo_co_so")
    others = [u.pk for u in tree.root.child_units().filter(code__startswith="C")]
    for year in range(2019, 2026):
        members = {m.pk: "HTTNV" for m in rest}
        members[star.pk] = "HTXSNV" if year >= 2020 else "HTTNV"  # 6 years by 2025
        members[other.pk] = "HTXSNV" if year >= 2022 else "HTTNV"  # 4 years
        members[third.pk] = "HTXSNV" if year <= 2021 else "HTTNV"  # the streak ended
        if year != 2022:  # no grade in 2022 breaks the streak
            members[gap.pk] = "HTXSNV" if year >= 2020 else "HTTNV"
        units = {pk: "HTTNV" for pk in others} | {tree.a.pk: "HTXSNV" if year >= 2021 else "HTTNV"}
        _load(tree, year, members, units)
    found = selectors.streak_candidates(roots=[tree.root], year=2025)
    assert [(r.kind, r.name, r.years) for r in found] == [
        ("member", star.full_name, 6),
        ("unit", tree.a.name, 5),
    ]
    assert (
        found[0].unit_id == tree.a1.pk and found[0].unit_name == tree.a1.name and found[1].member_id is None
    )
    shorter = selectors.streak_candidates(roots=[tree.a], year=2025, length=3)
    assert {(r.name, r.years) for r in shorter} == {
        (star.full_name, 6),
        (other.full_name, 4),
        (gap.full_name, 3),
        (tree.a.name, 5),
    }
    assert selectors.streak_candidates(roots=[tree.b], year=2025) == []
    good_or_better = selectors.streak_candidates(
        roots=[tree.a1], year=2025, length=7, grades=("HTXSNV", "HTTNV")
    )
    assert {r.member_id for r in good_or_better} == {star.pk, other.pk, third.pk, *(m.pk for m in rest)}


def test_member_grades_by_year(tree):
    member = official_members(tree)[0]
    _load(tree, 2022, {member.pk: "HTNV"})
    _load(tree, 2024, {member.pk: "HTTNV"})
    assert selectors.member_grades(member) == {2022: "HTNV", 2024: "HTTNV"}


def test_the_demo_loads_tables_and_five_years_within_the_quota(tree):
    from chibo.core.testing import add_members
    from chibo.evaluations.demo import demo_evaluations
    from chibo.evaluations.models import MemberEvaluation, ScoringTable, UnitEvaluation
    from chibo.rules.evaluation import check_quota
    from chibo.rules.profiles import profile_on

    add_members(tree.a1, official=20, prefix="Phạm Văn")
    done = demo_evaluations()
    assert done["tables"] == 12 and ScoringTable.objects.filter(unit=tree.root).count() == 12
    assert MemberEvaluation.objects.values("year").distinct().count() == 5
    assert (
        done["members"] == MemberEvaluation.objects.count()
        and done["units"] == UnitEvaluation.objects.count()
    )
    # every grassroots organisation and committee keeps the quota each year, and some are excellent
    for model, key in ((MemberEvaluation, "grassroots_id"), (UnitEvaluation, "deciding_id")):
        groups: dict[tuple[int, int], list[str]] = {}
        for group, year, grade in model.objects.values_list(key, "year", "grade"):
            groups.setdefault((group, year), []).append(grade)
        for (_group, year), grades in groups.items():
            check_quota(grades, profile_on(date(year, 12, 31)))
    assert MemberEvaluation.objects.filter(grade="HTXSNV").exists()
