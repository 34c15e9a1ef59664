"""The meetings API: scope, refusals with their rule, a meeting from its notice to corrected minutes,
the QR check-in of members, the alerts and rates, the list's queries and the permission matrix."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from chibo.accounts.roles import Action
from chibo.core.models import AuditEntry
from chibo.core.testing import assert_permission_matrix, user_with_role
from chibo.meetings import services as svc
from chibo.meetings.api import urls as api_urls
from chibo.meetings.models import Attendance, Meeting, MinutesCorrection, Notice, Resolution
from chibo.meetings.tests.api_matrix_cases import CASES
from chibo.meetings.tests.conftest import all_present, hours_ago
from chibo.members.models import Member

pytestmark = pytest.mark.django_db


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def api(board):
    return _client(board)


def _post(client: APIClient, name: str, pk: int, body: Any = None) -> Any:
    return client.post(reverse(f"meeting-{name}", args=[pk]), body or {}, format="json")


def _refused(response: Any, code: str) -> None:
    """A refusal by a rule: 400, its code, and a translated sentence (not the bare code)."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == code
    assert body["detail"] and body["detail"] != code


def _held_meeting(
    unit: Any, starts_at: datetime, entries: dict[int, tuple[str, str]] | None = None
) -> Meeting:
    meeting = svc.meeting_create(
        actor=None, unit=unit, kind="regular", starts_at=starts_at, ends_at=starts_at + timedelta(minutes=100)
    )
    svc.meeting_publish(actor=None, meeting=meeting)
    svc.attendance_record(actor=None, meeting=meeting, entries=entries or all_present(meeting))
    return meeting


def _year(meeting: Meeting) -> int:
    return timezone.localtime(meeting.starts_at).year


# --- list and detail --------------------------------------------------------------------------


def test_list_shows_only_meetings_in_the_callers_scope(api, tree, meeting):
    other = svc.meeting_create(actor=None, unit=tree.b1, kind="thematic", starts_at=hours_ago(-24))
    url = reverse("meeting-list")
    sibling = _client(user_with_role("viewer-b", "viewer", tree.b))
    assert [m["id"] for m in sibling.get(url).json()["results"]] == [other.pk]
    assert sibling.get(url, {"unit": "A1"}).status_code == 404
    assert sibling.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 404
    own = _client(user_with_role("viewer-a", "viewer", tree.a))
    assert [m["id"] for m in own.get(url).json()["results"]] == [meeting.pk]
    assert [m["id"] for m in api.get(url).json()["results"]] == [other.pk, meeting.pk]  # latest first
    assert [m["id"] for m in api.get(url, {"unit": "a1"}).json()["results"]] == [meeting.pk]
    assert api.get(url, {"year": _year(meeting) - 1}).json()["results"] == []
    assert api.get(url, {"year": "soon"}).status_code == 400


def test_list_pages_with_a_cursor(api, tree):
    for days in (1, 2, 3):
        svc.meeting_create(actor=None, unit=tree.a1, kind="regular", starts_at=hours_ago(-24 * days))
    page = api.get(reverse("meeting-list"), {"page_size": 2}).json()
    assert len(page["results"]) == 2 and page["next"] and "count" not in page
    assert len(api.get(page["next"]).json()["results"]) == 1


def test_detail_has_the_attendance_list_and_the_figures(api, tree, meeting):
    body = api.get(reverse("meeting-detail", args=[meeting.pk])).json()
    assert (body["unit"], body["state"], body["kind"]) == ("A1", "published", "regular")
    assert body["agenda_items"] == ["Đánh giá tháng", "Nhiệm vụ tháng tới"]
    names = sorted(Member.objects.filter(unit=tree.a1).values_list("full_name", flat=True))
    assert sorted(a["member_name"] for a in body["attendances"]) == names
    assert [a["official"] for a in body["attendances"]].count(False) == 1  # the probationary member
    assert all(a["status"] == "" and a["source"] == "" for a in body["attendances"])
    assert [c["count"] for c in body["counts"]] == [0, 0, 0, 0]
    assert body["rate"] is None and body["vote_base"] is None and body["majority"] is None
    assert (body["official_members"], body["special_required"]) == (4, 3)
    assert (body["too_short"], body["materials_late"], body["min_minutes"]) == (False, False, 90)
    assert body["documents"] == [] and body["minutes"] is None
    assert body["checkin_token"] == meeting.checkin_token  # the board prints the sign-in sheet
    viewer = _client(user_with_role("viewer-a", "viewer", tree.a))
    assert viewer.get(reverse("meeting-detail", args=[meeting.pk])).json()["checkin_token"] is None


