"""A meeting from its notice to its finalised minutes, and the refusals along the way."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from chibo.core.models import AuditEntry
from chibo.meetings import services as svc
from chibo.meetings.models import Attendance, Meeting, Notice
from chibo.meetings.tests.conftest import all_present, hours_ago
from chibo.members.models import Member
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


def _refused(call, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as raised:
        call(**kwargs)
    return raised.value.code


def test_publishing_summons_every_member_and_notifies_them(tree, django_capture_on_commit_callbacks):
    meeting = svc.meeting_create(actor=None, unit=tree.a1, kind="regular", starts_at=hours_ago(-48))
    Member.objects.filter(unit=tree.a1).update(email="")
    Member.objects.filter(pk=Member.objects.filter(unit=tree.a1).first().pk).update(email="a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        sent = svc.meeting_publish(actor=None, meeting=meeting)
    assert sent == 5 == Attendance.objects.filter(meeting=meeting).count()
    assert Notice.objects.filter(meeting=meeting).count() == 5
    assert len(mail.outbox) == 1 and "Đánh giá" not in mail.outbox[0].body  # no agenda given


def test_a_second_publication_is_refused(meeting):
    assert _refused(svc.meeting_publish, actor=None, meeting=meeting) == "meeting.already_published"


def test_attendance_then_minutes_finalised_and_corrected(meeting, board):
    svc.attendance_record(actor=board, meeting=meeting, entries=all_present(meeting))
    meeting.refresh_from_db()
    assert meeting.state == "held"
    assert svc.vote_base_of(meeting) == 4  # 4 official members present; the probationary one has no vote
    resolution = svc.resolution_add(
        actor=board, meeting=meeting, text="Thông qua nghị quyết tháng", in_favour=3
    )
    assert resolution.passed and resolution.base == 4
    svc.minutes_save(
        actor=board, meeting=meeting, version=None, changes={"chair": "Bí thư", "recorder": "Chi ủy viên"}
    )
    minutes = svc.minutes_finalise(actor=board, meeting=meeting)
    assert minutes.is_final
    assert _refused(svc.minutes_finalise, actor=board, meeting=meeting) == "meeting.minutes_final"
    code = _refused(svc.minutes_save, actor=board, meeting=meeting, version=None, changes={"discussion": "x"})
    assert code == "meeting.minutes_final"
    svc.minutes_correct(actor=board, meeting=meeting, text="Sửa: đồng chí X có mặt muộn")
    assert minutes.corrections.count() == 1
    assert AuditEntry.objects.filter(action="minutes.finalise").count() == 1


def test_attendance_of_someone_not_summoned_is_refused_and_writes_nothing(meeting, tree):
    outsider = Member.objects.filter(unit=tree.b1).first()
    entries = {**all_present(meeting), outsider.pk: ("present", "")}
    assert (
        _refused(svc.attendance_record, actor=None, meeting=meeting, entries=entries)
        == "meeting.not_summoned"
    )
    assert not Attendance.objects.filter(meeting=meeting).exclude(status="").exists()


def test_absence_with_reason_needs_the_reason(meeting):
    member_id = meeting.attendances.first().member_id
    code = _refused(
        svc.attendance_record, actor=None, meeting=meeting, entries={member_id: ("absent_excused", " ")}
    )
    assert code == "meeting.reason_required"


def test_qr_checkin_of_own_meeting_marks_present(meeting):
    member = meeting.attendances.first().member
    attendance = svc.attendance_checkin(actor=None, member=member, token=meeting.checkin_token)
    assert attendance.status == "present" and attendance.source == "qr"


def test_qr_checkin_with_a_foreign_or_expired_code_is_refused(meeting, tree):
    member = meeting.attendances.first().member
    assert (
        _refused(svc.attendance_checkin, actor=None, member=member, token="nope") == "meeting.checkin_unknown"
    )
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=hours_ago(30), ends_at=hours_ago(28))
    code = _refused(svc.attendance_checkin, actor=None, member=member, token=meeting.checkin_token)
    assert code == "meeting.checkin_closed"


def test_a_meeting_before_the_cell_existed_is_refused(tree):
    starts = datetime(1999, 12, 1, 14, tzinfo=timezone.get_current_timezone())  # A1 founded 1/1/2000
    code = _refused(svc.meeting_create, actor=None, unit=tree.a1, kind="regular", starts_at=starts)
    assert code == "meeting.before_unit"


def test_yearly_plan_once_per_year(tree):
    meetings = svc.meetings_plan_year(actor=None, unit=tree.a1, year=2027, day=5)
    assert len(meetings) == 16
    assert (
        _refused(svc.meetings_plan_year, actor=None, unit=tree.a1, year=2027, day=5) == "meeting.plan_exists"
    )
    assert (
        _refused(svc.meetings_plan_year, actor=None, unit=tree.a, year=2027, day=5)
        == "meeting.plan_cells_only"
    )


def test_exempt_member_is_excused_by_status_and_out_of_the_vote_base(tree, board):
    member = Member.objects.filter(unit=tree.a1, status="official").first()
    Member.objects.filter(pk=member.pk).update(birth_date=date(1960, 1, 1), sex="M")
    from chibo.members import services as mem

    mem.member_exempt(
        actor=None, member=member, reason="treatment", start_on=date.today() - timedelta(days=30)
    )
    meeting = svc.meeting_create(
        actor=None, unit=tree.a1, kind="regular", starts_at=hours_ago(2), ends_at=hours_ago(0.5)
    )
    svc.meeting_publish(actor=None, meeting=meeting)
    attendance = meeting.attendances.get(member=member)
    assert attendance.exempt and attendance.status == "excused_status"
    entries = {a.member_id: ("present", "") for a in meeting.attendances.exclude(member=member)}
    svc.attendance_record(actor=board, meeting=meeting, entries=entries)
    assert svc.vote_base_of(meeting) == 3
