"""The member services: every write, its history row, and every refusal leaving no trace."""

from __future__ import annotations

import unicodedata
from contextlib import contextmanager
from datetime import date, timedelta

import pytest

from chibo.accounts.models import User
from chibo.core import audit
from chibo.core.models import AuditEntry
from chibo.core.scoping import NotPermitted
from chibo.core.testing import make_unit, user_with_role
from chibo.members import selectors
from chibo.members import services as svc
from chibo.members.models import (
    Absence,
    ActivityState,
    Exemption,
    Member,
    MemberEvent,
    MemberStatus,
    MemberUnitPeriod,
    Transfer,
)
from chibo.members.services import MemberSpec
from chibo.organizations import services as org
from chibo.organizations.selectors import subtree_headcounts
from chibo.rules.errors import RuleViolation
from chibo.rules.text import roster_sort_key
from chibo.rules.workdays import add_working_days

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)  # a Monday
JOINED = date(2020, 1, 1)
D = date(2025, 7, 1)
Kind = MemberEvent.Kind


@pytest.fixture(autouse=True)
def set_today(monkeypatch):
    """Freeze "today" where the services, the selectors and the restructuring read it."""

    def freeze(day: date) -> None:
        for name in (
            "chibo.members.selectors.today",
            "chibo.core.regulations.today",
            "chibo.organizations.services.today",
        ):
            monkeypatch.setattr(name, lambda day=day: day)

    freeze(TODAY)
    return freeze


def _person(unit, *, joined_on=JOINED, actor=None, **values):  # type: ignore[no-untyped-def]
    spec = {
        "full_name": "Hoàng Văn Minh",
        "status": "official",
        "birth_date": date(1980, 5, 10),
        "sex": "M",
        "admitted_on": date(2005, 3, 1),
        "ceremony_on": date(2005, 4, 1),
        "official_on": date(2006, 4, 1),
        **values,
    }
    return svc.member_create(actor=actor, unit=unit, spec=MemberSpec(**spec), joined_on=joined_on)


def _probationary(unit, **values):  # type: ignore[no-untyped-def]
    values = {
        "status": "probationary",
        "admitted_on": date(2024, 1, 2),
        "ceremony_on": date(2024, 2, 1),
        "official_on": None,
        **values,
    }
    return _person(unit, joined_on=date(2024, 2, 1), **values)


def _state(records):  # type: ignore[no-untyped-def]
    counts = [
        model.objects.count()
        for model in (Member, MemberEvent, MemberUnitPeriod, AuditEntry, Transfer, Exemption, Absence, User)
    ]
    rows = [audit.snapshot(type(r).objects.get(pk=r.pk)) for r in records]
    return counts, rows


@contextmanager
def refused(code, *records):  # type: ignore[no-untyped-def]
    """Expect a refusal (a RuleViolation ``code``, or an exception class) and no write at all:
    no new row of any member model or audit entry, and each of ``records`` unchanged."""
    before = _state(records)
    expected = code if isinstance(code, type) else RuleViolation
    with pytest.raises(expected) as info:
        yield info
    if isinstance(code, str):
        assert info.value.code == code
    assert _state(records) == before


def _headcounts(*units):  # type: ignore[no-untyped-def]
    counts = subtree_headcounts(list(units))
    return [(counts[u.pk].official, counts[u.pk].probationary) for u in units]


# --- member_create ---------------------------------------------------------------------------


def test_create_normalises_the_name_and_writes_period_and_recorded_event(tree, board):
    decomposed = "  Nguye\u0302\u0303n   Va\u0306n\tĐu\u031b\u0301c "
    # when
    member = svc.member_create(
        actor=board, unit=tree.a1, spec=MemberSpec(full_name=decomposed, status="official")
    )
    # then
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Văn Đức" and unicodedata.is_normalized("NFC", member.full_name)
    assert member.name_folded == "nguyen van duc"
    assert member.name_sort == roster_sort_key("Nguyễn Văn Đức")
    assert (member.unit_id, member.unit_path, member.version) == (tree.a1.pk, tree.a1.path, 1)
    period = MemberUnitPeriod.objects.get(member=member)
    assert (period.unit_id, period.valid_from, period.valid_to, period.reason) == (
        tree.a1.pk,
        TODAY,
        None,
        "recorded",
    )
    event = member.events.get()
    assert (event.kind, event.effective_on, event.actor, event.unit_id) == (
        Kind.RECORDED,
        TODAY,
        board,
        tree.a1.pk,
    )
    assert member.last_event_on is None  # data entry does not hold back earlier life-cycle events


def test_create_keeps_the_given_joining_date_and_strips_spaces_in_the_cccd(tree, board):
    member = _person(tree.a1, actor=board, cccd=" 001 203 012345 ", joined_on=date(2019, 5, 2))
    assert member.cccd == "001203012345"
    assert MemberUnitPeriod.objects.get(member=member).valid_from == date(2019, 5, 2)
    assert member.events.get().effective_on == date(2019, 5, 2)


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"full_name": "   "}, "member.name_required"),
        ({"cccd": "00120301234"}, "member.cccd_format"),
        ({"cccd": "0012030123AB"}, "member.cccd_format"),
        ({"cccd": "000203012345"}, "member.cccd_province"),
        (
            {"ceremony_on": date(2005, 4, 1), "official_on": date(2005, 3, 31)},
            "member.official_before_ceremony",
        ),
        (
            {"admitted_on": date(2005, 3, 1), "ceremony_on": date(2005, 2, 28)},
            "member.ceremony_before_decision",
        ),
        ({"birth_date": TODAY + timedelta(days=1)}, "date.in_future"),
        (
            {"admitted_on": date(1979, 1, 1), "ceremony_on": None, "official_on": None},
            "member.admitted_before_birth",
        ),
        ({"status": "left"}, "member.status_invalid"),
    ],
)
def test_create_refuses_bad_values_and_writes_nothing(tree, board, values, code):
    with refused(code):
        _person(tree.a1, actor=board, **values)


def test_create_refuses_a_cccd_held_by_an_active_member(tree, board):
    holder = _person(tree.a1, cccd="001203012345")
    with refused("member.cccd_taken", holder):
        _person(tree.b1, actor=board, full_name="Lê Thị Hoa", cccd="001203012345")


def test_create_accepts_a_cccd_whose_holder_has_left(tree, board):
    holder = _person(tree.a1, cccd="001203012345")
    svc.member_leave(actor=board, member=holder, reason="died", on=D)
    # when
    member = _person(tree.b1, actor=board, full_name="Lê Thị Hoa", cccd="001203012345")
    # then
    assert Member.objects.filter(cccd="001203012345").count() == 2
    assert member.status == MemberStatus.OFFICIAL


def test_create_in_a_dissolved_unit_is_refused(tree, board):
    empty = make_unit(tree.a, "EMPTY", "chi_bo")
    org.unit_dissolve(actor=board, unit=empty, effective_on=D)
    empty.refresh_from_db()
    with refused("restructure.target_dissolved"):
        _person(empty, actor=board)


