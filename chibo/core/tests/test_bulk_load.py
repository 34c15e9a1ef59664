"""The national-scale bulk services: the same checks as one-by-one creation, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from chibo.core import bulk
from chibo.core.models import AuditEntry
from chibo.members.models import Member, MemberEvent, MemberUnitPeriod
from chibo.members.services import MemberSpec, member_create, members_bulk_load
from chibo.members.services import _common as member_common
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


def test_members_bulk_load_gives_history_to_its_own_members_only(tree, monkeypatch):
    """A member recorded while a load streams (after its first chunk, as another writer's would
    be seen) is not taken for a loaded one: before, the periods and events went to every member
    above the largest id at the start, and that member got a second period and event."""
    monkeypatch.setattr(member_common, "COPY_CHUNK", 3, raising=False)  # absent before the fix
    copy_rows, meanwhile = bulk.copy_rows, []

    def copy_then_someone_else(model, *args, **kwargs):
        written = copy_rows(model, *args, **kwargs)
        if model is Member and not meanwhile:
            spec = MemberSpec("Đinh Văn Giữa", "official", cccd="001190099998")
            meanwhile.append(member_create(actor=None, unit=tree.b1, spec=spec, joined_on=date(2015, 1, 1)))
        return written

    monkeypatch.setattr(bulk, "copy_rows", copy_then_someone_else)
    rows = (("A1", MemberSpec(f"Hồ Văn {i}", "official")) for i in range(7))
    assert members_bulk_load(actor=None, batch_target=tree.root, rows=rows, joined_on=D) == 7
    assert list(meanwhile[0].unit_periods.values_list("valid_from", flat=True)) == [date(2015, 1, 1)]
    assert meanwhile[0].events.count() == 1
    loaded = Member.objects.filter(full_name__startswith="Hồ Văn ")
    assert loaded.count() == 7
    assert MemberUnitPeriod.objects.filter(member__in=loaded, valid_from=D, unit=tree.a1).count() == 7
    assert MemberEvent.objects.filter(member__in=loaded, kind="recorded", effective_on=D).count() == 7


def test_reserved_ids_are_new_ascending_and_above_those_written(tree):
    from django.db import transaction

    with transaction.atomic():
        top = Member.objects.order_by("-pk").values_list("pk", flat=True).first()
        first = bulk.reserve_ids(Member, 3)
        assert first == sorted(first) and len(set(first)) == 3 and first[0] > top
        assert bulk.reserve_ids(Member, 0) == []
        member = Member.objects.get(pk=top)  # written under the last id, as the bulk services do
        member.pk, member.cccd, member.card_number, member.user_id = first[-1], "", "", None
        member.save(force_insert=True)
        second = bulk.reserve_ids(Member, 2)
        assert second[0] > first[-1] and len(set(second)) == 2


def test_units_bulk_load_gives_history_to_its_own_units_only(tree, monkeypatch):
    """A unit made right after the load's COPY (as another writer's would be seen) keeps one
    period and one founding event; the loaded units get theirs."""
    copy_rows, meanwhile = bulk.copy_rows, []

    def copy_then_someone_else(*args, **kwargs):
        written = copy_rows(*args, **kwargs)
        meanwhile.append(
            unit_create(actor=None, parent=tree.a, code="M9", name="Chi bộ M9", level="chi_bo", founded_on=D)
        )
        return written

    monkeypatch.setattr(bulk, "copy_rows", copy_then_someone_else)
    assert units_bulk_load(actor=None, parent=tree.root, units=_subtree()) == 5
    assert UnitPeriod.objects.filter(unit=meanwhile[0]).count() == 1
    assert UnitEvent.objects.filter(unit=meanwhile[0]).count() == 1
    loaded = Unit.objects.filter(code__in=["P1", "G1", "C1", "C2", "G2"])
    assert UnitPeriod.objects.filter(unit__in=loaded).count() == 5
    assert UnitEvent.objects.filter(unit__in=loaded, kind="founded").count() == 5


def test_id_ranges_merge_what_follows_and_keep_gaps_apart():
    ranges = bulk.IdRanges()
    ranges.add([1, 2, 3])
    ranges.add([4, 5])  # the next chunk follows on
    ranges.add([9, 10, 12])  # someone else took 6-8 and 11
    ranges.add([])
    assert list(ranges) == [(1, 5), (9, 10), (12, 12)]
