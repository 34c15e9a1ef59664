"""The meeting pages: schedule, notice, attendance sheet, minutes, PDFs, check-in, alerts, rates."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from chibo.accounts.services import user_create
from chibo.core.testing import printed_papers, user_with_role
from chibo.meetings import exports, selectors
from chibo.meetings import services as svc
from chibo.meetings.models import Attendance, Meeting, Minutes
from chibo.meetings.tests.conftest import all_present
from chibo.members.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(tree):
    return user_with_role("bithu", "secretary", tree.a1)


def test_secretary_schedules_a_meeting(client, tree, secretary):
    client.force_login(secretary)
    day = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(
        reverse("meetings:create", args=["A1"]),
        {
            "kind": "regular",
            "day": day,
            "start": "14:00",
            "end": "16:00",
            "place": "Hội trường",
            "agenda": "A\nB",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "meetings:detail", args=[meeting.pk]
    )
    assert meeting.agenda_items == ["A", "B"]


def test_a_meeting_ending_before_it_starts_is_refused_by_the_form(client, tree, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:create", args=["A1"]),
        {"kind": "regular", "day": "2026-01-05", "start": "14:00", "end": "13:00"},
    )
    assert response.status_code == 200 and not Meeting.objects.exists()


def test_plan_year_through_its_form(client, tree, secretary):
    client.force_login(secretary)
    response = client.post(reverse("meetings:plan", args=["A1"]), {"year": "2027", "day": "5", "at": "14:00"})
    assert response.status_code == 302 and Meeting.objects.filter(unit=tree.a1).count() == 16


def test_publish_then_take_attendance_in_one_screen(client, tree, secretary):
    meeting = svc.meeting_create(
        actor=None, unit=tree.a1, kind="regular", starts_at=timezone.now() - timedelta(hours=2)
    )
    client.force_login(secretary)
    assert client.post(reverse("meetings:publish", args=[meeting.pk])).status_code == 302
    page = client.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    assert page.count('type="radio"') == 5 * 4
    data = {f"status_{a.member_id}": "present" for a in Attendance.objects.filter(meeting=meeting)}
    response = client.post(reverse("meetings:attendance", args=[meeting.pk]), data)
    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 5


def test_attendance_refusal_is_shown_and_keeps_the_entries(client, tree, secretary, meeting):
    client.force_login(secretary)
    member_id = meeting.attendances.first().member_id
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]), {f"status_{member_id}": "absent_excused"}
    )
    assert response.status_code == 400 and "alert-danger" in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exclude(status="").exists()


def test_minutes_draft_resolution_finalise_and_pdf(client, tree, secretary, meeting):
    svc.attendance_record(actor=None, meeting=meeting, entries=all_present(meeting))
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"chair": "Đồng chí Bí thư", "recorder": "Đồng chí Thư ký", "opened": "14:00", "closed": "15:45",
         "agenda": "A", "discussion": "Thảo luận", "conclusions": "Kết luận"},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        reverse("meetings:resolution", args=[meeting.pk]),
        {"text": "Thông qua", "in_favour": "4", "against": "0", "abstained": "0"},
    )
    assert response.status_code == 302
    assert client.post(reverse("meetings:finalise", args=[meeting.pk])).status_code == 302
    assert Minutes.objects.get(meeting=meeting).is_final
    pdf = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    response = client.post(reverse("meetings:minutes", args=[meeting.pk]), {"chair": "Khác", "recorder": "x"})
    assert response.status_code == 200  # refused: the minutes are final
    assert Minutes.objects.get(meeting=meeting).chair == "Đồng chí Bí thư"


def test_sign_in_sheet_pdf_has_the_qr(client, tree, secretary, meeting):
    client.force_login(secretary)
    response = client.get(reverse("meetings:sheet", args=[meeting.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_minutes_and_sign_in_sheet_print_in_vietnamese_for_an_english_user(tree, meeting):
    """The minutes and the sign-in sheet are the cell's papers: an English interface prints them in
    Vietnamese, choice labels included."""
    with translation.override("en"), printed_papers() as printed:
        exports.sign_in_sheet_pdf(meeting, checkin_url="https://chibo.example/m/x")
    (sheet,) = printed
    assert "Danh sách đảng viên dự họp" in sheet and "Quét mã để điểm danh" in sheet
    assert "Sinh hoạt thường kỳ · ngày" in sheet and "Địa điểm: Phòng họp tầng 2" in sheet
    assert "<th>TT</th><th>Họ và tên</th><th>Ghi chú</th><th>Ký tên</th>" in sheet
    assert "Dự bị" in sheet  # the probationary member of A1
    assert "Regular monthly meeting" not in sheet and "Signature" not in sheet

    svc.attendance_record(actor=None, meeting=meeting, entries=all_present(meeting))
    svc.minutes_save(
        actor=None, meeting=meeting, version=None,
        changes={"chair": "Đồng chí Bí thư", "recorder": "Đồng chí Thư ký", "discussion": "Thảo luận"},
    )  # fmt: skip
    svc.resolution_add(actor=None, meeting=meeting, text="Thông qua nghị quyết", in_favour=4)
    svc.minutes_finalise(actor=None, meeting=meeting)
    meeting = Meeting.objects.select_related("unit", "minutes").get(pk=meeting.pk)
    with translation.override("en"), printed_papers() as printed:
        exports.minutes_pdf(meeting, **selectors.meeting_detail(meeting))
        assert translation.get_language() == "en"
    (minutes,) = printed
    start = timezone.localtime(meeting.starts_at)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in minutes and "<h1>BIÊN BẢN</h1>" in minutes
    assert f"ngày {start:%d} tháng {start:%m} năm {start:%Y}" in minutes
    assert ">sinh hoạt thường kỳ<" in minutes  # the kind, as the sub-title
    assert "Chủ trì: Đồng chí Bí thư. Thư ký: Đồng chí Thư ký." in minutes
    assert "Tổng số đảng viên được triệu tập: 5; có mặt: 5;" in minutes
    assert "<h2>Diễn biến, ý kiến thảo luận</h2>" in minutes and "<h2>Biểu quyết</h2>" in minutes
    assert "— tán thành 4, không tán thành 0, không biểu quyết 0 (trên tổng số" in minutes
    assert "thông qua." in minutes
    assert "<strong>THƯ KÝ</strong>" in minutes and "<strong>CHỦ TRÌ</strong>" in minutes
    assert "MINUTES" not in minutes and "present" not in minutes and "Chaired by" not in minutes


def test_member_checks_in_by_the_qr_link(client, tree, meeting):
    member = meeting.attendances.first().member
    user = user_create(actor=None, username="dv1", password="mat-khau-dai-123")
    Member.objects.filter(pk=member.pk).update(user=user)
    client.force_login(user)
    url = reverse("meetings:checkin", args=[meeting.checkin_token])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 200 and 'id="checked-in"' in response.content.decode()
    assert Attendance.objects.get(meeting=meeting, member=member).source == "qr"


def test_checkin_with_a_foreign_code_is_refused(client, tree, meeting):
    member = meeting.attendances.first().member
    user = user_create(actor=None, username="dv2", password="mat-khau-dai-123")
    Member.objects.filter(pk=member.pk).update(user=user)
    client.force_login(user)
    response = client.post(reverse("meetings:checkin", args=["khong-phai"]))
    assert response.status_code == 400
    assert not Attendance.objects.filter(meeting=meeting, source="qr").exists()


def test_checkin_without_a_member_record_is_forbidden(client, tree, meeting):
    client.force_login(user_with_role("nomember"))
    assert client.get(reverse("meetings:checkin", args=[meeting.checkin_token])).status_code == 403


def test_alerts_and_rates_pages(client, tree, board, meeting):
    svc.attendance_record(actor=None, meeting=meeting, entries=all_present(meeting))
    client.force_login(board)
    assert client.get(reverse("meetings:alerts") + "?unit=A").status_code == 200
    body = client.get(reverse("meetings:rates") + "?unit=A1").content.decode()
    assert 'id="member-rates"' in body and re.search(r"100[,.]0%", body)


def test_list_page_queries_do_not_grow(client, tree, board, django_assert_max_num_queries):
    for hours in range(3):
        svc.meeting_create(
            actor=None, unit=tree.a1, kind="regular", starts_at=timezone.now() - timedelta(days=hours)
        )
    client.force_login(board)
    client.get(reverse("meetings:list"))
    with django_assert_max_num_queries(15) as counted:
        client.get(reverse("meetings:list"))
    for hours in range(3, 12):
        svc.meeting_create(
            actor=None, unit=tree.a1, kind="regular", starts_at=timezone.now() - timedelta(days=hours)
        )
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(reverse("meetings:list"))