@pytest.mark.parametrize(
    ("role", "unit_attr"),
    [("secretary", "b"), ("viewer", "a"), ("inspector", "a"), ("org_board", "b"), (None, None)],
)
def test_create_needs_the_manage_right_on_the_unit(tree, role, unit_attr):
    user = user_with_role("u", role, getattr(tree, unit_attr) if unit_attr else None)
    with refused(NotPermitted):
        _person(tree.a1, actor=user)


def test_a_secretary_of_an_ancestor_unit_may_create(tree):
    secretary = user_with_role("sec", "secretary", tree.a)
    assert _person(tree.a1, actor=secretary).unit_id == tree.a1.pk


# --- members_bulk_create ---------------------------------------------------------------------


def test_bulk_create_writes_periods_and_one_batch_entry_with_the_count(tree, board):
    # when
    created = svc.members_bulk_create(
        actor=board,
        unit_specs=[
            (tree.a1, [MemberSpec("Lê Thị Chín", "official"), MemberSpec("Lê Văn Mười", "probationary")]),
            (tree.b1, [MemberSpec("  Đỗ   Văn Hai ", "official", cccd="001203012345")]),
        ],
        joined_on=D,
        batch_target=tree.root,
    )
    # then
    assert created == 3
    hai = Member.objects.get(cccd="001203012345")
    assert (hai.full_name, hai.name_folded, hai.unit_path) == ("Đỗ Văn Hai", "do van hai", tree.b1.path)
    assert MemberUnitPeriod.objects.filter(member=hai, valid_from=D, valid_to=None).count() == 1
    entry = AuditEntry.objects.get(action="member.bulk_create", actor=board)
    assert entry.is_batch and entry.counts == {"members_created": 3} and entry.target_id == str(tree.root.pk)


@pytest.mark.parametrize(
    "bad",
    [
        MemberSpec("Lỗi Văn Số", "official", cccd="123"),
        MemberSpec("   ", "official"),
        MemberSpec("Lỗi Văn Ngày", "official", birth_date=TODAY + timedelta(days=1)),
    ],
)
def test_bulk_create_is_all_or_nothing(tree, board, bad):
    with refused(RuleViolation):
        svc.members_bulk_create(
            actor=board,
            unit_specs=[
                (tree.a1, [MemberSpec("Lê Thị Chín", "official")]),
                (tree.b1, [MemberSpec("Lê Văn Mười", "official"), bad]),
            ],
            joined_on=D,
            batch_target=tree.root,
        )


@pytest.mark.parametrize("same_unit", [True, False])
def test_bulk_create_refuses_a_cccd_twice_in_the_batch(tree, board, same_unit):
    first, second = (
        MemberSpec("Lê Thị Chín", "official", cccd="001203012345"),
        MemberSpec("Lê Văn Mười", "official", cccd="001 203 012345"),
    )
    unit_specs = [(tree.a1, [first, second])] if same_unit else [(tree.a1, [first]), (tree.b1, [second])]
    with refused("member.cccd_taken"):
        svc.members_bulk_create(actor=board, unit_specs=unit_specs, joined_on=D, batch_target=tree.root)


def test_bulk_create_refuses_a_cccd_held_by_an_active_member(tree, board):
    _person(tree.b1, cccd="001203012345")
    with refused("member.cccd_taken"):
        svc.members_bulk_create(
            actor=board,
            unit_specs=[(tree.a1, [MemberSpec("Lê Thị Chín", "official", cccd="001203012345")])],
            joined_on=D,
            batch_target=tree.a1,
        )


def test_bulk_create_needs_the_manage_right_on_every_unit(tree):
    secretary = user_with_role("sec", "secretary", tree.a)
    with refused(NotPermitted):
        svc.members_bulk_create(
            actor=secretary,
            unit_specs=[
                (tree.a1, [MemberSpec("Lê Thị Chín", "official")]),
                (tree.b1, [MemberSpec("X", "official")]),
            ],
            joined_on=D,
            batch_target=tree.a,
        )


# --- member_update -----------------------------------------------------------------------------


def test_update_refuses_the_second_of_two_editors_who_read_the_same_version(tree, board):
    member = _person(tree.a1, phone="0900000000")
    second_editor = user_with_role("sec", "secretary", tree.a)
    read_version = Member.objects.get(pk=member.pk).version
    # given the first editor saved
    svc.member_update(actor=board, member=member, version=read_version, changes={"phone": "0911111111"})
    # when the second saves over the same version
    with refused("member.edited_concurrently", member):
        svc.member_update(
            actor=second_editor, member=member, version=read_version, changes={"phone": "0922222222"}
        )
    # then the first editor's value stays
    member.refresh_from_db()
    assert (member.phone, member.version) == ("0911111111", read_version + 1)


@pytest.mark.parametrize("field", ["status", "unit_path", "version", "left_on", "readmissions", "unit"])
def test_update_refuses_a_field_that_changes_through_events(tree, board, field):
    member = _person(tree.a1)
    with refused("member.field_not_editable", member):
        svc.member_update(actor=board, member=member, version=member.version, changes={field: "x"})


def test_update_with_nothing_changed_writes_nothing(tree, board):
    member = _person(tree.a1, phone="0900000000")
    with_spaces = "  Hoàng   Văn Minh "
    before = _state([member])
    # when
    svc.member_update(
        actor=board,
        member=member,
        version=member.version,
        changes={"phone": "0900000000", "full_name": with_spaces, "birth_date": member.birth_date},
    )
    # then
    assert _state([member]) == before


def test_update_audits_only_the_changed_fields_and_bumps_the_version(tree, board):
    member = _person(tree.a1, phone="0900000000", job="Kế toán")
    # when
    svc.member_update(
        actor=board,
        member=member,
        version=1,
        changes={
            "phone": "0911111111",
            "job": "Kế toán",
            "full_name": "Hoàng Văn  Mạnh",
            "birth_date": date(1981, 1, 2),
        },
    )
    # then
    member.refresh_from_db()
    assert (member.full_name, member.name_folded, member.version) == ("Hoàng Văn Mạnh", "hoang van manh", 2)
    assert member.name_sort == roster_sort_key("Hoàng Văn Mạnh")
    entry = AuditEntry.objects.get(action="member.update")
    assert entry.before == {"phone": "0900000000", "full_name": "Hoàng Văn Minh", "birth_date": "1980-05-10"}
    assert entry.after == {"phone": "0911111111", "full_name": "Hoàng Văn Mạnh", "birth_date": "1981-01-02"}
    event = member.events.get(kind=Kind.UPDATED)
    assert event.effective_on == TODAY and sorted(event.details["fields"]) == [
        "birth_date",
        "full_name",
        "phone",
    ]


