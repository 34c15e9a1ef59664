from __future__ import annotations

import pytest
from django.urls import reverse

from chibo.meetings.models import Attendance
from chibo.portal import services
from chibo.portal.models import CorrectionRequest
from chibo.portal.tests.conftest import CCCD

pytestmark = pytest.mark.django_db


def _ask(user):  # type: ignore[no-untyped-def]
    return services.correction_request_create(
        actor=user, member=user.member, field="other", text="Quê quán ghi sai tên xã"
    )


def test_my_record_has_the_summary_and_history_with_the_cccd_masked(client, member_user):
    client.force_login(member_user)

    data = client.get(reverse("my-record-list")).json()

    assert data["full_name"] == member_user.member.full_name and data["unit_code"] == "A1"
    assert data["cccd_masked"] == "•••••••••345" and CCCD not in str(data)
    assert data["party_age"]["years"] >= 15 and data["history"]


def test_a_member_creates_and_lists_their_requests(client, member_user, neighbour_user):
    _ask(neighbour_user)
    client.force_login(member_user)

    created = client.post(
        reverse("my-correction-request-list"),
        {"field": "card_number", "text": "Số thẻ ghi sai một chữ số"},
        content_type="application/json",
    )

    assert created.status_code == 201
    rows = client.get(reverse("my-correction-request-list")).json()["results"]
    assert [r["id"] for r in rows] == [created.json()["id"]]


def test_a_refused_request_is_400_with_its_code(client, member_user):
    client.force_login(member_user)

    response = client.post(
        reverse("my-correction-request-list"),
        {"field": "other", "text": "ngắn"},
        content_type="application/json",
    )

    assert response.status_code == 400 and response.json()["code"] == "portal.text_length"
    assert not CorrectionRequest.objects.exists()


def test_staff_list_and_close_requests_in_their_scope(client, member_user, other_member_user, secretary):
    mine, elsewhere = _ask(member_user), _ask(other_member_user)
    client.force_login(secretary)

    rows = client.get(reverse("correction-request-list")).json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]

    closed = client.post(
        reverse("correction-request-close", args=[mine.pk]),
        {"state": "done"},
        content_type="application/json",
    )
    assert closed.status_code == 200 and closed.json()["state"] == "done"
    outside = client.post(
        reverse("correction-request-close", args=[elsewhere.pk]),
        {"state": "done"},
        content_type="application/json",
    )
    assert outside.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.state == "open"


def test_my_meetings_list_and_detail(client, member_user, meeting, past_meeting):
    client.force_login(member_user)

    data = client.get(reverse("my-meeting-list")).json()
    assert [m["id"] for m in data["upcoming"]] == [meeting.pk]
    assert [m["id"] for m in data["past"]] == [past_meeting.pk]
    assert data["upcoming"][0]["agenda"] == ["Đánh giá tháng", "Nhiệm vụ tháng tới"]
    assert data["upcoming"][0]["materials"][0]["title"] == "Dự thảo nghị quyết"

    detail = client.get(reverse("my-meeting-detail", args=[past_meeting.pk])).json()
    assert detail["minutes"]["conclusions"] == "Chi bộ thống nhất kế hoạch quý"
    assert client.get(reverse("my-meeting-detail", args=[meeting.pk])).json()["minutes"] is None


def test_another_cells_meeting_is_404(client, other_member_user, meeting):
    client.force_login(other_member_user)

    assert client.get(reverse("my-meeting-detail", args=[meeting.pk])).status_code == 404
    response = client.post(
        reverse("my-meeting-attendance", args=[meeting.pk]),
        {"status": "absent_excused", "reason": "Ốm"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Attendance.objects.filter(meeting=meeting).exclude(status="").exists()


def test_a_member_excuses_themself_through_the_api(client, member_user, meeting):
    client.force_login(member_user)
    url = reverse("my-meeting-attendance", args=[meeting.pk])

    refused = client.post(url, {"status": "absent_excused"}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "meeting.reason_required"

    done = client.post(
        url, {"status": "absent_excused", "reason": "Đi công tác"}, content_type="application/json"
    )
    assert done.status_code == 200
    assert (done.json()["my_status"], done.json()["my_reason"]) == ("absent_excused", "Đi công tác")


def test_the_member_endpoints_refuse_staff_without_a_member_record(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("my-record-list")).status_code == 403
    assert client.get(reverse("my-meeting-list")).status_code == 403
