from __future__ import annotations

from datetime import date, timedelta

import pytest

from chibo.core.models import AuditEntry
from chibo.core.regulations import today
from chibo.core.scoping import NotPermitted
from chibo.core.testing import add_members, make_unit, user_with_role
from chibo.members.models import Member, MemberUnitPeriod
from chibo.organizations import selectors, services
from chibo.organizations.models import Unit, UnitEvent, UnitPeriod
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db
D1 = date(2024, 3, 1)
D2 = date(2025, 7, 1)


def codes_of(nodes):  # type: ignore[no-untyped-def]
    return [n.period.unit.code for n in nodes]


def test_create_writes_unit_period_event_and_audit(tree, board):
    # when
    unit = services.unit_create(
        actor=board, parent=tree.a, code="a2", name="  Chi bộ  Kế toán ", level="chi_bo", founded_on=D1
    )
    # then
    assert unit.code == "A2" and unit.name == "Chi bộ Kế toán" and unit.name_folded == "chi bo ke toan"
    assert unit.parent_unit().pk == tree.a.pk
    period = UnitPeriod.objects.get(unit=unit)
    assert (period.parent_id, period.valid_from, period.valid_to) == (tree.a.pk, D1, None)
    assert unit.events.get().kind == UnitEvent.Kind.FOUNDED
    entry = AuditEntry.objects.get(action="unit.create", target_id=str(unit.pk))
    assert entry.actor == board and entry.after["code"] == "A2" and entry.unit_id == unit.pk