def test_update_versions_increase_with_each_saved_correction(tree, board):
    member = _person(tree.a1)
    for version, phone in enumerate(("0911111111", "0922222222", "0933333333"), start=1):
        member = svc.member_update(actor=board, member=member, version=version, changes={"phone": phone})
    member.refresh_from_db()
    assert (member.version, member.phone) == (4, "0933333333")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"full_name": "  "}, "member.name_required"),
        ({"birth_date": TODAY + timedelta(days=1)}, "date.in_future"),
        ({"official_on": date(2005, 3, 31)}, "member.official_before_ceremony"),
        ({"cccd": "12345"}, "member.cccd_format"),
        ({"cccd": "001203099999"}, "member.cccd_taken"),
    ],
)
def test_update_refuses_bad_values_and_writes_nothing(tree, board, changes, code):
    _person(tree.b1, full_name="Lê Thị Hoa", cccd="001203099999")
    member = _person(tree.a1)
    with refused(code, member):
        svc.member_update(actor=board, member=member, version=member.version, changes=changes)


def test_update_needs_the_manage_right(tree):
    member = _person(tree.a1)
    for user in (user_with_role("v", "viewer", tree.a), user_with_role("s", "secretary", tree.b)):
        with refused(NotPermitted, member):
            svc.member_update(actor=user, member=member, version=1, changes={"phone": "0911111111"})


def test_update_of_a_member_who_left_is_refused(tree, board):
    member = _person(tree.a1)
    svc.member_leave(actor=board, member=member, reason="resigned", on=D)
    with refused("member.has_left", member):
        svc.member_update(
            actor=board, member=member, version=Member.objects.get(pk=member.pk).version, changes={"job": "X"}
        )


# --- member_sensitive_view -------------------------------------------------------------------


def test_sensitive_view_for_the_organisation_board_is_audited_each_time(tree, board):
    member = _person(tree.a1, cccd="001203012345", religion="Phật giáo", residence="12 Lê Lợi, Huế")
    # when
    first = svc.member_sensitive_view(actor=board, member=member)
    svc.member_sensitive_view(actor=board, member=member)
    # then
    assert first == {"cccd": "001203012345", "religion": "Phật giáo", "residence": "12 Lê Lợi, Huế"}
    entries = AuditEntry.objects.filter(action="member.view_sensitive", target_id=str(member.pk))
    assert entries.count() == 2 and {e.actor_id for e in entries} == {board.pk}
    assert entries.first().unit_id == tree.a1.pk


def test_sensitive_view_for_the_member_themself(tree):
    member = _person(tree.a1, cccd="001203012345")
    account = user_with_role("minh")
    Member.objects.filter(pk=member.pk).update(user=account)  # set-up only: no service links accounts yet
    member.refresh_from_db()
    # when
    seen = svc.member_sensitive_view(actor=account, member=member)
    # then
    assert seen["cccd"] == "001203012345"
    assert AuditEntry.objects.get(action="member.view_sensitive").actor == account


@pytest.mark.parametrize("role", ["secretary", "viewer", "inspector", "member"])
def test_sensitive_view_is_refused_to_other_roles(tree, role):
    member = _person(tree.a1, cccd="001203012345")
    user = user_with_role("u", role, tree.root)
    with refused(NotPermitted, member):
        svc.member_sensitive_view(actor=user, member=member)


def test_sensitive_view_by_another_member_is_refused(tree):
    member = _person(tree.a1, cccd="001203012345")
    other = _person(tree.a1, full_name="Lê Thị Hoa")
    account = user_with_role("hoa")
    Member.objects.filter(pk=other.pk).update(user=account)
    with refused(NotPermitted, member):
        svc.member_sensitive_view(actor=account, member=member)


# --- member_recognise_official ---------------------------------------------------------------


def test_recognition_the_day_before_probation_ends_is_refused(tree, board):
    member = _probationary(tree.a1)
    with refused("member.probation_not_ended", member):
        svc.member_recognise_official(actor=board, member=member, decided_on=date(2025, 1, 31))


def test_recognition_on_the_day_probation_ends(tree, board):
    member = _probationary(tree.a1)
    # when
    svc.member_recognise_official(actor=board, member=member, decided_on=date(2025, 2, 1), decision="5-QĐ/ĐU")
    # then
    member.refresh_from_db()
    assert (member.status, member.official_on, member.version) == (MemberStatus.OFFICIAL, date(2025, 2, 1), 2)
    event = member.events.get(kind=Kind.RECOGNISED)
    assert (event.effective_on, event.decision) == (date(2025, 2, 1), "5-QĐ/ĐU")


def test_recognition_decided_late_is_official_from_the_end_of_probation(tree, board):
    member = _probationary(tree.a1)
    svc.member_recognise_official(actor=board, member=member, decided_on=date(2025, 4, 15))
    member.refresh_from_db()
    assert member.official_on == date(2025, 2, 1)
    event = member.events.get(kind=Kind.RECOGNISED)
    assert event.effective_on == date(2025, 2, 1) and event.details == {"decided_on": "2025-04-15"}
    entry = AuditEntry.objects.get(action="member.recognise")
    assert entry.after == {"status": "official", "official_on": "2025-02-01"}


def test_recognition_clamps_a_29_february_ceremony(tree, board):
    member = _probationary(tree.a1, admitted_on=date(2024, 2, 1), ceremony_on=date(2024, 2, 29))
    svc.member_recognise_official(actor=board, member=member, decided_on=date(2025, 3, 3))
    member.refresh_from_db()
    assert member.official_on == date(2025, 2, 28)


def test_recognition_of_an_official_member_is_refused(tree, board):
    member = _person(tree.a1)
    with refused("member.not_probationary", member):
        svc.member_recognise_official(actor=board, member=member, decided_on=D)


def test_recognition_without_a_ceremony_date_is_refused(tree, board):
    member = _probationary(tree.a1, ceremony_on=None)
    with refused("member.ceremony_missing", member):
        svc.member_recognise_official(actor=board, member=member, decided_on=D)


def test_recognition_of_a_member_who_left_is_refused(tree, board):
    member = _probationary(tree.a1)
    svc.member_leave(actor=board, member=member, reason="removed", on=date(2024, 6, 1))
    with refused("member.has_left", member):
        svc.member_recognise_official(actor=board, member=member, decided_on=D)


def test_recognition_needs_the_manage_right(tree):
    member = _probationary(tree.a1)
    viewer = user_with_role("v", "viewer", tree.a)
    with refused(NotPermitted, member):
        svc.member_recognise_official(actor=viewer, member=member, decided_on=D)


# --- member_transfer_internal ------------------------------------------------------------------


def test_permanent_internal_transfer_moves_the_member_and_the_headcounts(tree, board):
    member = _person(tree.a1)
    before = _headcounts(tree.a1, tree.b1)
    # when
    transfer = svc.member_transfer_internal(
        actor=board, member=member, to_unit=tree.b1, effective_on=D, decision="9-QĐ"
    )
    # then
    member.refresh_from_db()
    assert (member.unit_id, member.unit_path, member.activity) == (
        tree.b1.pk,
        tree.b1.path,
        ActivityState.NORMAL,
    )
    assert _headcounts(tree.a1, tree.b1) == [
        (before[0][0] - 1, before[0][1]),
        (before[1][0] + 1, before[1][1]),
    ]
    periods = list(member.unit_periods.values_list("unit_id", "valid_from", "valid_to", "reason"))
    assert periods == [(tree.a1.pk, JOINED, D, "recorded"), (tree.b1.pk, D, None, "transfer")]
    out, into = member.events.get(kind=Kind.TRANSFER_OUT), member.events.get(kind=Kind.TRANSFER_IN)
    assert (out.unit_id, out.other_unit_id, out.effective_on, out.decision) == (
        tree.a1.pk,
        tree.b1.pk,
        D,
        "9-QĐ",
    )
    assert (into.unit_id, into.other_unit_id, into.effective_on) == (tree.b1.pk, tree.a1.pk, D)
    assert (transfer.kind, transfer.direction, transfer.state) == ("permanent", "internal", "arrived")
    assert member.last_event_on == D


