"""The national-scale bulk services: the same checks as one-by-one creation, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from chibo.core.models import AuditEntry
from chibo.members.models import Member, MemberEvent, MemberUnitPeriod
from chibo.members.services import MemberSpec, members_bulk_load
from chibo.organizations import selectors
from chibo.organizations.models import Unit, UnitEvent, UnitPeriod
from chibo.organizations.services import BulkUnit, unit_create, units_bulk_load
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db
D = date(2001, 1, 1)


def _subtree() -> list[BulkUnit]:
    return [
        BulkUnit("P1", "Đảng bộ tỉnh 1", "upper", None, D),
        BulkUnit("G1", "Đảng bộ cơ sở 1", "dang_bo_co_so", "P1", D),
        BulkUnit("C1", "Chi bộ 1", "chi_bo", "G1", D),
        BulkUnit("C2", "Chi bộ 2", "chi_bo", "G1", D),
        BulkUnit("G2", "Chi bộ cơ sở 2", "chi_bo_co_so", "P1", D),
    ]


def test_units_bulk_load_builds_a_valid_tree_with_history(tree, board):
    assert units_bulk_load(actor=None, parent=tree.root, units=_subtree()) == 5
    assert Unit.objects.find_problems() == ([], [], [], [], [])  # treebeard's own consistency check
    p1, g1, c1 = (Unit.objects.get(code=c) for c in ("P1", "G1", "C1"))
    assert p1.parent_unit() == tree.root and c1.parent_unit() == g1 and g1.numchild == 2
    tree.root.refresh_from_db()
    assert tree.root.numchild == 3
    assert (
        UnitPeriod.objects.get(unit=c1).parent == g1
        and UnitEvent.objects.filter(unit=c1, kind="founded").exists()
    )
    assert AuditEntry.objects.get(action="unit.bulk_load").counts == {"units_created": 5}
    # a unit created afterwards goes after the loaded ones
    later = unit_create(actor=None, parent=g1, code="C3", name="Chi bộ 3", level="chi_bo", founded_on=D)
    assert later.path > c1.path and later.parent_unit() == g1


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (BulkUnit("A1", "Trùng mã", "chi_bo", "G1", D), "unit.code_taken"),
        (BulkUnit("X1", "Sai cấp", "chi_bo", "P1", D), "unit.parent_level"),
        (BulkUnit("X2", "Cha chưa có", "chi_bo", "G9", D), "unit.parent_unknown"),
        (BulkUnit("X3", "Tương lai", "chi_bo", "G1", date(2999, 1, 1)), "date.in_future"),
    ],
)
def test_units_bulk_load_is_all_or_nothing(tree, bad, code):
    count = Unit.objects.count()
    with pytest.raises(RuleViolation) as refused:
        units_bulk_load(actor=None, parent=tree.root, units=[*_subtree(), bad])
    assert refused.value.code == code and Unit.objects.count() == count


def test_members_bulk_load_streams_rows_with_periods_and_events(tree):
    rows = [("A1", MemberSpec(f"Nguyễn Văn {i}", "official", admitted_on=D)) for i in range(30)]
    rows += [("B1", MemberSpec("Trần  Thị  Hoa", "probationary", cccd="001190000001"))]
    before = Member.objects.count()
    assert members_bulk_load(actor=None, batch_target=tree.root, rows=iter(rows), joined_on=D) == 31
    new = Member.objects.filter(pk__gt=0).order_by("-pk")[:31]
    assert Member.objects.count() == before + 31
    hoa = Member.objects.get(cccd="001190000001")
    assert (
        hoa.full_name == "Trần Thị Hoa"
        and hoa.name_folded == "tran thi hoa"
        and hoa.unit_path == tree.b1.path
    )
    assert MemberUnitPeriod.objects.filter(member__in=new, valid_from=D).count() == 31
    assert MemberEvent.objects.filter(member__in=new, kind="recorded").count() == 31
    assert selectors.subtree_headcounts([tree.a1])[tree.a1.pk].official == 4 + 30


@pytest.mark.parametrize(
    ("row", "code"),
    [
        (("A", MemberSpec("Lê Văn Một", "official")), "unit.holds_no_members"),
        (("ZZ", MemberSpec("Lê Văn Hai", "official")), "member.unit_unknown"),
        (("A1", MemberSpec("Lê Văn Ba", "official", cccd="12")), "member.cccd_format"),
        (("A1", MemberSpec("  ", "official")), "member.name_required"),
    ],
)
def test_members_bulk_load_refuses_a_bad_row_and_writes_nothing(tree, row, code):
    before = (Member.objects.count(), MemberEvent.objects.count(), AuditEntry.objects.count())
    rows = [("A1", MemberSpec("Đúng Văn Tốt", "official")), row]
    with pytest.raises(RuleViolation) as refused:
        members_bulk_load(actor=None, batch_target=tree.root, rows=rows, joined_on=D)
    assert refused.value.code == code
    assert (Member.objects.count(), MemberEvent.objects.count(), AuditEntry.objects.count()) == before


def test_members_bulk_load_refuses_a_cccd_already_active(tree):
    rows = [("A1", MemberSpec("Lê Văn Bốn", "official", cccd="001190000009"))]
    members_bulk_load(actor=None, batch_target=tree.root, rows=rows, joined_on=D)
    with pytest.raises(RuleViolation) as refused:
        members_bulk_load(actor=None, batch_target=tree.root, rows=rows, joined_on=D)
    assert refused.value.code == "member.cccd_taken"