def test_create_refuses_a_taken_code_and_writes_nothing(tree, board):
    before = (Unit.objects.count(), AuditEntry.objects.count())
    with pytest.raises(RuleViolation) as refused:
        services.unit_create(actor=board, parent=tree.a, code="b1", name="X", level="chi_bo", founded_on=D1)
    assert refused.value.code == "unit.code_taken"
    assert (Unit.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize(
    ("parent_attr", "level"),
    [("root", "chi_bo"), ("a1", "dang_bo_co_so"), ("root", "to_dang"), ("a", "upper")],
)
def test_create_refuses_a_level_that_cannot_sit_there(tree, board, parent_attr, level):
    with pytest.raises(RuleViolation) as refused:
        services.unit_create(
            actor=board, parent=getattr(tree, parent_attr), code="NEW", name="X", level=level, founded_on=D1
        )
    assert refused.value.code == "unit.parent_level"


def test_create_refuses_a_founding_date_in_the_future(tree, board):
    with pytest.raises(RuleViolation) as refused:
        services.unit_create(
            actor=board,
            parent=tree.a,
            code="NEW",
            name="X",
            level="chi_bo",
            founded_on=today() + timedelta(days=1),
        )
    assert refused.value.code == "date.in_future"


def test_create_under_a_dissolved_unit_is_refused(tree, board):
    empty = make_unit(tree.a, "EMPTY", "chi_bo")
    services.unit_dissolve(actor=board, unit=empty, effective_on=D2)
    with pytest.raises(RuleViolation) as refused:
        services.unit_create(actor=board, parent=empty, code="T1", name="X", level="to_dang", founded_on=D2)
    assert refused.value.code == "restructure.target_dissolved"


def test_secretary_cannot_restructure_but_can_edit_details(tree):
    secretary = user_with_role("sec", "secretary", tree.a)
    with pytest.raises(NotPermitted):
        services.unit_rename(actor=secretary, unit=tree.a1, name="Chi bộ mới", effective_on=D2)
    services.unit_update(actor=secretary, unit=tree.a1, workers_count=25, has_committee=True)
    tree.a1.refresh_from_db()
    assert (tree.a1.workers_count, tree.a1.has_committee) == (25, True)
    entry = AuditEntry.objects.get(action="unit.update")
    assert entry.before["workers_count"] == 0 and entry.after["workers_count"] == 25


def test_update_with_nothing_changed_writes_no_audit(tree, board):
    count = AuditEntry.objects.count()
    services.unit_update(actor=board, unit=tree.a1, workers_count=tree.a1.workers_count)
    assert AuditEntry.objects.count() == count


def test_rename_keeps_the_old_name_for_earlier_dates(tree, board):
    services.unit_rename(
        actor=board, unit=tree.a, name="Đảng bộ Sở Tài chính – Kế hoạch", effective_on=D2, decision="12-QĐ/ĐU"
    )
    tree.a.refresh_from_db()
    assert tree.a.name == "Đảng bộ Sở Tài chính – Kế hoạch"
    assert selectors.unit_on(unit=tree.a, day=D2 - timedelta(days=1)).name == "Đảng bộ Sở Tài chính"
    assert selectors.unit_on(unit=tree.a, day=D2).name == "Đảng bộ Sở Tài chính – Kế hoạch"
    event = tree.a.events.get(kind=UnitEvent.Kind.RENAMED)
    assert event.details == {"old_name": "Đảng bộ Sở Tài chính"} and event.decision == "12-QĐ/ĐU"
    entry = AuditEntry.objects.get(action="unit.rename")
    assert entry.before == {"name": "Đảng bộ Sở Tài chính"} and entry.effective_on == D2


def test_restructuring_before_the_latest_change_is_refused(tree, board):
    services.unit_rename(actor=board, unit=tree.a, name="Tên mới", effective_on=D2)
    with pytest.raises(RuleViolation) as refused:
        services.unit_rename(actor=board, unit=tree.a, name="Tên khác", effective_on=D2 - timedelta(days=1))
    assert refused.value.code == "restructure.before_last_change"


def test_restructuring_dated_tomorrow_is_refused(tree, board):
    with pytest.raises(RuleViolation) as refused:
        services.unit_rename(
            actor=board, unit=tree.a, name="Tên mới", effective_on=today() + timedelta(days=1)
        )
    assert refused.value.code == "date.in_future"


def test_move_carries_the_subtree_and_the_members_path_copies(tree, board):
    # given a đảng bộ bộ phận under B to receive A1
    part = make_unit(tree.b, "BP", "dang_bo_bo_phan", name="Đảng bộ bộ phận Khối 1")
    group = make_unit(tree.a1, "A1T", "to_dang")
    add_members(group, official=2)
    # when
    services.unit_move(actor=board, unit=tree.a1, new_parent=part, effective_on=D2)
    # then
    tree.refresh()
    part.refresh_from_db()
    group.refresh_from_db()
    assert tree.a1.parent_unit().pk == part.pk and group.path.startswith(tree.a1.path)
    for member in Member.objects.filter(unit__in=[tree.a1, group]):
        assert member.unit_path == member.unit.path
    assert selectors.subtree_headcounts([part])[part.pk].official == 4 + 2
    assert selectors.unit_on(unit=tree.a1, day=D2 - timedelta(days=1)).parent_id == tree.a.pk
    assert selectors.unit_on(unit=tree.a1, day=D2).parent_id == part.pk
    assert AuditEntry.objects.get(action="unit.move").after == {"parent": "BP"}


def test_move_under_own_descendant_is_refused(tree, board):
    part = make_unit(tree.a, "ABP", "dang_bo_bo_phan")
    with pytest.raises(RuleViolation) as refused:
        services.unit_move(actor=board, unit=tree.a, new_parent=part, effective_on=D2)
    # a đảng bộ cơ sở cannot sit under a bộ phận either; the cycle is checked first
    assert refused.value.code == "restructure.cycle"


def test_move_to_the_same_parent_is_refused(tree, board):
    with pytest.raises(RuleViolation) as refused:
        services.unit_move(actor=board, unit=tree.a1, new_parent=tree.a, effective_on=D2)
    assert refused.value.code == "restructure.same_parent"


def test_move_needs_rights_on_the_target_too(tree):
    secretary_board = user_with_role("board-a", "org_board", tree.a)
    with pytest.raises(NotPermitted):
        services.unit_move(actor=secretary_board, unit=tree.a1, new_parent=tree.b, effective_on=D2)


def test_merge_moves_members_and_cells_and_dissolves_the_source(tree, board):
    a_members = set(Member.objects.filter(unit_path__startswith=tree.a.path).values_list("pk", flat=True))
    services.unit_merge(actor=board, source=tree.a, target=tree.b, effective_on=D2, decision="99-QĐ/TU")
    tree.refresh()
    assert tree.a.dissolved_on == D2 and tree.a.merged_into_id == tree.b.pk
    assert tree.a1.parent_unit().pk == tree.b.pk
    for member in Member.objects.filter(pk__in=a_members):
        assert member.unit_path.startswith(tree.b.path)
    assert selectors.subtree_headcounts([tree.b])[tree.b.pk].total == 5 + 3
    entry = AuditEntry.objects.get(action="unit.merge")
    assert entry.is_batch and entry.counts == {"units_moved": 1, "members_moved": 0, "candidates_moved": 0}
    assert tree.b.events.filter(kind=UnitEvent.Kind.ABSORBED, other_unit=tree.a).exists()
    # the tree as of the day before still shows A with A1 under it
    before = selectors.tree_as_of(user=board, day=D2 - timedelta(days=1))
    assert "A" in codes_of(before)
    assert "A" not in codes_of(selectors.tree_as_of(user=board, day=D2))


def test_merge_moves_direct_members_with_their_history(tree, board):
    other = make_unit(tree.a, "A2", "chi_bo")
    add_members(other, official=2)
    moved = list(Member.objects.filter(unit=other))
    services.unit_merge(actor=board, source=other, target=tree.a1, effective_on=D2)
    for member in moved:
        member.refresh_from_db()
        assert member.unit_id == tree.a1.pk and member.unit_path == tree.a1.path
        periods = list(MemberUnitPeriod.objects.filter(member=member).order_by("valid_from"))
        assert [(p.unit_id, p.valid_to) for p in periods] == [(other.pk, D2), (tree.a1.pk, None)]


def test_merge_into_a_dissolved_unit_is_refused(tree, board):
    empty = make_unit(tree.b, "B2", "chi_bo")
    services.unit_dissolve(actor=board, unit=empty, effective_on=D2)
    with pytest.raises(RuleViolation) as refused:
        services.unit_merge(actor=board, source=tree.a1, target=empty, effective_on=D2)
    assert refused.value.code == "restructure.target_dissolved"


def test_merge_into_itself_or_into_own_child_is_refused(tree, board):
    with pytest.raises(RuleViolation) as itself:
        services.unit_merge(actor=board, source=tree.a, target=tree.a, effective_on=D2)
    with pytest.raises(RuleViolation) as child:
        services.unit_merge(actor=board, source=tree.a, target=tree.a1, effective_on=D2)
    assert (itself.value.code, child.value.code) == ("restructure.same_unit", "restructure.cycle")


def test_merge_refuses_children_that_cannot_sit_under_the_target_and_writes_nothing(tree, board):
    # A has a chi bộ; a chi bộ cannot sit under a chi bộ (B1)
    audit_count = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as refused:
        services.unit_merge(actor=board, source=tree.a, target=tree.b1, effective_on=D2)
    assert refused.value.code == "unit.parent_level"
    tree.refresh()
    assert tree.a.dissolved_on is None and tree.a1.parent_unit().pk == tree.a.pk
    assert AuditEntry.objects.count() == audit_count


def test_split_creates_siblings_with_the_chosen_members(tree, board):
    members = list(Member.objects.filter(unit=tree.a1).order_by("pk"))
    parts = [
        services.SplitPart(code="A1X", name="Chi bộ X", member_ids=[m.pk for m in members[:3]]),
        services.SplitPart(code="A1Y", name="Chi bộ Y", member_ids=[m.pk for m in members[3:]]),
    ]
    created = services.unit_split(
        actor=board, source=tree.a1, parts=parts, effective_on=D2, dissolve_source=True
    )
    tree.refresh()
    assert [u.code for u in created] == ["A1X", "A1Y"]
    assert all(u.parent_unit().pk == tree.a.pk and u.level == "chi_bo" for u in created)
    assert (
        Member.objects.filter(unit=created[0]).count() == 3
        and Member.objects.filter(unit=created[1]).count() == 2
    )
    assert tree.a1.dissolved_on == D2
    entry = AuditEntry.objects.get(action="unit.split")
    assert entry.counts == {"units_created": 2, "members_moved": 5, "units_moved": 0}


def test_split_with_dissolution_must_take_everyone(tree, board):
    member = Member.objects.filter(unit=tree.a1).first()
    with pytest.raises(RuleViolation) as refused:
        services.unit_split(
            actor=board,
            source=tree.a1,
            effective_on=D2,
            dissolve_source=True,
            parts=[services.SplitPart(code="A1X", name="X", member_ids=[member.pk])],
        )
    assert refused.value.code == "restructure.source_not_empty"
    assert not Unit.objects.filter(code="A1X").exists()


@pytest.mark.parametrize(
    ("parts_spec", "code"),
    [
        ("overlap", "restructure.split_overlap"),
        ("foreign", "restructure.split_foreign"),
        ("dup_code", "restructure.split_duplicate_code"),
        ("taken_code", "unit.code_taken"),
        ("none", "restructure.split_no_parts"),
    ],
)
def test_split_refusals(tree, board, parts_spec, code):
    mine = list(Member.objects.filter(unit=tree.a1).values_list("pk", flat=True))
    foreign = Member.objects.filter(unit=tree.b1).values_list("pk", flat=True).first()
    parts = {
        "overlap": [services.SplitPart("X1", "X", [mine[0]]), services.SplitPart("X2", "Y", [mine[0]])],
        "foreign": [services.SplitPart("X1", "X", [foreign])],
        "dup_code": [services.SplitPart("X1", "X"), services.SplitPart("x1", "Y")],
        "taken_code": [services.SplitPart("B1", "X")],
        "none": [],
    }[parts_spec]
    with pytest.raises(RuleViolation) as refused:
        services.unit_split(actor=board, source=tree.a1, parts=parts, effective_on=D2)
    assert refused.value.code == code


def test_dissolve_with_members_needs_a_successor(tree, board):
    with pytest.raises(RuleViolation) as refused:
        services.unit_dissolve(actor=board, unit=tree.a1, effective_on=D2)
    assert refused.value.code == "restructure.dissolve_not_empty"
    other = make_unit(tree.a, "A2", "chi_bo")
    services.unit_dissolve(actor=board, unit=tree.a1, effective_on=D2, successor=other)
    assert Member.objects.filter(unit=other).count() == 5
    assert not Member.objects.filter(unit=tree.a1).exists()
    entry = AuditEntry.objects.get(action="unit.dissolve")
    assert entry.counts == {"units_moved": 0, "members_moved": 5, "candidates_moved": 0}


def test_a_dissolved_unit_cannot_be_restructured_again(tree, board):
    empty = make_unit(tree.a, "A2", "chi_bo")
    services.unit_dissolve(actor=board, unit=empty, effective_on=D2)
    with pytest.raises(RuleViolation) as refused:
        services.unit_rename(actor=board, unit=empty, name="Khác", effective_on=D2)
    assert refused.value.code == "restructure.source_dissolved"


def test_no_member_is_ever_left_in_a_dissolved_unit(tree, board):
    services.unit_merge(actor=board, source=tree.a, target=tree.b, effective_on=D2)
    dissolved = Unit.objects.filter(dissolved_on__isnull=False)
    assert not Member.objects.filter(unit__in=dissolved).exists()