def test_temporary_internal_transfer_keeps_the_member_at_home(tree, board):
    member = _person(tree.a1)
    before = _headcounts(tree.a1, tree.b1)
    # when
    transfer = svc.member_transfer_internal(
        actor=board, member=member, to_unit=tree.b1, effective_on=D, temporary_until=date(2026, 1, 1)
    )
    # then
    member.refresh_from_db()
    assert (member.unit_id, member.activity) == (tree.a1.pk, ActivityState.TEMP_OUT)
    assert _headcounts(tree.a1, tree.b1) == before
    assert member.unit_periods.get().valid_to is None
    assert (transfer.kind, transfer.start_on, transfer.end_on, transfer.purpose) == (
        "temporary",
        D,
        date(2026, 1, 1),
        "work",
    )
    event = member.events.get(kind=Kind.TEMP_OUT)
    assert (event.unit_id, event.other_unit_id, event.details["until"]) == (
        tree.a1.pk,
        tree.b1.pk,
        "2026-01-01",
    )


@pytest.mark.parametrize(
    ("until", "purpose", "allowed"),
    [
        (date(2025, 9, 30), "work", False),  # 3 months less a day
        (date(2025, 10, 1), "work", True),  # 3 months
        (date(2026, 6, 30), "residence", True),  # a year less a day
        (date(2026, 7, 1), "work", False),  # a year: "less than 1 year"
        (date(2027, 7, 1), "study", True),  # 2 years of training
        (date(2027, 7, 2), "study", False),
    ],
)
def test_temporary_internal_transfer_length_follows_the_rule(tree, board, until, purpose, allowed):
    member = _person(tree.a1)
    call = {"actor": board, "member": member, "to_unit": tree.b1, "effective_on": D, "temporary_until": until}
    if allowed:
        assert svc.member_transfer_internal(**call, purpose=purpose).end_on == until
    else:
        with refused("member.temporary_duration", member):
            svc.member_transfer_internal(**call, purpose=purpose)


def test_internal_transfer_to_the_same_unit_is_refused(tree, board):
    member = _person(tree.a1)
    with refused("member.same_unit", member):
        svc.member_transfer_internal(actor=board, member=member, to_unit=tree.a1, effective_on=D)


def test_internal_transfer_dated_before_the_last_event_is_refused(tree, board):
    member = _person(tree.a1)
    svc.member_transfer_internal(actor=board, member=member, to_unit=tree.b1, effective_on=D)
    with refused("member.event_out_of_order", member):
        svc.member_transfer_internal(
            actor=board, member=member, to_unit=tree.a1, effective_on=D - timedelta(days=1)
        )


def test_recording_a_member_late_does_not_hold_back_earlier_events(tree, board):
    member = _person(tree.a1, joined_on=TODAY)
    svc.member_absence_record(actor=board, member=member, kind="away", reason="Công tác", start_on=D)
    member.refresh_from_db()
    assert member.last_event_on == D


def test_a_transfer_dated_before_the_membership_began_is_refused(tree, board):
    # the periods would overlap: in B1 from D while in A1 from TODAY
    member = _person(tree.a1, joined_on=TODAY)
    with refused("member.event_before_membership", member):
        svc.member_transfer_internal(actor=board, member=member, to_unit=tree.b1, effective_on=D)


def test_internal_transfer_dated_before_admission_is_refused(tree, board):
    member = Member.objects.filter(unit=tree.a1, status="official").first()  # no history: bulk-created
    assert member.last_event_on is None and member.admitted_on == date(2010, 1, 1)
    with refused("member.event_before_admission", member):
        svc.member_transfer_internal(
            actor=board, member=member, to_unit=tree.b1, effective_on=date(2009, 12, 31)
        )


def test_internal_transfer_in_the_future_is_refused(tree, board):
    member = _person(tree.a1)
    with refused("date.in_future", member):
        svc.member_transfer_internal(
            actor=board, member=member, to_unit=tree.b1, effective_on=TODAY + timedelta(days=1)
        )


def test_internal_transfer_needs_rights_on_the_receiving_unit(tree):
    member = _person(tree.a1)
    secretary = user_with_role("sec", "secretary", tree.a)
    with refused(NotPermitted, member):
        svc.member_transfer_internal(actor=secretary, member=member, to_unit=tree.b1, effective_on=D)


def test_internal_transfer_to_a_dissolved_unit_is_refused(tree, board):
    empty = make_unit(tree.b, "EMPTY", "chi_bo")
    org.unit_dissolve(actor=board, unit=empty, effective_on=D)
    empty.refresh_from_db()
    member = _person(tree.a1)
    with refused("restructure.target_dissolved", member):
        svc.member_transfer_internal(actor=board, member=member, to_unit=empty, effective_on=D)


def test_internal_transfer_while_temporarily_away_is_refused(tree, board):
    member = _person(tree.a1)
    svc.member_transfer_internal(
        actor=board, member=member, to_unit=tree.b1, effective_on=D, temporary_until=date(2026, 1, 1)
    )
    with refused("member.already_away", member):
        svc.member_transfer_internal(actor=board, member=member, to_unit=tree.b1, effective_on=D)


# --- member_temporary_return -------------------------------------------------------------------


def _temporarily_out(tree, board):  # type: ignore[no-untyped-def]
    member = _person(tree.a1)
    transfer = svc.member_transfer_internal(
        actor=board, member=member, to_unit=tree.b1, effective_on=D, temporary_until=date(2026, 1, 1)
    )
    return member, transfer


def test_temporary_return_brings_the_member_back_to_normal_activity(tree, board):
    member, transfer = _temporarily_out(tree, board)
    # when
    svc.member_temporary_return(actor=board, transfer=transfer, returned_on=date(2025, 11, 3))
    # then
    member.refresh_from_db()
    transfer.refresh_from_db()
    assert (member.unit_id, member.activity) == (tree.a1.pk, ActivityState.NORMAL)
    assert (transfer.state, transfer.end_on) == (Transfer.State.RETURNED, date(2025, 11, 3))
    event = member.events.get(kind=Kind.TEMP_RETURN)
    assert (event.effective_on, event.other_unit_id) == (date(2025, 11, 3), tree.b1.pk)


def test_temporary_return_twice_is_refused(tree, board):
    member, transfer = _temporarily_out(tree, board)
    svc.member_temporary_return(actor=board, transfer=transfer, returned_on=date(2025, 11, 3))
    with refused("transfer.not_temporary_open", member, transfer):
        svc.member_temporary_return(actor=board, transfer=transfer, returned_on=date(2025, 11, 4))


