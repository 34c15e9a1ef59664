"""Data quality: completeness per field and each kind of problem detected (and only where it is)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from chibo.core.regulations import today
from chibo.core.testing import make_unit
from chibo.members import services as mem
from chibo.members.models import Member
from chibo.organizations.models import Unit
from chibo.reports import selectors

pytestmark = pytest.mark.django_db


def _member(tree, name: str, **kw) -> Member:  # type: ignore[no-untyped-def]
    unit = kw.pop("unit", tree.a1)
    spec = mem.MemberSpec(
        name,
        "official",
        birth_date=kw.pop("birth_date", date(1980, 5, 5)),
        sex="M",
        admitted_on=date(2010, 1, 1),
        official_on=date(2011, 1, 1),
        **kw,
    )
    return mem.member_create(actor=None, unit=unit, spec=spec)


def _kinds(tree) -> dict[str, set[int]]:  # type: ignore[no-untyped-def]
    found: dict[str, set[int]] = {}
    for p in selectors.quality(tree.a, limit=None)["problems"]:
        found.setdefault(p.kind, set()).add(p.member_id)
    return found


def test_a_clean_subtree_has_no_problem(tree):
    _member(tree, "Sạch Sẽ")
    assert _kinds(tree) == {}


def test_each_problem_kind_is_detected(tree, board):
    clean = _member(tree, "Không Lỗi", cccd="001080000001")
    # same CCCD: a member who left, recorded again with the CCCD
    gone = _member(tree, "Đã Đi", cccd="001080000002")
    mem.member_leave(actor=board, member=gone, reason="resigned", on=date(2020, 1, 1))
    again = _member(tree, "Đã Đi", cccd="001080000002", birth_date=date(1981, 1, 1))
    # same folded name and birth date
    twin1 = _member(tree, "Nguyễn Văn Đức", birth_date=date(1970, 2, 2))
    twin2 = _member(tree, "NGUYEN van duc", birth_date=date(1970, 2, 2))
    # impossible dates, written past the services (legacy imports)
    born_late = _member(tree, "Sinh Muộn")
    Member.objects.filter(pk=born_late.pk).update(birth_date=date(2011, 1, 1))
    young = _member(tree, "Còn Trẻ")
    Member.objects.filter(pk=young.pk).update(birth_date=date(1992, 1, 2))  # 17 on 1/1/2010
    just18 = _member(tree, "Vừa Đủ")
    Member.objects.filter(pk=just18.pk).update(birth_date=date(1992, 1, 1))  # 18 that day: fine
    early = _member(tree, "Lễ Sớm")
    Member.objects.filter(pk=early.pk).update(ceremony_on=date(2009, 12, 1))
    official = _member(tree, "Chính Thức Sớm")
    Member.objects.filter(pk=official.pk).update(official_on=date(2009, 6, 1))
    future = _member(tree, "Tương Lai")
    Member.objects.filter(pk=future.pk).update(official_on=today() + timedelta(days=3))
    # a member left in a committee's own roll (not a cell) and one in a dissolved cell
    stray = _member(tree, "Lạc Chỗ")
    Member.objects.filter(pk=stray.pk).update(unit=tree.a)
    cell = make_unit(tree.a, "A9", "chi_bo")
    orphan = _member(tree, "Mồ Côi", unit=cell)
    Unit.objects.filter(pk=cell.pk).update(dissolved_on=date(2024, 1, 1))
    # when
    kinds = _kinds(tree)
    # then
    assert kinds["cccd_duplicate"] == {gone.pk, again.pk}
    assert kinds["name_birth_duplicate"] == {twin1.pk, twin2.pk}
    assert kinds["birth_after_admission"] == {born_late.pk}
    assert kinds["admitted_under_18"] == {young.pk}
    assert kinds["ceremony_before_admission"] == {early.pk}
    assert kinds["official_before_admission"] == {official.pk}
    assert kinds["future_date"] == {future.pk}
    assert kinds["no_unit"] == {stray.pk, orphan.pk}
    assert clean.pk not in set().union(*kinds.values()) and just18.pk not in set().union(*kinds.values())
    # the sibling's subtree sees none of it
    assert selectors.quality(tree.b)["problems_total"] == 0


def test_completeness_per_field(tree):
    _member(tree, "Đủ Hết", cccd="001080000009", home_town="Hà Nội")
    rows = {r["field"]: r for r in selectors.completeness(tree.a)}
    # 6 active members: the tree's 5 (no birth date, no CCCD) and this one
    assert rows["cccd"]["filled"] == 1 and rows["cccd"]["of"] == 6
    assert rows["birth_date"]["filled"] == 1
    assert rows["admitted_on"]["percent"] == 100.0
    assert rows["ethnicity"]["filled"] == 6  # Kinh by default
    # official-only fields count among the 5 official members
    assert rows["official_on"]["of"] == 5 and rows["official_on"]["filled"] == 5
    assert rows["card_number"]["filled"] == 0


def test_name_twins_count_only_among_active_members_of_the_subtree(tree, board):
    # given the same name and birth date in A1 and in B1, and twice in A1 where one has left
    _member(tree, "Trần Thị Lan", birth_date=date(1975, 3, 3))
    _member(tree, "Trần Thị Lan", birth_date=date(1975, 3, 3), unit=tree.b1)
    left = _member(tree, "Lê Văn Nam", birth_date=date(1966, 6, 6))
    _member(tree, "Lê Văn Nam", birth_date=date(1966, 6, 6))
    mem.member_leave(actor=board, member=left, reason="resigned", on=date(2020, 1, 1))
    # then neither is a duplicate suspect of A's subtree; the whole tree sees the first pair
    assert "name_birth_duplicate" not in _kinds(tree)
    assert selectors.quality(tree.root)["counts"]["name_birth_duplicate"] == 2


def test_problems_are_listed_unit_by_unit_in_roster_order(tree):
    # given name twins in A2 and A1, named so that roster order alone would mix the units
    a2 = make_unit(tree.a, "A2", "chi_bo")
    for unit, name in ((a2, "An Thị Ba"), (tree.a1, "Bùi Văn Tư"), (a2, "Cao Văn Năm")):
        for _ in range(2):
            _member(tree, name, unit=unit, birth_date=date(1970, 1, 1))
    # when
    listed = [(p.unit_code, p.name) for p in selectors.quality(tree.a)["problems"]]
    # then
    assert listed == [
        ("A1", "Bùi Văn Tư"),
        ("A1", "Bùi Văn Tư"),
        ("A2", "An Thị Ba"),
        ("A2", "An Thị Ba"),
        ("A2", "Cao Văn Năm"),
        ("A2", "Cao Văn Năm"),
    ]


def test_counts_cover_every_problem_when_only_the_first_are_listed(tree):
    # given three pairs of name twins (six problems of one kind)
    for name in ("Hà Văn Một", "Hà Văn Hai", "Hà Văn Ba"):
        for _ in range(2):
            _member(tree, name, birth_date=date(1970, 1, 1))
    # when only the first problem of each kind is listed
    report = selectors.quality(tree.a, limit=1)
    # then the count is still the whole
    assert report["counts"]["name_birth_duplicate"] == 6
    assert [p.kind for p in report["problems"]] == ["name_birth_duplicate"]
    assert report["problems_total"] == 6


def test_duplicate_cccds_are_shown_masked(tree, board):
    # given a CCCD recorded twice (one of them left)
    gone = _member(tree, "Đã Đi", cccd="001080000777")
    mem.member_leave(actor=board, member=gone, reason="resigned", on=date(2020, 1, 1))
    _member(tree, "Đã Đi", cccd="001080000777", birth_date=date(1981, 1, 1))
    # then the problem list tells the pair by its last digits only (the member page shows it whole)
    details = [p.detail for p in selectors.quality(tree.a)["problems"] if p.kind == "cccd_duplicate"]
    assert details == ["cccd=•••••••••777", "cccd=•••••••••777"]
