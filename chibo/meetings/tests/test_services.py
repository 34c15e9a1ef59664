"""The meeting services one by one: effects, and refusals that write nothing (test_flow.py has the
main path). DOMAIN.md §3, §4; issue 5."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chibo.admissions.services import official_members_of
from chibo.core import regulations
from chibo.core.models import AuditEntry
from chibo.core.scoping import NotPermitted
from chibo.core.testing import add_members, make_unit, user_with_role
from chibo.meetings import services as svc
from chibo.meetings.models import (
    Attendance,
    Meeting,
    MeetingDocument,
    Minutes,
    MinutesCorrection,
    Notice,
    Resolution,
)
from chibo.meetings.tests.conftest import all_present, hours_ago
from chibo.members import services as mem
from chibo.members.models import Member
from chibo.rules import meetings as rules
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()


# --- helpers ------------------------------------------------------------------------------------


def _writes() -> tuple[Any, ...]:
    """Everything a meeting service may write: row counts, and the rows it may change in place."""
    counts = tuple(
        model.objects.count()
        for model in (
            Meeting,
            MeetingDocument,
            Attendance,
            Minutes,
            Resolution,
            MinutesCorrection,
            Notice,
            AuditEntry,
        )
    )
    return (
        counts,
        tuple(Meeting.objects.order_by("pk").values_list("pk", "state", "version", "starts_at", "place")),
        tuple(Attendance.objects.order_by("pk").values_list("pk", "status", "reason", "source")),
        tuple(Minutes.objects.order_by("pk").values_list("pk", "version", "chair", "finalised_at")),
    )


def _refused(call: Any, **kwargs: Any) -> str:
    """The code of the refusal; the refusal wrote nothing."""
    before = _writes()
    with pytest.raises(RuleViolation) as raised:
        call(**kwargs)
    assert _writes() == before
    return raised.value.code


def _planned(unit: Any, starts_at: datetime | None = None, minutes: int = 100, **extra: Any) -> Meeting:
    starts_at = starts_at or hours_ago(2)
    return svc.meeting_create(
        actor=None,
        unit=unit,
        kind=extra.pop("kind", "regular"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        **extra,
    )


def _published(unit: Any, starts_at: datetime | None = None, **extra: Any) -> Meeting:
    meeting = _planned(unit, starts_at, **extra)
    svc.meeting_publish(actor=None, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def _held(meeting: Meeting, statuses: dict[int, tuple[str, str]] | None = None) -> Meeting:
    """Record attendance: everyone summoned present except who is excused by status, and the
    ``statuses`` given by member pk."""
    entries = {a.member_id: ("present", "") for a in meeting.attendances.exclude(status="excused_status")}
    entries.update(statuses or {})
    svc.attendance_record(actor=None, meeting=meeting, entries=entries)
    meeting.refresh_from_db()
    return meeting


def _drafted(meeting: Meeting, **changes: str) -> Minutes:
    values = {"chair": "Nguyễn Văn Bí Thư", "recorder": "Trần Thị Thư Ký", **changes}
    return svc.minutes_save(actor=None, meeting=meeting, version=None, changes=values)


def _official(unit: Any) -> Member:
    return Member.objects.filter(unit=unit, status="official").order_by("pk").first()


def _attendance(meeting: Meeting, member: Member) -> Attendance:
    return Attendance.objects.get(meeting=meeting, member=member)


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4")


# --- meeting_update ----------------------------------------------------------------------------


def test_update_with_a_stale_version_is_refused_and_writes_nothing(meeting):
    code = _refused(
        svc.meeting_update,
        actor=None,
        meeting=meeting,
        version=meeting.version - 1,
        changes={"place": "Hội trường lớn"},
    )
    assert code == "member.edited_concurrently"


def test_moving_a_published_meeting_notifies_its_members_again(meeting, board):
    # given a published meeting of A1 whose 5 members got the notice
    assert Notice.objects.filter(meeting=meeting).count() == 5
    # when the secretary moves it to the next day
    moved = svc.meeting_update(
        actor=board,
        meeting=meeting,
        version=meeting.version,
        changes={
            "starts_at": meeting.starts_at + timedelta(days=1),
            "ends_at": meeting.ends_at + timedelta(days=1),
        },
    )
    # then every summoned member gets a second notice, and the move is audited
    assert Notice.objects.filter(meeting=meeting).count() == 10
    assert set(Notice.objects.filter(meeting=meeting).values_list("member_id", flat=True)) == set(
        meeting.attendances.values_list("member_id", flat=True)
    )
    assert moved.version == meeting.version + 1
    entry = AuditEntry.objects.get(action="meeting.update")
    assert set(entry.after) == set(entry.before) == {"starts_at", "ends_at"}


def test_changing_the_agenda_of_a_published_meeting_sends_no_new_notice(meeting, board):
    svc.meeting_update(
        actor=board, meeting=meeting, version=meeting.version, changes={"agenda": "Một việc khác"}
    )
    assert Notice.objects.filter(meeting=meeting).count() == 5


def test_moving_a_planned_meeting_notifies_nobody(tree, board):
    planned = _planned(tree.a1, hours_ago(-48))
    svc.meeting_update(actor=board, meeting=planned, version=planned.version, changes={"place": "Phòng 301"})
    assert not Notice.objects.exists()
    planned.refresh_from_db()
    assert planned.place == "Phòng 301"


def test_a_held_meeting_cannot_be_edited(meeting):
    _held(meeting)
    code = _refused(
        svc.meeting_update,
        actor=None,
        meeting=meeting,
        version=meeting.version,
        changes={"place": "Hội trường lớn"},
    )
    assert code == "meeting.closed"


def test_a_cancelled_meeting_cannot_be_edited(meeting):
    svc.meeting_cancel(actor=None, meeting=meeting, reason="Bão")
    meeting.refresh_from_db()
    code = _refused(
        svc.meeting_update, actor=None, meeting=meeting, version=meeting.version, changes={"place": "Phòng"}
    )
    assert code == "meeting.closed"


def test_moving_a_meeting_before_the_cell_existed_is_refused(meeting):
    starts = datetime(1999, 12, 1, 14, tzinfo=TZ)  # A1 founded 1/1/2000
    code = _refused(
        svc.meeting_update,
        actor=None,
        meeting=meeting,
        version=meeting.version,
        changes={"starts_at": starts, "ends_at": starts + timedelta(minutes=90)},
    )
    assert code == "meeting.before_unit"


def test_an_unknown_kind_or_field_is_refused(meeting):
    code = _refused(
        svc.meeting_update, actor=None, meeting=meeting, version=meeting.version, changes={"kind": "party"}
    )
    assert code == "meeting.kind_unknown"
    code = _refused(
        svc.meeting_update, actor=None, meeting=meeting, version=meeting.version, changes={"state": "held"}
    )
    assert code == "member.field_not_editable"


def test_a_meeting_ending_before_it_starts_is_refused(meeting):
    code = _refused(
        svc.meeting_update,
        actor=None,
        meeting=meeting,
        version=meeting.version,
        changes={"ends_at": meeting.starts_at - timedelta(minutes=1)},
    )
    assert code == "meeting.end_before_start"


# --- meeting_cancel ----------------------------------------------------------------------------


def test_cancelling_a_published_meeting_tells_its_members(meeting, board):
    svc.meeting_cancel(actor=board, meeting=meeting, reason="  Bão số 3 ")
    meeting.refresh_from_db()
    assert meeting.state == "cancelled"
    assert Notice.objects.filter(meeting=meeting).count() == 10  # the notice, then the cancellation
    assert AuditEntry.objects.get(action="meeting.cancel").after == {"reason": "Bão số 3"}


def test_cancelling_a_planned_meeting_notifies_nobody(tree):
    planned = _planned(tree.a1, hours_ago(-48))
    svc.meeting_cancel(actor=None, meeting=planned, reason="Trùng lịch")
    planned.refresh_from_db()
    assert planned.state == "cancelled" and not Notice.objects.exists()


def test_cancelling_needs_a_reason(meeting):
    assert (
        _refused(svc.meeting_cancel, actor=None, meeting=meeting, reason="  ")
        == "meeting.cancel_reason_required"
    )


def test_a_held_or_cancelled_meeting_cannot_be_cancelled(meeting, tree):
    _held(meeting)
    assert _refused(svc.meeting_cancel, actor=None, meeting=meeting, reason="Bão") == "meeting.closed"
    other = _planned(tree.a1, hours_ago(-48))
    svc.meeting_cancel(actor=None, meeting=other, reason="Bão")
    assert _refused(svc.meeting_cancel, actor=None, meeting=other, reason="Bão") == "meeting.closed"


# --- meeting_document_add ----------------------------------------------------------------------


def test_materials_out_less_than_a_day_before_are_flagged_late(tree):
    soon = _planned(tree.a1, hours_ago(-2))
    svc.meeting_document_add(actor=None, meeting=soon, title="Báo cáo tháng", file=_pdf())
    assert AuditEntry.objects.get(action="meeting.document_add").after == {
        "document": "Báo cáo tháng",
        "late": True,
    }


def test_materials_out_a_day_before_or_more_are_not_late(tree):
    later = _planned(tree.a1, hours_ago(-72))
    document = svc.meeting_document_add(actor=None, meeting=later, title="Dự thảo nghị quyết", file=_pdf())
    assert document.meeting_id == later.pk and document.file.name.endswith(".pdf")
    assert AuditEntry.objects.get(action="meeting.document_add").after["late"] is False


def test_a_document_needs_a_title(tree):
    later = _planned(tree.a1, hours_ago(-72))
    code = _refused(svc.meeting_document_add, actor=None, meeting=later, title=" ", file=_pdf())
    assert code == "meeting.title_required"


def test_no_document_is_added_to_a_held_meeting(meeting):
    _held(meeting)
    code = _refused(svc.meeting_document_add, actor=None, meeting=meeting, title="Muộn", file=_pdf())
    assert code == "meeting.closed"


# --- who is summoned -----------------------------------------------------------------------------


def test_members_of_the_cells_party_group_are_summoned(tree):
    group = make_unit(tree.a1, "T1", "to_dang", name="Tổ đảng Kế toán")
    add_members(group, official=2, prefix="Phạm Văn")
    meeting = _published(tree.a1)
    in_group = set(Member.objects.filter(unit=group).values_list("pk", flat=True))
    summoned = set(meeting.attendances.values_list("member_id", flat=True))
    assert len(in_group) == 2 and in_group <= summoned
    assert len(summoned) == 7


def test_a_member_temporarily_transferred_out_is_excused_by_status(tree):
    member = _official(tree.a1)
    today = regulations.today()
    mem.member_transfer_internal(
        actor=None,
        member=member,
        to_unit=tree.b1,
        effective_on=today - timedelta(days=10),
        temporary_until=today + timedelta(days=200),
    )
    meeting = _held(_published(tree.a1))
    attendance = _attendance(meeting, member)
    assert attendance.temporarily_out and attendance.status == "excused_status"
    assert svc.vote_base_of(meeting) == 3  # 4 official present minus the one away; probationary has no vote


def test_a_member_temporarily_transferred_in_is_summoned_by_the_receiving_cell(tree):
    # given an official member of A1 taking part temporarily in B1
    member = _official(tree.a1)
    today = regulations.today()
    mem.member_transfer_internal(
        actor=None,
        member=member,
        to_unit=tree.b1,
        effective_on=today - timedelta(days=10),
        temporary_until=today + timedelta(days=200),
    )
    # when B1 publishes a meeting
    meeting = _published(tree.b1)
    # then the member is summoned there, as temporarily in, and is expected to attend
    attendance = Attendance.objects.filter(meeting=meeting, member=member).first()
    assert attendance is not None, "a member temporarily transferred in is not summoned"
    assert attendance.temporarily_in and not attendance.temporarily_out and attendance.status == ""
    assert meeting.attendances.count() == 4  # B1's 3 members and the guest


def test_a_member_abroad_is_excused_by_status(tree):
    member = _official(tree.a1)
    mem.member_absence_record(
        actor=None,
        member=member,
        kind="abroad",
        country="Nhật Bản",
        reason="Thăm con",
        start_on=regulations.today() - timedelta(days=5),
    )
    meeting = _published(tree.a1)
    attendance = _attendance(meeting, member)
    assert attendance.away and attendance.status == "excused_status"
    other = meeting.attendances.exclude(member=member).first()
    assert not other.away and other.status == ""


def test_a_member_who_left_is_not_summoned(tree):
    member = _official(tree.a1)
    mem.member_leave(actor=None, member=member, reason="died", on=regulations.today() - timedelta(days=3))
    meeting = _published(tree.a1)
    assert not meeting.attendances.filter(member=member).exists()
    assert meeting.attendances.count() == 4


# --- attendance_record -------------------------------------------------------------------------


def test_attendance_of_a_meeting_not_published_is_refused(tree):
    planned = _planned(tree.a1)
    code = _refused(svc.attendance_record, actor=None, meeting=planned, entries={})
    assert code == "meeting.not_published"


def test_attendance_of_a_cancelled_meeting_is_refused(meeting):
    entries = all_present(meeting)
    svc.meeting_cancel(actor=None, meeting=meeting, reason="Bão")
    code = _refused(svc.attendance_record, actor=None, meeting=meeting, entries=entries)
    assert code == "meeting.not_published"


def test_attendance_before_the_meeting_started_is_refused(tree):
    future = _published(tree.a1, hours_ago(-48))
    code = _refused(svc.attendance_record, actor=None, meeting=future, entries=all_present(future))
    assert code == "meeting.not_started"


def test_attendance_with_an_unknown_status_is_refused(meeting):
    entries = all_present(meeting)
    first = next(iter(entries))
    entries[first] = ("late", "")
    code = _refused(svc.attendance_record, actor=None, meeting=meeting, entries=entries)
    assert code == "meeting.attendance_status"


def test_attendance_after_the_minutes_are_final_is_refused(meeting):
    _held(meeting)
    _drafted(meeting)
    svc.minutes_finalise(actor=None, meeting=meeting)
    code = _refused(svc.attendance_record, actor=None, meeting=meeting, entries=all_present(meeting))
    assert code == "meeting.minutes_final"


def test_attendance_records_each_status_with_its_reason(meeting, board):
    a, b, c, *rest = [att.member_id for att in meeting.attendances.order_by("pk")]
    entries = {a: ("present", ""), b: ("absent_excused", " Ốm "), c: ("absent_unexcused", "")}
    entries.update({r: ("present", "") for r in rest})
    svc.attendance_record(actor=board, meeting=meeting, entries=entries)
    rows = {x.member_id: x for x in meeting.attendances.all()}
    assert (rows[b].status, rows[b].reason, rows[b].source) == ("absent_excused", "Ốm", "secretary")
    assert rows[c].status == "absent_unexcused" and all(rows[r].status == "present" for r in (a, *rest))
    meeting.refresh_from_db()
    assert meeting.state == "held"
    assert AuditEntry.objects.get(action="meeting.attendance").counts == {
        "present": 1 + len(rest),
        "absent_excused": 1,
        "absent_unexcused": 1,
    }


def test_an_empty_attendance_sheet_is_refused(meeting):
    assert _refused(svc.attendance_record, actor=None, meeting=meeting, entries={}) == (
        "meeting.attendance_empty"
    )


def test_an_attendance_sheet_leaving_a_member_unmarked_is_refused(meeting):
    entries = all_present(meeting)
    entries.pop(next(iter(entries)))
    code = _refused(svc.attendance_record, actor=None, meeting=meeting, entries=entries)
    assert code == "meeting.attendance_incomplete"


def test_members_excused_by_status_need_no_mark(tree):
    away = _official(tree.a1)
    mem.member_absence_record(
        actor=None,
        member=away,
        kind="away",
        reason="Điều trị dài ngày",
        start_on=regulations.today() - timedelta(days=5),
    )
    meeting = _held(_published(tree.a1))
    assert meeting.state == "held" and _attendance(meeting, away).status == "excused_status"


# --- attendance_self_report --------------------------------------------------------------------


def _link(member: Member, username: str) -> Any:
    user = user_with_role(username)
    Member.objects.filter(pk=member.pk).update(user=user)
    member.refresh_from_db()
    return user


def test_a_member_confirms_their_own_attendance(meeting):
    member = meeting.attendances.order_by("pk").first().member
    user = _link(member, "dv1")
    attendance = svc.attendance_self_report(actor=user, member=member, meeting=meeting, status="present")
    assert (attendance.status, attendance.source) == ("present", "portal")
    assert AuditEntry.objects.get(action="meeting.self_report").actor_id == user.pk


def test_a_member_cannot_report_for_someone_else(meeting):
    mine, theirs = [a.member for a in meeting.attendances.order_by("pk")[:2]]
    user = _link(mine, "dv1")
    code = _refused(svc.attendance_self_report, actor=user, member=theirs, meeting=meeting, status="present")
    assert code == "meeting.not_yours"


def test_a_user_linked_to_no_member_cannot_report_for_one(meeting):
    theirs = meeting.attendances.order_by("pk").first().member
    user = user_with_role("khach")  # linked to nobody
    code = _refused(svc.attendance_self_report, actor=user, member=theirs, meeting=meeting, status="present")
    assert code == "meeting.not_yours"


def test_excusing_oneself_needs_the_reason(meeting):
    member = meeting.attendances.order_by("pk").first().member
    user = _link(member, "dv1")
    code = _refused(
        svc.attendance_self_report,
        actor=user,
        member=member,
        meeting=meeting,
        status="absent_excused",
        reason="  ",
    )
    assert code == "meeting.reason_required"
    attendance = svc.attendance_self_report(
        actor=user, member=member, meeting=meeting, status="absent_excused", reason="Đi công tác"
    )
    assert (attendance.status, attendance.reason) == ("absent_excused", "Đi công tác")


def test_a_member_cannot_mark_themself_absent_without_reason_or_excused_by_status(meeting):
    member = meeting.attendances.order_by("pk").first().member
    user = _link(member, "dv1")
    for status in ("absent_unexcused", "excused_status", "late"):
        code = _refused(svc.attendance_self_report, actor=user, member=member, meeting=meeting, status=status)
        assert code == "meeting.attendance_status"


def test_a_member_of_another_cell_cannot_report_attendance(meeting, tree):
    outsider = _official(tree.b1)
    user = _link(outsider, "dvb")
    code = _refused(
        svc.attendance_self_report, actor=user, member=outsider, meeting=meeting, status="present"
    )
    assert code == "meeting.not_summoned"


# --- resolution_add ----------------------------------------------------------------------------


def test_a_special_resolution_counts_two_thirds_of_the_official_members(meeting, tree, board):
    # given a held meeting of A1 (4 official members) where one official member was excused
    excused = _official(tree.a1)
    _held(meeting, {excused.pk: ("absent_excused", "Ốm")})
    assert svc.vote_base_of(meeting) == 3 and official_members_of(tree.a1) == 4
    # when the meeting votes on a removal: 3 of 4 official members in favour passes, 2 does not
    passed = svc.resolution_add(
        actor=board, meeting=meeting, text="Đề nghị xóa tên", in_favour=3, special=True
    )
    failed = svc.resolution_add(
        actor=board, meeting=meeting, text="Đề nghị xóa tên", in_favour=2, against=1, special=True
    )
    # then the base is the official members, not the vote base
    assert (passed.passed, passed.base, passed.special) == (True, 4, True)
    assert (failed.passed, failed.base) == (False, 4)


def test_a_special_resolution_counts_the_party_groups_official_members(tree):
    group = make_unit(tree.a1, "T1", "to_dang")
    add_members(group, official=2, prefix="Phạm Văn")
    meeting = _held(_published(tree.a1))
    assert official_members_of(tree.a1) == 6
    resolution = svc.resolution_add(actor=None, meeting=meeting, text="Kết nạp", in_favour=3, special=True)
    assert (resolution.base, resolution.passed) == (6, False)  # 2/3 of 6 is 4


def test_an_ordinary_resolution_needs_more_than_half_of_the_vote_base(meeting):
    _held(meeting)
    assert svc.vote_base_of(meeting) == 4
    half = svc.resolution_add(actor=None, meeting=meeting, text="Nghị quyết A", in_favour=2, against=2)
    more = svc.resolution_add(actor=None, meeting=meeting, text="Nghị quyết B", in_favour=3, against=1)
    assert (half.passed, half.base, half.special) == (False, 4, False)
    assert (more.passed, more.base) == (True, 4)
    assert Resolution.objects.filter(minutes__meeting=meeting).count() == 2
    assert AuditEntry.objects.filter(action="minutes.resolution").count() == 2


def test_more_votes_than_the_vote_base_are_refused(meeting):
    _held(meeting)
    code = _refused(
        svc.resolution_add,
        actor=None,
        meeting=meeting,
        text="Nghị quyết",
        in_favour=3,
        against=1,
        abstained=1,
    )
    assert code == "meeting.votes_exceed_base"


def test_more_special_votes_than_official_members_are_refused(meeting):
    _held(meeting)
    code = _refused(
        svc.resolution_add, actor=None, meeting=meeting, text="Kết nạp", in_favour=4, against=1, special=True
    )
    assert code == "admission.vote_exceeds_members"


def test_no_resolution_before_the_meeting_is_held(meeting):
    code = _refused(svc.resolution_add, actor=None, meeting=meeting, text="Nghị quyết", in_favour=3)
    assert code == "meeting.not_held"


def test_a_resolution_needs_its_text(meeting):
    _held(meeting)
    assert _refused(svc.resolution_add, actor=None, meeting=meeting, text=" ", in_favour=3) == (
        "meeting.text_required"
    )


def test_no_resolution_is_added_to_final_minutes(meeting):
    _held(meeting)
    _drafted(meeting)
    svc.minutes_finalise(actor=None, meeting=meeting)
    code = _refused(svc.resolution_add, actor=None, meeting=meeting, text="Nghị quyết", in_favour=3)
    assert code == "meeting.minutes_final"


# --- minutes -----------------------------------------------------------------------------------


def test_the_first_save_fills_the_minutes_from_the_meeting(meeting):
    _held(meeting)
    minutes = svc.minutes_save(actor=None, meeting=meeting, version=None, changes={"chair": "  Bí thư "})
    assert minutes.chair == "Bí thư" and minutes.agenda == meeting.agenda
    assert minutes.opened_at == meeting.starts_at and minutes.closed_at == meeting.ends_at


def test_no_minutes_before_the_meeting_is_held(meeting):
    code = _refused(svc.minutes_save, actor=None, meeting=meeting, version=None, changes={"chair": "X"})
    assert code == "meeting.not_held"


def test_minutes_saved_with_a_stale_version_are_refused(meeting):
    _held(meeting)
    minutes = _drafted(meeting)
    code = _refused(
        svc.minutes_save, actor=None, meeting=meeting, version=minutes.version - 1, changes={"chair": "X"}
    )
    assert code == "member.edited_concurrently"


def test_finalising_needs_the_chair_and_the_recorder(meeting):
    _held(meeting)
    # no minutes yet: the draft the service would create is not kept either
    assert _refused(svc.minutes_finalise, actor=None, meeting=meeting) == "meeting.minutes_incomplete"
    assert not Minutes.objects.exists()
    _drafted(meeting, recorder="")
    assert _refused(svc.minutes_finalise, actor=None, meeting=meeting) == "meeting.minutes_incomplete"
    svc.minutes_save(actor=None, meeting=meeting, version=None, changes={"recorder": "Thư ký"})
    assert svc.minutes_finalise(actor=None, meeting=meeting).is_final


def test_minutes_of_a_meeting_not_held_cannot_be_finalised(meeting):
    assert _refused(svc.minutes_finalise, actor=None, meeting=meeting) == "meeting.not_held"


def test_a_correction_before_finalisation_is_refused(meeting):
    _held(meeting)
    code = _refused(svc.minutes_correct, actor=None, meeting=meeting, text="Sửa")
    assert code == "meeting.minutes_not_final"  # no minutes at all
    _drafted(meeting)
    code = _refused(svc.minutes_correct, actor=None, meeting=meeting, text="Sửa")
    assert code == "meeting.minutes_not_final"  # a draft is edited, not corrected


def test_a_correction_is_appended_and_leaves_the_minutes_unchanged(meeting, board):
    _held(meeting)
    _drafted(meeting, discussion="Ý kiến")
    final = svc.minutes_finalise(actor=board, meeting=meeting)
    assert _refused(svc.minutes_correct, actor=board, meeting=meeting, text="  ") == "meeting.text_required"
    correction = svc.minutes_correct(actor=board, meeting=meeting, text=" Sửa tên người ghi ")
    final.refresh_from_db()
    assert correction.text == "Sửa tên người ghi" and correction.made_by_id == board.pk
    assert final.discussion == "Ý kiến" and final.corrections.count() == 1


# --- permissions -------------------------------------------------------------------------------


def _write_calls(tree: Any) -> dict[str, Any]:
    """Each write service on A1 (or a meeting of A1 in the state it needs), as a call taking the actor."""
    planned = _planned(tree.a1, hours_ago(-72))
    published = _published(tree.a1)
    held = _held(_published(tree.a1))
    drafted = _held(_published(tree.a1))
    _drafted(drafted)
    final = _held(_published(tree.a1))
    _drafted(final)
    svc.minutes_finalise(actor=None, meeting=final)
    return {
        "meeting_create": lambda actor: svc.meeting_create(
            actor=actor, unit=tree.a1, kind="regular", starts_at=hours_ago(-48)
        ),
        "meetings_plan_year": lambda actor: svc.meetings_plan_year(
            actor=actor, unit=tree.a1, year=2027, day=5
        ),
        "meeting_update": lambda actor: svc.meeting_update(
            actor=actor,
            meeting=planned,
            version=Meeting.objects.get(pk=planned.pk).version,
            changes={"place": "Phòng 2"},
        ),
        "meeting_cancel": lambda actor: svc.meeting_cancel(actor=actor, meeting=planned, reason="Bão"),
        "meeting_document_add": lambda actor: svc.meeting_document_add(
            actor=actor, meeting=planned, title="Báo cáo", file=_pdf()
        ),
        "meeting_publish": lambda actor: svc.meeting_publish(actor=actor, meeting=planned),
        "attendance_record": lambda actor: svc.attendance_record(
            actor=actor, meeting=published, entries=all_present(published)
        ),
        "minutes_save": lambda actor: svc.minutes_save(
            actor=actor, meeting=held, version=None, changes={"discussion": "Ý kiến"}
        ),
        "resolution_add": lambda actor: svc.resolution_add(
            actor=actor, meeting=held, text="Nghị quyết", in_favour=3
        ),
        "minutes_finalise": lambda actor: svc.minutes_finalise(actor=actor, meeting=drafted),
        "minutes_correct": lambda actor: svc.minutes_correct(actor=actor, meeting=final, text="Sửa"),
    }


WRITE_SERVICES = [
    "meeting_create",
    "meetings_plan_year",
    "meeting_update",
    "meeting_cancel",
    "meeting_document_add",
    "meeting_publish",
    "attendance_record",
    "minutes_save",
    "resolution_add",
    "minutes_finalise",
    "minutes_correct",
]


@pytest.mark.parametrize("name", WRITE_SERVICES)
def test_a_secretary_of_another_cell_may_not_touch_a1s_meetings(tree, name):
    call = _write_calls(tree)[name]
    outsider = user_with_role("bt-b1", "secretary", tree.b1)
    before = _writes()
    with pytest.raises(NotPermitted):
        call(outsider)
    assert _writes() == before
    # the same call by A1's own secretary goes through: the refusal was the scope
    call(user_with_role("bt-a1", "secretary", tree.a1))
    assert _writes() != before


def test_every_write_service_is_in_the_permission_test():
    public = {
        name
        for name, obj in vars(svc).items()
        if callable(obj) and getattr(obj, "__module__", "") == svc.__name__ and not name.startswith("_")
    }
    member_side = {"attendance_checkin", "attendance_self_report"}  # the member acts on their own record
    reads = {"summoned_members", "vote_base_of"}
    assert public - member_side - reads == set(WRITE_SERVICES)


# --- the yearly plan ---------------------------------------------------------------------------


def test_the_plan_skips_the_dates_before_the_cell_was_founded(tree):
    founded = date(2024, 6, 10)
    young = make_unit(tree.a, "A2", "chi_bo", name="Chi bộ mới", founded_on=founded)
    meetings = svc.meetings_plan_year(actor=None, unit=young, year=2024, day=5)
    days = [timezone.localtime(m.starts_at).date() for m in meetings]
    expected = [d for d, _kind in rules.plan_year(2024, day=5) if d >= founded]
    assert days == expected and 0 < len(days) < 16
    assert all(d >= founded for d in days)
    assert Meeting.objects.filter(unit=young).count() == len(expected)
    assert AuditEntry.objects.get(action="meeting.plan_year").counts == {"meetings_planned": len(expected)}


def test_planned_meetings_last_the_minimum_of_their_kind(tree):
    meetings = svc.meetings_plan_year(actor=None, unit=tree.a1, year=2027, day=5)
    profile = regulations.profile(date(2027, 1, 1))
    assert {m.kind for m in meetings} == {"regular", "thematic"}
    for m in Meeting.objects.filter(unit=tree.a1):
        assert m.ends_at - m.starts_at == timedelta(minutes=rules.min_duration_minutes(m.kind, profile))
        assert not rules.too_short(m.kind, m.starts_at, m.ends_at, profile)
        assert m.state == "planned"
