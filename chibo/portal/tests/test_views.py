from __future__ import annotations

import pytest
from django.urls import reverse

from chibo.core.models import AuditEntry
from chibo.meetings.models import Attendance, Meeting
from chibo.portal import services
from chibo.portal.models import CorrectionRequest
from chibo.portal.tests.conftest import CCCD
from chibo.portal.tests.factories import published_meeting

pytestmark = pytest.mark.django_db


def _ask(user, text="Số thẻ đảng viên ghi sai một chữ số"):  # type: ignore[no-untyped-def]
    return services.correction_request_create(actor=user, member=user.member, field="card_number", text=text)


# --- my record ---------------------------------------------------------------------------------


def test_my_record_shows_the_summary_with_the_cccd_masked(client, member_user):
    client.force_login(member_user)

    response = client.get(reverse("portal:record"))

    assert response.status_code == 200
    page = response.content.decode()
    assert member_user.member.full_name in page and "Chi bộ Văn phòng" in page
    assert CCCD not in page and "•••••••••345" in page
    assert response.context["record"].party_age[0] >= 15  # admitted 1/1/2010
    assert response.context["record"].history  # the admission and the joining are recorded
    assert not AuditEntry.objects.filter(action="member.view_sensitive").exists()


def test_showing_the_full_cccd_is_an_audited_read(client, member_user):
    client.force_login(member_user)

    response = client.post(reverse("portal:sensitive"))

    assert response.status_code == 200 and CCCD in response.content.decode()
    entry = AuditEntry.objects.get(action="member.view_sensitive")
    assert entry.actor_id == member_user.pk and entry.target_id == str(member_user.member.pk)


def test_my_record_is_for_members_only(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("portal:record")).status_code == 403
    assert client.get(reverse("portal:meetings")).status_code == 403


def test_my_record_lists_my_requests_only(client, member_user, neighbour_user):
    mine = _ask(member_user)
    theirs = _ask(neighbour_user, text="Ngày sinh của tôi ghi sai năm")
    client.force_login(member_user)

    page = client.get(reverse("portal:record")).content.decode()

    assert f'data-request="{mine.pk}"' in page and f'data-request="{theirs.pk}"' not in page


def test_my_record_page_has_a_fixed_number_of_queries(client, member_user, django_assert_num_queries):
    client.force_login(member_user)
    for i in range(3):  # the same count with one request or three
        _ask(member_user, text=f"Yêu cầu sửa số {i} của tôi")
        with django_assert_num_queries(11):
            client.get(reverse("portal:record"))


# --- correction requests ---------------------------------------------------------------------


def test_a_member_sends_a_correction_request(client, member_user):
    client.force_login(member_user)

    response = client.post(reverse("portal:correct"), {"field": "dates", "text": "Ngày chính thức sai năm"})

    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert request.member == member_user.member and request.field == "dates"


def test_a_too_short_request_is_refused_and_nothing_is_written(client, member_user):
    client.force_login(member_user)

    response = client.post(reverse("portal:correct"), {"field": "dates", "text": "sai"})

    assert response.status_code == 400
    assert not CorrectionRequest.objects.exists()
    assert not AuditEntry.objects.filter(action="portal.correction_request").exists()


def test_the_secretary_sees_open_requests_of_their_scope(client, member_user, other_member_user, secretary):
    mine = _ask(member_user)
    elsewhere = _ask(other_member_user)
    client.force_login(secretary)

    page = client.get(reverse("portal:requests")).content.decode()

    assert f'data-request="{mine.pk}"' in page and f'data-request="{elsewhere.pk}"' not in page
    assert reverse("members:detail", args=[member_user.member.pk]) in page


def test_the_requests_page_has_a_fixed_number_of_queries(
    client, tree, member_user, neighbour_user, secretary, django_assert_num_queries
):
    client.force_login(secretary)
    for user in (member_user, neighbour_user):  # the same count with one row or two
        _ask(user)
        with django_assert_num_queries(4):
            client.get(reverse("portal:requests"))