# --- create and change ------------------------------------------------------------------------------


def _new(**change: Any) -> dict[str, Any]:
    starts = timezone.localtime() + timedelta(days=7)
    return {
        "unit": "A1",
        "kind": "combined",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(minutes=120)).isoformat(),
        "place": "  Hội trường  ",
        "agenda": "Sinh hoạt chuyên đề\nNhiệm vụ quý",
        "political_task": "Chuyển đổi số",
        "title": "Sinh hoạt tháng",
        **change,
    }


def test_create_schedules_a_meeting_with_its_audit_entry(api, tree):
    response = api.post(reverse("meeting-list"), _new(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    meeting = Meeting.objects.get(pk=body["id"])
    assert (meeting.unit, meeting.kind, meeting.state, meeting.place) == (
        tree.a1,
        "combined",
        "planned",
        "Hội trường",
    )
    assert body["min_minutes"] == 120 and body["too_short"] is False
    assert AuditEntry.objects.filter(action="meeting.create", actor__username="board").count() == 1


def test_a_meeting_before_the_unit_existed_is_refused_and_writes_nothing(api, tree):
    response = api.post(
        reverse("meeting-list"), _new(starts_at="1999-12-01T14:00:00+07:00", ends_at=None), format="json"
    )
    _refused(response, "meeting.before_unit")
    assert not Meeting.objects.exists()
    assert not AuditEntry.objects.filter(action="meeting.create").exists()


def test_create_with_bad_input_or_in_a_unit_the_caller_may_not_manage_is_400(tree):
    secretary_b = _client(user_with_role("sec-b", "secretary", tree.b))
    response = secretary_b.post(reverse("meeting-list"), _new(), format="json")
    assert response.status_code == 400 and "unit" in response.json()
    response = secretary_b.post(reverse("meeting-list"), _new(unit="B1", kind="party"), format="json")
    assert response.status_code == 400 and "kind" in response.json()
    _refused(
        secretary_b.post(
            reverse("meeting-list"), _new(unit="B1", ends_at="2000-01-01T00:00:00Z"), format="json"
        ),
        "meeting.end_before_start",
    )
    assert not Meeting.objects.exists()


def test_a_change_needs_the_version_read_and_only_the_meetings_facts(api, meeting):
    url = reverse("meeting-detail", args=[meeting.pk])
    ok = api.patch(url, {"version": meeting.version, "place": "Phòng 3"}, format="json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["place"] == "Phòng 3" and ok.json()["version"] == meeting.version + 1
    _refused(
        api.patch(url, {"version": meeting.version, "place": "Phòng 4"}, format="json"),
        "member.edited_concurrently",
    )
    _refused(
        api.patch(url, {"version": ok.json()["version"], "state": "held"}, format="json"),
        "member.field_not_editable",
    )
    assert api.patch(url, {"place": "Phòng 5"}, format="json").status_code == 400
    meeting.refresh_from_db()
    assert (meeting.place, meeting.state) == ("Phòng 3", "published")


def test_a_cancelled_meeting_tells_its_members_and_is_closed(api, meeting):
    response = _post(api, "cancel", meeting.pk, {"reason": " "})
    assert response.status_code == 400 and "reason" in response.json()
    notices = Notice.objects.filter(meeting=meeting).count()
    assert _post(api, "cancel", meeting.pk, {"reason": "Bão"}).json()["state"] == "cancelled"
    assert Notice.objects.filter(meeting=meeting).count() == 2 * notices
    _refused(_post(api, "cancel", meeting.pk, {"reason": "Bão"}), "meeting.closed")


# --- the steps -------------------------------------------------------------------------------------


def test_a_second_publication_is_refused_and_notifies_nobody_again(api, tree):
    meeting = svc.meeting_create(actor=None, unit=tree.a1, kind="regular", starts_at=hours_ago(-48))
    published = _post(api, "publish", meeting.pk)
    assert published.status_code == 200, published.content
    assert published.json()["state"] == "published" and len(published.json()["attendances"]) == 5
    _refused(_post(api, "publish", meeting.pk), "meeting.already_published")
    assert Notice.objects.filter(meeting=meeting).count() == 5
    assert Attendance.objects.filter(meeting=meeting).count() == 5


def test_attendance_of_a_member_not_summoned_is_refused_and_writes_nothing(api, tree, meeting):
    outsider = Member.objects.filter(unit=tree.b1).first()
    sheet = [{"member": m, "status": "present"} for m in all_present(meeting)]
    _refused(
        _post(api, "attendance", meeting.pk, [*sheet, {"member": outsider.pk, "status": "present"}]),
        "meeting.not_summoned",
    )
    assert not Attendance.objects.filter(meeting=meeting).exclude(status="").exists()
    meeting.refresh_from_db()
    assert meeting.state == "published"
    assert not AuditEntry.objects.filter(action="meeting.attendance").exists()


def test_attendance_input_is_validated_before_the_service(api, meeting):
    member = meeting.attendances.first().member_id
    once = {"member": member, "status": "present"}
    for body in ([], {"member": member}, [{"member": member, "status": "late"}], [once, once]):
        assert _post(api, "attendance", meeting.pk, body).status_code == 400, body
    _refused(
        _post(api, "attendance", meeting.pk, [{"member": member, "status": "absent_excused"}]),
        "meeting.reason_required",
    )
    assert not Attendance.objects.filter(meeting=meeting).exclude(status="").exists()


def test_a_meeting_from_its_notice_to_corrected_minutes(api, tree):
    created = api.post(
        reverse("meeting-list"),
        _new(kind="regular", starts_at=hours_ago(2).isoformat(), ends_at=hours_ago(0.25).isoformat()),
        format="json",
    )
    pk = created.json()["id"]

    def step(name: str, body: Any = None) -> dict[str, Any]:
        response = _post(api, name, pk, body)
        assert response.status_code == 200, (name, response.content)
        return response.json()  # type: ignore[no-any-return]

    summoned = [a["member"] for a in step("publish")["attendances"]]
    absent = Member.objects.get(pk=summoned[0])
    sheet = [{"member": m, "status": "present"} for m in summoned[1:]]
    sheet.append({"member": absent.pk, "status": "absent_excused", "reason": "Đi công tác"})
    held = step("attendance", sheet)
    assert held["state"] == "held" and held["rate"] == 80.0
    assert {c["status"]: c["count"] for c in held["counts"]}["absent_excused"] == 1
    line = next(a for a in held["attendances"] if a["member"] == absent.pk)
    assert (line["status"], line["reason"], line["source"]) == ("absent_excused", "Đi công tác", "secretary")
    base = held["vote_base"]
    assert base == (3 if absent.status == "official" else 4) and held["majority"] == base // 2 + 1
    voted = step("resolutions", {"text": "Thông qua nghị quyết tháng", "in_favour": base, "against": 0})
    (resolution,) = voted["minutes"]["resolutions"]
    assert resolution["passed"] and resolution["base"] == base
    _refused(_post(api, "finalise", pk), "meeting.minutes_incomplete")
    draft = step("minutes", {"chair": "Bí thư", "recorder": "Chi ủy viên", "discussion": "Ý kiến"})
    assert draft["minutes"]["chair"] == "Bí thư" and draft["minutes"]["is_final"] is False
    _refused(_post(api, "minutes", pk, {"version": 1, "discussion": "cũ"}), "member.edited_concurrently")
    final = step("finalise")["minutes"]
    assert final["is_final"] and final["finalised_by"] == "board"
    _refused(_post(api, "finalise", pk), "meeting.minutes_final")
    _refused(_post(api, "minutes", pk, {"discussion": "x"}), "meeting.minutes_final")
    _refused(_post(api, "resolutions", pk, {"text": "Muộn", "in_favour": 1}), "meeting.minutes_final")
    corrected = step("corrections", {"text": "Sửa: đồng chí X có mặt muộn"})["minutes"]
    assert [c["text"] for c in corrected["corrections"]] == ["Sửa: đồng chí X có mặt muộn"]
    assert corrected["discussion"] == "Ý kiến"  # the finalised text is untouched
    assert AuditEntry.objects.filter(action="minutes.finalise").count() == 1


def test_a_resolution_before_the_attendance_or_with_more_votes_than_the_base_is_refused(api, meeting):
    _refused(_post(api, "resolutions", meeting.pk, {"text": "NQ", "in_favour": 3}), "meeting.not_held")
    svc.attendance_record(actor=None, meeting=meeting, entries=all_present(meeting))
    _refused(
        _post(api, "resolutions", meeting.pk, {"text": "NQ", "in_favour": 4, "against": 1}),
        "meeting.votes_exceed_base",
    )
    _refused(_post(api, "corrections", meeting.pk, {"text": "Sửa"}), "meeting.minutes_not_final")
    assert not Resolution.objects.exists() and not MinutesCorrection.objects.exists()


def test_only_a_manager_of_the_unit_takes_the_steps(tree, meeting):
    viewer = _client(user_with_role("viewer-a1", "viewer", tree.a1))
    assert _post(viewer, "attendance", meeting.pk, [{"member": 1, "status": "present"}]).status_code == 403
    sibling = _client(user_with_role("sec-b", "secretary", tree.b))
    assert _post(sibling, "finalise", meeting.pk).status_code == 404
    assert not Attendance.objects.filter(meeting=meeting).exclude(status="").exists()


# --- the yearly plan -----------------------------------------------------------------------------


def test_the_yearly_plan_of_a_chi_bo(tree):
    secretary = _client(user_with_role("sec-a1", "secretary", tree.a1))
    url = reverse("meeting-plan")
    year = timezone.localdate().year + 1
    response = secretary.post(url, {"unit": "A1", "year": year, "day": 5, "at": "07:30"}, format="json")
    assert response.status_code == 201, response.content
    planned = response.json()
    assert len(planned) == 16 and [m["kind"] for m in planned].count("thematic") == 4
    assert all(timezone.localtime(m.starts_at).strftime("%H:%M") == "07:30" for m in Meeting.objects.all())
    _refused(
        secretary.post(url, {"unit": "A1", "year": year, "day": 5}, format="json"), "meeting.plan_exists"
    )
    board = _client(user_with_role("board-a", "org_board", tree.a))
    _refused(board.post(url, {"unit": "A", "year": year, "day": 5}, format="json"), "meeting.plan_cells_only")
    assert board.post(url, {"unit": "A1", "year": year, "day": 32}, format="json").status_code == 400
    assert (
        board.post(url, {"unit": "A1", "year": year, "day": 5, "at": "7h"}, format="json").status_code == 400
    )
    for user in (user_with_role("sec-b", "secretary", tree.b), user_with_role("viewer-a", "viewer", tree.a)):
        response = _client(user).post(url, {"unit": "A1", "year": year + 1, "day": 5}, format="json")
        assert response.status_code == 400 and "unit" in response.json()
    assert Meeting.objects.count() == 16


# --- QR check-in -----------------------------------------------------------------------------------


def _member_account(member: Member, username: str = "dang-vien") -> Any:
    user = user_with_role(username)  # no staff role: a member's own account
    Member.objects.filter(pk=member.pk).update(user=user)
    return user


def test_a_member_checks_in_with_the_qr_code_of_their_meeting(tree, meeting):
    member = meeting.attendances.first().member
    client = _client(_member_account(member))
    url = reverse("meeting-checkin")
    assert client.post(url, {}, format="json").status_code == 400
    response = client.post(url, {"token": meeting.checkin_token}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["recorded_at"] and body.pop("starts_at")
    assert {k: body[k] for k in ("meeting", "unit", "member", "status", "source")} == {
        "meeting": meeting.pk,
        "unit": "A1",
        "member": member.pk,
        "status": "present",
        "source": "qr",
    }
    attendance = meeting.attendances.get(member=member)
    assert (attendance.status, attendance.source) == ("present", "qr")
    assert AuditEntry.objects.filter(action="meeting.checkin", actor__username="dang-vien").count() == 1
    # a member account is no staff account: the rest of the API stays closed to it
    assert client.get(reverse("meeting-list")).status_code == 403


def test_a_foreign_or_unknown_qr_code_is_refused_and_writes_nothing(tree, meeting):
    member = meeting.attendances.first().member
    client = _client(_member_account(member))
    foreign = svc.meeting_create(
        actor=None, unit=tree.b1, kind="regular", starts_at=hours_ago(1), ends_at=hours_ago(-1)
    )
    svc.meeting_publish(actor=None, meeting=foreign)
    url = reverse("meeting-checkin")
    _refused(client.post(url, {"token": foreign.checkin_token}, format="json"), "meeting.not_summoned")
    _refused(client.post(url, {"token": "not-a-code"}, format="json"), "meeting.checkin_unknown")
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=hours_ago(30), ends_at=hours_ago(28))
    _refused(client.post(url, {"token": meeting.checkin_token}, format="json"), "meeting.checkin_closed")
    assert not Attendance.objects.exclude(status="").exists()


def test_only_an_account_with_a_member_record_checks_in(tree, meeting):
    url = reverse("meeting-checkin")
    body = {"token": meeting.checkin_token}
    assert APIClient().post(url, body, format="json").status_code in (401, 403)
    staff = _client(user_with_role("board-r", "org_board", tree.root))
    assert staff.post(url, body, format="json").status_code == 403
    assert not Attendance.objects.exclude(status="").exists()


# --- alerts and rates --------------------------------------------------------------------------------


def test_unexcused_absences_in_three_months_raise_the_removal_alert(api, tree):
    year = timezone.localdate().year - 1
    tz = timezone.get_current_timezone()
    absent = Member.objects.filter(unit=tree.a1, status="official").order_by("pk").first()
    warned = Member.objects.filter(unit=tree.a1, status="official").order_by("pk")[1]
    for month in (2, 4, 7):
        meeting = svc.meeting_create(
            actor=None, unit=tree.a1, kind="regular", starts_at=datetime(year, month, 10, 14, tzinfo=tz)
        )
        svc.meeting_publish(actor=None, meeting=meeting)
        entries = all_present(meeting) | {absent.pk: ("absent_unexcused", "")}
        if month != 7:
            entries[warned.pk] = ("absent_unexcused", "")
        svc.attendance_record(actor=None, meeting=meeting, entries=entries)
    alerts = api.get(reverse("meeting-alert-list"), {"unit": "A1", "year": year}).json()
    by_member = {a["member"]: a for a in alerts if a["member"]}
    assert by_member[absent.pk] == {
        "kind": "absent_removal",
        "unit": "A1",
        "unit_name": tree.a1.name,
        "detail": "3",
        "meeting": None,
        "member": absent.pk,
        "member_name": absent.full_name,
    }
    assert by_member[warned.pk]["kind"] == "absent_warning" and set(by_member) == {absent.pk, warned.pk}
    no_regular = {a["detail"] for a in alerts if a["kind"] == "no_regular"}
    assert len(no_regular) == 9 and f"02/{year}" not in no_regular
    assert api.get(reverse("meeting-alert-list"), {"unit": "B1", "year": year}).json() == [
        {
            "kind": "no_regular",
            "unit": "B1",
            "unit_name": tree.b1.name,
            "detail": f"{m:02d}/{year}",
            "meeting": None,
            "member": None,
            "member_name": None,
        }
        for m in range(1, 13)
    ] + [
        {
            "kind": "no_thematic",
            "unit": "B1",
            "unit_name": tree.b1.name,
            "detail": f"Q{q}/{year}",
            "meeting": None,
            "member": None,
            "member_name": None,
        }
        for q in range(1, 5)
    ]
    sibling = _client(user_with_role("viewer-b", "viewer", tree.b))
    assert sibling.get(reverse("meeting-alert-list"), {"unit": "A1"}).status_code == 404
    assert all(a["unit"] == "B1" for a in sibling.get(reverse("meeting-alert-list"), {"year": year}).json())


def test_attendance_rates_of_a_unit_and_its_children(api, tree, meeting):
    absent = meeting.attendances.order_by("member_id").first().member_id
    svc.attendance_record(
        actor=None, meeting=meeting, entries=all_present(meeting) | {absent: ("absent_unexcused", "")}
    )
    year = _year(meeting)
    body = api.get(reverse("meeting-rate-list"), {"unit": "A", "year": year}).json()
    (a,) = body["units"]
    assert body["year"] == year
    assert (a["unit"], a["meetings"], a["expected"], a["present"], a["percent"]) == ("A", 1, 5, 4, 80.0)
    assert [(c["unit"], c["percent"]) for c in a["children"]] == [("A1", 80.0)]
    (root,) = api.get(reverse("meeting-rate-list"), {"year": year}).json()["units"]  # the board's scope: R
    assert root["unit"] == "R" and [(c["unit"], c["percent"]) for c in root["children"]] == [
        ("A", 80.0),
        ("B", None),
    ]
    secretary = _client(user_with_role("sec-b", "secretary", tree.b))
    assert [u["unit"] for u in secretary.get(reverse("meeting-rate-list")).json()["units"]] == ["B"]
    assert secretary.get(reverse("meeting-rate-list"), {"unit": "A"}).status_code == 404
    assert api.get(reverse("meeting-rate-list"), {"year": year - 1}).json()["units"][0]["expected"] == 0


# --- queries -------------------------------------------------------------------------------------------

LIST_QUERIES = 4  # session, user, role grants, one page of meetings with their units


def test_the_list_needs_the_same_queries_whatever_the_number_of_meetings(
    client, tree, board, django_assert_num_queries
):
    client.force_login(board)
    for count in (3, 10):
        while Meeting.objects.count() < count:
            unit = tree.a1 if Meeting.objects.count() % 2 else tree.b1
            svc.meeting_create(
                actor=None,
                unit=unit,
                kind="regular",
                starts_at=hours_ago(-24 * (Meeting.objects.count() + 1)),
            )
        with django_assert_num_queries(LIST_QUERIES):
            response = client.get(reverse("meeting-list"))
        assert len(response.json()["results"]) == count


# --- the permission matrix ------------------------------------------------------------------------------


def test_every_meeting_api_url_is_in_the_matrix():
    names = {p.name for p in api_urls.urlpatterns if isinstance(p, URLPattern) and p.name}
    names = {n for n in names if not n.endswith("-format")}
    assert names == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_permission_matrix(client, tree, name):
    url_for, action, method, api, expected = CASES[name]
    assert_permission_matrix(client, tree, url_for, action=action, method=method, api=api, expected=expected)


def test_permission_matrix_of_create(client, tree):
    # a unit the caller may not manage is a field error of the body (400), as in the admissions API
    assert_permission_matrix(
        client,
        tree,
        lambda t: reverse("meeting-list"),
        action=Action.MANAGE,
        method="post",
        api=True,
        data=_new(),
        expected={"sibling": (400,), "own_without_right": (400,), "own": (201,), "ancestor": (201,)},
    )


def test_permission_matrix_of_change(client, tree):
    assert_permission_matrix(
        client, tree, CASES["meeting-detail"][0], action=Action.MANAGE, method="patch", api=True
    )