def test_temporary_return_of_a_permanent_transfer_is_refused(tree, board):
    member = _person(tree.a1)
    transfer = svc.member_transfer_internal(actor=board, member=member, to_unit=tree.b1, effective_on=D)
    with refused("transfer.not_temporary_open", member, transfer):
        svc.member_temporary_return(actor=board, transfer=transfer, returned_on=date(2025, 11, 3))


def test_temporary_return_before_leaving_is_refused(tree, board):
    member, transfer = _temporarily_out(tree, board)
    with refused("member.event_out_of_order", member, transfer):
        svc.member_temporary_return(actor=board, transfer=transfer, returned_on=D - timedelta(days=1))


# --- member_transfer_out / transfer_confirm_arrival --------------------------------------------


def _transfer_out(member, *, actor, letter_date=D, decided=D, **extra):  # type: ignore[no-untyped-def]
    values = {"external_org": "  Đảng bộ tỉnh  Nam Định ", "letter_number": "12-GGT", **extra}
    return svc.member_transfer_out(
        actor=actor, member=member, letter_date=letter_date, decision_effective_on=decided, **values
    )


@pytest.mark.parametrize(
    ("decided", "letter_date", "presentation_due"),
    [
        (date(2025, 6, 20), date(2025, 7, 1), date(2025, 8, 12)),
        # Tết 2026 (14–22/2 off): 30 working days after 30/1 reach 20/3, not 13/3
        (date(2026, 1, 20), date(2026, 1, 30), date(2026, 3, 20)),
    ],
)
def test_permanent_transfer_out_leaves_the_system_with_deadlines_in_working_days(
    tree, board, decided, letter_date, presentation_due
):
    member = _person(tree.a1)
    before = _headcounts(tree.a1)
    # when
    transfer = _transfer_out(member, actor=board, letter_date=letter_date, decided=decided)
    # then
    member.refresh_from_db()
    assert (member.status, member.leave_reason, member.left_on) == ("left", "transferred_out", letter_date)
    assert _headcounts(tree.a1) == [(before[0][0] - 1, before[0][1])]
    assert member.unit_periods.get().valid_to == letter_date
    assert (transfer.state, transfer.direction, transfer.kind) == ("in_progress", "out", "permanent")
    assert (transfer.from_unit_id, transfer.external_org) == (tree.a1.pk, "Đảng bộ tỉnh Nam Định")
    assert transfer.procedure_due == add_working_days(decided, 60)
    assert transfer.presentation_due == add_working_days(letter_date, 30) == presentation_due
    event = member.events.get(kind=Kind.TRANSFER_OUT)
    assert (event.effective_on, event.decision) == (letter_date, "12-GGT")


def test_transfer_out_appears_in_progress_until_the_arrival_is_confirmed(tree, board, set_today):
    member = _person(tree.a1)
    transfer = _transfer_out(member, actor=board, letter_date=date(2026, 1, 30), decided=date(2026, 1, 20))
    # on the due date it is not overdue
    set_today(date(2026, 3, 20))
    rows = selectors.transfers_in_progress(user=board)
    assert [(row.transfer.pk, row.overdue_days) for row in rows] == [(transfer.pk, 0)]
    # when the arrival is confirmed
    svc.transfer_confirm_arrival(actor=board, transfer=transfer, arrived_on=date(2026, 3, 10))
    # then
    transfer.refresh_from_db()
    assert (transfer.state, transfer.arrived_on) == (Transfer.State.ARRIVED, date(2026, 3, 10))
    assert selectors.transfers_in_progress(user=board) == []


def test_confirming_an_arrival_twice_is_refused(tree, board):
    transfer = _transfer_out(_person(tree.a1), actor=board)
    svc.transfer_confirm_arrival(actor=board, transfer=transfer, arrived_on=date(2025, 7, 10))
    with refused("transfer.not_in_progress", transfer):
        svc.transfer_confirm_arrival(actor=board, transfer=transfer, arrived_on=date(2025, 7, 11))


@pytest.mark.parametrize("arrived_on", [D - timedelta(days=1), TODAY + timedelta(days=1)])
def test_an_arrival_before_the_letter_or_in_the_future_is_refused(tree, board, arrived_on):
    transfer = _transfer_out(_person(tree.a1), actor=board)
    with refused("transfer.arrival_date", transfer):
        svc.transfer_confirm_arrival(actor=board, transfer=transfer, arrived_on=arrived_on)


def test_confirming_an_arrival_needs_the_manage_right_on_the_sending_unit(tree, board):
    transfer = _transfer_out(_person(tree.a1), actor=board)
    other_secretary = user_with_role("s", "secretary", tree.b)
    with refused(NotPermitted, transfer):
        svc.transfer_confirm_arrival(actor=other_secretary, transfer=transfer, arrived_on=date(2025, 7, 10))


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"letter_number": "  "}, "transfer.letter_required"),
        ({"external_org": ""}, "transfer.letter_required"),
        ({"decided": D + timedelta(days=1)}, "transfer.letter_before_decision"),
        ({"letter_date": TODAY + timedelta(days=1), "decided": TODAY}, "date.in_future"),
        ({"letter_date": date(2005, 2, 28), "decided": date(2005, 2, 28)}, "member.event_before_admission"),
    ],
)
def test_transfer_out_refusals_write_nothing(tree, board, extra, code):
    member = _person(tree.a1)
    with refused(code, member):
        _transfer_out(member, actor=board, **extra)


def test_transfer_out_of_a_member_who_left_is_refused(tree, board):
    member = _person(tree.a1)
    _transfer_out(member, actor=board)
    with refused("member.has_left", member):
        _transfer_out(member, actor=board, letter_number="13-GGT")


def test_temporary_transfer_out_keeps_the_member_counted_here(tree, board):
    member = _person(tree.a1)
    transfer = _transfer_out(member, actor=board, temporary_until=date(2026, 3, 1), purpose="study")
    member.refresh_from_db()
    assert (member.status, member.activity) == ("official", ActivityState.TEMP_OUT)
    assert (transfer.kind, transfer.state, transfer.end_on) == ("temporary", "in_progress", date(2026, 3, 1))
    assert member.events.filter(kind=Kind.TEMP_OUT).count() == 1


# --- member_transfer_in --------------------------------------------------------------------------