def test_the_secretary_answers_a_request(client, member_user, secretary):
    request = _ask(member_user)
    client.force_login(secretary)

    response = client.post(
        reverse("portal:request_close", args=[request.pk]), {"state": "rejected", "answer": "Số thẻ đúng"}
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == "rejected" and request.answer == "Số thẻ đúng"
    client.force_login(member_user)
    assert "Số thẻ đúng" in client.get(reverse("portal:record")).content.decode()


def test_a_sibling_secretary_gets_404_on_a_request(client, member_user, sibling_secretary):
    request = _ask(member_user)
    client.force_login(sibling_secretary)

    response = client.post(reverse("portal:request_close", args=[request.pk]), {"state": "done"})

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.state == "open"


def test_a_member_may_not_open_the_staff_page(client, member_user):
    client.force_login(member_user)
    assert client.get(reverse("portal:requests")).status_code == 403


# --- my meetings -------------------------------------------------------------------------------


def test_my_meetings_shows_my_cells_published_meetings(client, tree, member_user, meeting, past_meeting):
    published_meeting(tree.a1, in_hours=24, publish=False)  # planned: no notice yet
    published_meeting(tree.b1)  # another cell
    client.force_login(member_user)

    response = client.get(reverse("portal:meetings"))

    assert [m.pk for m in response.context["upcoming"]] == [meeting.pk]
    assert [m.pk for m in response.context["past"]] == [past_meeting.pk]


def test_my_meetings_has_a_fixed_number_of_queries(client, tree, member_user, django_assert_num_queries):
    for hours in (24, 48, 72):
        published_meeting(tree.a1, in_hours=hours)
    client.force_login(member_user)
    with django_assert_num_queries(9):
        response = client.get(reverse("portal:meetings"))
    assert len(response.context["upcoming"]) == 3
    published_meeting(tree.a1, in_hours=96)
    with django_assert_num_queries(9):
        response = client.get(reverse("portal:meetings"))
    assert len(response.context["upcoming"]) == 4


def test_a_meeting_shows_agenda_and_materials(client, member_user, meeting):
    client.force_login(member_user)

    response = client.get(reverse("portal:meeting", args=[meeting.pk]))

    page = response.content.decode()
    assert "Nhiệm vụ tháng tới" in page and "Dự thảo nghị quyết" in page
    material = meeting.documents.get()
    download = client.get(reverse("portal:material", args=[material.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_another_cells_meeting_and_material_are_404(client, other_member_user, meeting):
    client.force_login(other_member_user)

    assert client.get(reverse("portal:meeting", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("portal:material", args=[meeting.documents.get().pk])).status_code == 404
    response = client.post(
        reverse("portal:attendance", args=[meeting.pk]), {"status": "absent_excused", "reason": "Ốm"}
    )
    assert response.status_code == 404


def test_a_planned_meeting_of_my_cell_is_404(client, tree, member_user):
    planned = published_meeting(tree.a1, publish=False)
    client.force_login(member_user)
    assert client.get(reverse("portal:meeting", args=[planned.pk])).status_code == 404
    assert client.get(reverse("portal:material", args=[planned.documents.get().pk])).status_code == 404


def test_a_member_excuses_themself_with_a_reason(client, member_user, meeting):
    client.force_login(member_user)

    response = client.post(
        reverse("portal:attendance", args=[meeting.pk]), {"status": "absent_excused", "reason": "Đi công tác"}
    )

    assert response.status_code == 302
    attendance = Attendance.objects.get(meeting=meeting, member=member_user.member)
    assert (attendance.status, attendance.reason, attendance.source) == (
        "absent_excused",
        "Đi công tác",
        "portal",
    )


def test_excusing_without_a_reason_is_refused(client, member_user, meeting):
    client.force_login(member_user)

    response = client.post(reverse("portal:attendance", args=[meeting.pk]), {"status": "absent_excused"})

    assert response.status_code == 400
    assert Attendance.objects.get(meeting=meeting, member=member_user.member).status == ""
    assert not AuditEntry.objects.filter(action="meeting.self_report").exists()


def test_confirming_days_ahead_is_refused(client, member_user, meeting):
    client.force_login(member_user)

    response = client.post(reverse("portal:attendance", args=[meeting.pk]), {"status": "present"})

    assert response.status_code == 400
    assert Attendance.objects.get(meeting=meeting, member=member_user.member).status == ""


def test_a_past_meeting_shows_its_finalised_minutes(client, member_user, past_meeting):
    client.force_login(member_user)

    response = client.get(reverse("portal:meeting", args=[past_meeting.pk]))

    page = response.content.decode()
    assert "Chi bộ thống nhất kế hoạch quý" in page and 'id="attendance-form"' not in page


def test_draft_minutes_are_not_shown(client, tree, member_user):
    from chibo.meetings import services as mtg
    from chibo.meetings.tests.conftest import all_present

    meeting = published_meeting(tree.a1, in_hours=-24, material=False)
    mtg.attendance_record(actor=None, meeting=meeting, entries=all_present(meeting))
    mtg.minutes_save(actor=None, meeting=meeting, version=None, changes={"conclusions": "Bản nháp bí mật"})
    client.force_login(member_user)

    page = client.get(reverse("portal:meeting", args=[meeting.pk])).content.decode()

    assert "Bản nháp bí mật" not in page
    assert Meeting.objects.get(pk=meeting.pk).minutes.finalised_at is None


def test_the_next_meeting_and_its_materials_are_kept_offline(client, tree, member_user, past_meeting):
    import re

    first = published_meeting(tree.a1, in_hours=24)
    published_meeting(tree.a1, in_hours=24 * 10)
    client.force_login(member_user)

    page = client.get(reverse("portal:meetings")).content.decode()

    # only the next meeting is kept ahead (register.js posts these links to the service worker)
    kept = re.findall(r'href="([^"]+)"[^>]*data-offline-keep', page)
    assert kept == [reverse("portal:meeting", args=[first.pk])]
    detail = client.get(reverse("portal:meeting", args=[first.pk])).content.decode()
    material = first.documents.get()
    link = reverse("portal:material", args=[material.pk])
    assert re.search(rf'href="{link}"[^>]*data-offline-keep', detail)