def test_transfer_in_creates_the_member_with_an_arrived_transfer(tree, board):
    letter, presented = date(2026, 5, 4), date(2026, 5, 11)
    # when
    member = svc.member_transfer_in(
        actor=board,
        unit=tree.a1,
        spec=MemberSpec("Vũ Văn Nam", "official", admitted_on=date(2001, 1, 1)),
        external_org=" Đảng bộ tỉnh Nam Định ",
        letter_number="7-GGT",
        letter_date=letter,
        presented_on=presented,
    )
    # then
    assert (member.unit_id, member.status) == (tree.a1.pk, "official")
    transfer = Transfer.objects.get(member=member)
    assert (transfer.direction, transfer.state, transfer.kind) == ("in", "arrived", "permanent")
    assert (transfer.to_unit_id, transfer.arrived_on, transfer.external_org) == (
        tree.a1.pk,
        presented,
        "Đảng bộ tỉnh Nam Định",
    )
    assert transfer.presentation_due == add_working_days(letter, 30)
    event = member.events.get(kind=Kind.TRANSFER_IN)
    assert (event.effective_on, event.decision, event.unit_id) == (presented, "7-GGT", tree.a1.pk)
    assert member.unit_periods.get().valid_from == presented


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"presented_on": date(2026, 5, 3)}, "transfer.arrival_date"),
        ({"presented_on": TODAY + timedelta(days=1)}, "transfer.arrival_date"),
        ({"letter_number": " "}, "transfer.letter_required"),
        ({"spec": MemberSpec("", "official")}, "member.name_required"),
    ],
)
def test_transfer_in_refusals_write_nothing(tree, board, extra, code):
    call = {
        "actor": board,
        "unit": tree.a1,
        "spec": MemberSpec("Vũ Văn Nam", "official"),
        "external_org": "Đảng bộ Y",
        "letter_number": "7-GGT",
        "letter_date": date(2026, 5, 4),
        "presented_on": date(2026, 5, 11),
        **extra,
    }
    with refused(code):
        svc.member_transfer_in(**call)


# --- member_exempt / member_exemption_end ------------------------------------------------------


def test_old_age_exemption_is_refused_for_a_man_of_59(tree, board):
    member = _person(tree.a1, birth_date=date(1967, 1, 1))
    with refused("member.exemption_not_old", member):
        svc.member_exempt(actor=board, member=member, reason="old_age", start_on=TODAY)


def test_old_age_exemption_for_a_man_of_61(tree, board):
    member = _person(tree.a1, birth_date=date(1965, 1, 1))
    # when
    exemption = svc.member_exempt(
        actor=board, member=member, reason="old_age", start_on=TODAY, decision="3-QĐ"
    )
    # then
    member.refresh_from_db()
    assert member.activity == ActivityState.EXEMPT
    assert (exemption.reason, exemption.start_on, exemption.ended_on) == ("old_age", TODAY, None)
    event = member.events.get(kind=Kind.EXEMPTED)
    assert (event.effective_on, event.details["reason"]) == (TODAY, "old_age")


def test_old_age_exemption_for_a_woman_of_56(tree, board):
    member = _person(tree.a1, sex="F", birth_date=date(1970, 1, 1))
    svc.member_exempt(actor=board, member=member, reason="old_age", start_on=TODAY)
    member.refresh_from_db()
    assert member.activity == ActivityState.EXEMPT


def test_exempting_an_exempt_member_is_refused(tree, board):
    member = _person(tree.a1, birth_date=date(1965, 1, 1))
    svc.member_exempt(actor=board, member=member, reason="old_age", start_on=TODAY)
    with refused("member.already_exempt", member):
        svc.member_exempt(actor=board, member=member, reason="poor_health", start_on=TODAY)


@pytest.mark.parametrize("missing", [{"birth_date": None}, {"sex": ""}])
def test_exemption_without_birth_date_or_sex_is_refused(tree, board, missing):
    member = _person(tree.a1, **missing)
    with refused("member.birth_and_sex_required", member):
        svc.member_exempt(actor=board, member=member, reason="old_age", start_on=TODAY)


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"reason": "lazy"}, "member.exemption_reason"),
        ({"reason": "treatment", "end_on": TODAY}, "date.end_not_after_start"),
        (
            {"reason": "treatment", "start_on": date(2019, 6, 1), "end_on": date(2019, 12, 1)},
            "member.exemption_in_past",
        ),
    ],
)
def test_exemption_refusals_write_nothing(tree, board, extra, code):
    member = _person(tree.a1)
    call = {"actor": board, "member": member, "reason": "old_age", "start_on": TODAY, **extra}
    with refused(code, member):
        svc.member_exempt(**call)


def test_exemption_dated_before_the_last_event_is_refused(tree, board):
    member = _person(tree.a1)
    svc.member_absence_record(
        actor=board, member=member, kind="away", reason="Công tác", start_on=date(2026, 3, 2)
    )
    with refused("member.event_out_of_order", member):
        svc.member_exempt(actor=board, member=member, reason="treatment", start_on=date(2026, 3, 1))


def test_ending_an_exemption_brings_the_member_back_to_normal(tree, board):
    member = _person(tree.a1, birth_date=date(1965, 1, 1))
    exemption = svc.member_exempt(actor=board, member=member, reason="old_age", start_on=date(2026, 3, 2))
    # when
    svc.member_exemption_end(actor=board, exemption=exemption, ended_on=TODAY)
    # then
    member.refresh_from_db()
    exemption.refresh_from_db()
    assert member.activity == ActivityState.NORMAL and exemption.ended_on == TODAY
    assert member.events.get(kind=Kind.EXEMPTION_ENDED).effective_on == TODAY
    with refused("member.exemption_already_ended", member, exemption):
        svc.member_exemption_end(actor=board, exemption=exemption, ended_on=TODAY)


def test_ending_an_exemption_before_it_started_is_refused(tree, board):
    member = _person(tree.a1, birth_date=date(1965, 1, 1))
    exemption = svc.member_exempt(actor=board, member=member, reason="old_age", start_on=date(2026, 3, 2))
    with refused("member.event_out_of_order", member, exemption):
        svc.member_exemption_end(actor=board, exemption=exemption, ended_on=date(2026, 3, 1))


# --- member_absence_record / member_absence_return ----------------------------------------------


def test_absence_abroad_without_a_country_is_refused(tree, board):
    member = _person(tree.a1)
    with refused("absence.country_required", member):
        svc.member_absence_record(
            actor=board,
            member=member,
            kind="abroad",
            reason="Thăm con",
            start_on=date(2026, 3, 2),
            country=" ",
        )


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"kind": "holiday"}, "absence.kind_invalid"),
        ({"reason": "  "}, "absence.reason_required"),
        ({"end_on": date(2026, 3, 2)}, "date.end_not_after_start"),
    ],
)
def test_absence_refusals_write_nothing(tree, board, extra, code):
    member = _person(tree.a1)
    call = {
        "actor": board,
        "member": member,
        "kind": "away",
        "reason": "Công tác",
        "start_on": date(2026, 3, 2),
    }
    with refused(code, member):
        svc.member_absence_record(**{**call, **extra})


def test_absence_abroad_and_return(tree, board):
    member = _person(tree.a1)
    absence = svc.member_absence_record(
        actor=board,
        member=member,
        kind="abroad",
        reason=" Thăm  con ",
        start_on=date(2026, 3, 2),
        end_on=date(2026, 4, 1),
        country="Nhật  Bản",
    )
    assert (absence.country, absence.reason) == ("Nhật Bản", "Thăm con")
    assert member.events.get(kind=Kind.AWAY).details == {"kind": "abroad", "country": "Nhật Bản"}
    # when
    svc.member_absence_return(actor=board, absence=absence, returned_on=date(2026, 4, 2), report="  Đã về  ")
    # then
    absence.refresh_from_db()
    assert (absence.returned_on, absence.report) == (date(2026, 4, 2), "Đã về")
    assert member.events.get(kind=Kind.AWAY_RETURNED).effective_on == date(2026, 4, 2)


@pytest.mark.parametrize(
    ("returned_on", "report", "code"),
    [
        (date(2026, 3, 1), "Đã về", "absence.return_date"),
        (TODAY + timedelta(days=1), "Đã về", "absence.return_date"),
        (date(2026, 4, 2), " ", "absence.report_required"),
    ],
)
def test_absence_return_refusals_write_nothing(tree, board, returned_on, report, code):
    member = _person(tree.a1)
    absence = svc.member_absence_record(
        actor=board, member=member, kind="away", reason="Công tác", start_on=date(2026, 3, 2)
    )
    with refused(code, member, absence):
        svc.member_absence_return(actor=board, absence=absence, returned_on=returned_on, report=report)


def test_absence_return_twice_is_refused(tree, board):
    member = _person(tree.a1)
    absence = svc.member_absence_record(
        actor=board, member=member, kind="away", reason="Công tác", start_on=date(2026, 3, 2)
    )
    svc.member_absence_return(actor=board, absence=absence, returned_on=date(2026, 4, 2), report="Đã về")
    with refused("absence.already_returned", member, absence):
        svc.member_absence_return(actor=board, absence=absence, returned_on=date(2026, 4, 3), report="Lại về")


# --- member_leave -----------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["removed", "expelled", "resigned", "died"])
def test_leaving_for_each_reason(tree, board, reason):
    member = _person(tree.a1)
    before = _headcounts(tree.a1)
    # when
    svc.member_leave(actor=board, member=member, reason=reason, on=D, decision="4-QĐ")
    # then
    member.refresh_from_db()
    assert (member.status, member.leave_reason, member.left_on) == ("left", reason, D)
    assert member.unit_periods.get().valid_to == D
    assert _headcounts(tree.a1) == [(before[0][0] - 1, before[0][1])]
    event = member.events.get(kind=Kind.LEFT)
    assert (event.effective_on, event.details, event.decision) == (D, {"reason": reason}, "4-QĐ")


@pytest.mark.parametrize("reason", ["transferred_out", "bored", ""])
def test_leaving_for_another_reason_is_refused(tree, board, reason):
    member = _person(tree.a1)
    with refused("member.leave_reason_invalid", member):
        svc.member_leave(actor=board, member=member, reason=reason, on=D)


def test_death_before_birth_is_refused(tree, board):
    member = _person(tree.a1, birth_date=date(1980, 5, 10))
    with refused("member.died_before_birth", member):
        svc.member_leave(actor=board, member=member, reason="died", on=date(1980, 5, 9))


def test_an_event_after_leaving_is_refused(tree, board):
    member = _person(tree.a1, birth_date=date(1960, 1, 1))
    svc.member_leave(actor=board, member=member, reason="removed", on=D)
    with refused("member.has_left", member):
        svc.member_leave(actor=board, member=member, reason="died", on=TODAY)
    with refused("member.has_left", member):
        svc.member_transfer_internal(actor=board, member=member, to_unit=tree.b1, effective_on=TODAY)
    with refused("member.has_left", member):
        svc.member_exempt(actor=board, member=member, reason="old_age", start_on=TODAY)
    with refused("member.has_left", member):
        svc.member_absence_record(actor=board, member=member, kind="away", reason="Đi xa", start_on=TODAY)


def test_leaving_deactivates_the_member_account(tree, board):
    member = _person(tree.a1)
    account = user_with_role("minh")
    Member.objects.filter(pk=member.pk).update(user=account)  # set-up only
    member.refresh_from_db()
    # when
    svc.member_leave(actor=board, member=member, reason="resigned", on=D)
    # then
    account.refresh_from_db()
    assert account.is_active is False
    assert User.objects.get(pk=board.pk).is_active is True


def test_leaving_needs_the_manage_right(tree):
    member = _person(tree.a1)
    other_secretary = user_with_role("s", "secretary", tree.b)
    with refused(NotPermitted, member):
        svc.member_leave(actor=other_secretary, member=member, reason="died", on=D)


# --- member_readmit ------------------------------------------------------------------------------------

LEFT_ON = date(2015, 6, 1)
READMITTED_ON = date(2020, 9, 1)


def _left(tree, board, reason="removed"):  # type: ignore[no-untyped-def]
    member = _person(tree.a1, joined_on=date(2010, 1, 1))
    svc.member_leave(actor=board, member=member, reason=reason, on=LEFT_ON)
    return Member.objects.get(pk=member.pk)


def test_readmission_keeps_the_first_decision_and_records_the_gap(tree, board):
    member = _left(tree, board)
    # when
    svc.member_readmit(
        actor=board,
        member=member,
        unit=tree.b1,
        admitted_on=READMITTED_ON,
        ceremony_on=date(2020, 10, 1),
        decision="8-QĐ",
    )
    # then
    member.refresh_from_db()
    assert (member.first_admitted_on, member.admitted_on, member.ceremony_on, member.official_on) == (
        date(2005, 3, 1),
        READMITTED_ON,
        date(2020, 10, 1),
        None,
    )
    assert (member.status, member.readmissions, member.leave_reason, member.left_on) == (
        "probationary",
        1,
        "",
        None,
    )
    assert (member.unit_id, member.unit_path) == (tree.b1.pk, tree.b1.path)
    event = member.events.get(kind=Kind.READMITTED)
    assert event.details == {"gap": ["2015-06-01", "2020-09-01"]} and event.effective_on == READMITTED_ON
    assert member.unit_periods.filter(valid_to__isnull=True).get().unit_id == tree.b1.pk


def test_a_second_readmission_is_refused(tree, board):
    member = _left(tree, board)
    svc.member_readmit(actor=board, member=member, unit=tree.a1, admitted_on=READMITTED_ON)
    svc.member_leave(actor=board, member=member, reason="removed", on=date(2022, 1, 1))
    with refused("member.readmission_limit", member):
        svc.member_readmit(actor=board, member=member, unit=tree.a1, admitted_on=date(2024, 1, 1))


def test_readmitting_a_deceased_member_is_refused(tree, board):
    member = _left(tree, board, reason="died")
    with refused("member.deceased", member):
        svc.member_readmit(actor=board, member=member, unit=tree.a1, admitted_on=READMITTED_ON)


def test_readmitting_an_active_member_is_refused(tree, board):
    member = _person(tree.a1)
    with refused("member.not_left", member):
        svc.member_readmit(actor=board, member=member, unit=tree.a1, admitted_on=READMITTED_ON)


@pytest.mark.parametrize(
    ("admitted_on", "ceremony_on", "code"),
    [
        (LEFT_ON - timedelta(days=1), None, "member.event_out_of_order"),
        (LEFT_ON, None, "member.event_out_of_order"),
        (TODAY + timedelta(days=1), None, "date.in_future"),
        (READMITTED_ON, READMITTED_ON - timedelta(days=1), "member.ceremony_before_decision"),
    ],
)
def test_readmission_with_impossible_dates_is_refused(tree, board, admitted_on, ceremony_on, code):
    member = _left(tree, board)
    with refused(code, member):
        svc.member_readmit(
            actor=board, member=member, unit=tree.a1, admitted_on=admitted_on, ceremony_on=ceremony_on
        )


def test_readmission_needs_the_manage_right_on_the_unit(tree, board):
    member = _left(tree, board)
    secretary_of_a = user_with_role("s", "secretary", tree.a)
    with refused(NotPermitted, member):
        svc.member_readmit(actor=secretary_of_a, member=member, unit=tree.b1, admitted_on=READMITTED_ON)


def test_readmission_refused_when_the_cccd_is_now_held_by_another_member(tree, board):
    member = _person(tree.a1, cccd="001203012345", joined_on=date(2010, 1, 1))
    svc.member_leave(actor=board, member=member, reason="removed", on=LEFT_ON)
    _person(tree.b1, full_name="Lê Thị Hoa", cccd="001203012345")
    with refused("member.cccd_taken", member):
        svc.member_readmit(actor=board, member=member, unit=tree.a1, admitted_on=READMITTED_ON)


# --- restructuring ------------------------------------------------------------------------------------


def test_a_merge_gives_each_moved_member_a_moved_event(tree, board):
    member = _person(tree.a1)
    gone = _person(tree.a1, full_name="Lê Thị Hoa")
    svc.member_leave(actor=board, member=gone, reason="resigned", on=date(2024, 1, 1))
    moved_ids = set(
        Member.objects.filter(unit=tree.a1, status__in=["official", "probationary"]).values_list(
            "pk", flat=True
        )
    )
    # when
    org.unit_merge(actor=board, source=tree.a1, target=tree.b1, effective_on=D)
    # then
    events = MemberEvent.objects.filter(kind=Kind.MOVED)
    assert {e.member_id for e in events} == moved_ids and events.count() == len(moved_ids) == 6
    assert {(e.unit_id, e.other_unit_id, e.effective_on) for e in events} == {(tree.b1.pk, tree.a1.pk, D)}
    member.refresh_from_db()
    assert (member.unit_id, member.unit_path) == (tree.b1.pk, tree.b1.path)
    periods = list(member.unit_periods.values_list("unit_id", "valid_from", "valid_to"))
    assert periods == [(tree.a1.pk, JOINED, D), (tree.b1.pk, D, None)]
    assert Member.objects.get(pk=gone.pk).unit_id == tree.a1.pk  # members who left keep their last unit


# --- fixes of the first review ---------------------------------------------------------------


def test_bulk_create_and_readmission_refuse_a_dissolved_unit(tree, board):
    from chibo.core.testing import make_unit
    from chibo.organizations.services import unit_dissolve

    closed = make_unit(tree.a, "A9", "chi_bo")
    unit_dissolve(actor=None, unit=closed, effective_on=D)
    closed.refresh_from_db()
    with refused("restructure.target_dissolved"):
        svc.members_bulk_create(
            actor=board,
            unit_specs=[(closed, [MemberSpec("Lý Văn Tư", "official")])],
            joined_on=D,
            batch_target=closed,
        )
    member = _person(tree.a1)
    svc.member_leave(actor=board, member=member, reason="removed", on=D)
    with refused("restructure.target_dissolved", member):
        svc.member_readmit(actor=board, member=member, unit=closed, admitted_on=date(2026, 1, 5))


def test_members_are_recorded_only_in_cells_and_groups(tree, board):
    with refused("unit.holds_no_members"):
        _person(tree.a)
    with refused("unit.holds_no_members"):
        from chibo.organizations.services import unit_merge

        unit_merge(actor=board, source=tree.a1, target=tree.b, effective_on=D)


def test_bulk_created_members_have_a_recorded_event(tree):
    created = Member.objects.filter(unit=tree.a1)
    assert (
        MemberEvent.objects.filter(member__in=created, kind=MemberEvent.Kind.RECORDED).count()
        == created.count()
    )


def test_a_restructuring_move_holds_back_earlier_leaving(tree, board):
    from chibo.organizations.services import unit_merge

    member = _person(tree.a1)
    from chibo.core.testing import make_unit

    other = make_unit(tree.a, "A8", "chi_bo")
    unit_merge(actor=board, source=tree.a1, target=other, effective_on=D)
    member.refresh_from_db()
    assert member.last_event_on == D
    with refused("member.event_out_of_order", member):
        svc.member_leave(actor=board, member=member, reason="removed", on=date(2025, 6, 1))


def test_exemption_and_transfer_out_refused_while_temporarily_away(tree, board):
    member = _person(tree.a1)
    svc.member_transfer_internal(
        actor=None, member=member, to_unit=tree.b1, effective_on=D, temporary_until=date(2025, 12, 1)
    )
    member.refresh_from_db()
    with refused("member.already_away", member):
        svc.member_exempt(actor=board, member=member, reason="treatment", start_on=date(2025, 8, 1))
    with refused("member.already_away", member):
        svc.member_transfer_out(
            actor=board,
            member=member,
            external_org="Đảng bộ Z",
            letter_number="1",
            letter_date=date(2025, 8, 1),
            decision_effective_on=date(2025, 8, 1),
        )


def test_leaving_closes_open_temporary_transfers_and_exemptions(tree, board):
    member = _person(tree.a1, birth_date=date(1950, 1, 1))
    svc.member_exempt(actor=None, member=member, reason="old_age", start_on=D)
    svc.member_leave(actor=board, member=member, reason="died", on=date(2026, 1, 10))
    member.refresh_from_db()
    assert member.activity == "normal" and member.exemptions.get().ended_on == date(2026, 1, 10)


def test_a_planned_absence_does_not_hold_back_todays_events(tree, board):
    member = _person(tree.a1)
    svc.member_absence_record(
        actor=board,
        member=member,
        kind="abroad",
        country="Lào",
        reason="Thăm người thân",
        start_on=date(2026, 7, 1),
    )
    member.refresh_from_db()
    assert member.last_event_on is None
    svc.member_leave(actor=board, member=member, reason="resigned", on=TODAY)


def test_an_account_is_linked_to_one_member_only(tree):
    first, second = Member.objects.filter(unit=tree.a1, status="official").order_by("pk")[:2]
    user = user_with_role("dv-link")
    svc.member_link_account(actor=None, member=first, user=user)
    other = user_with_role("dv-other")
    before = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as raised:
        svc.member_link_account(actor=None, member=second, user=user)
    assert raised.value.code == "member.account_taken"
    with pytest.raises(RuleViolation) as raised:
        svc.member_link_account(actor=None, member=first, user=other)
    assert raised.value.code == "member.account_linked"
    assert AuditEntry.objects.count() == before
    second.refresh_from_db()
    assert second.user_id is None


def test_linking_an_account_needs_the_right_on_the_member_unit(tree):
    member = Member.objects.filter(unit=tree.a1).first()
    with pytest.raises(NotPermitted):
        svc.member_link_account(
            actor=user_with_role("bt-b", "secretary", tree.b1), member=member, user=user_with_role("dv-x")
        )
