"""A QR check-in pressed on a phone without a connection and sent later by the handbook app's service
worker with the time it was pressed (``made_at``): accepted only inside the sign-in window, not from
the future, not more than a day late (chibo.rules.meetings.offline_checkin_time)."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.accounts.services import user_create
from chibo.core.models import AuditEntry
from chibo.meetings import services as svc
from chibo.meetings.models import Attendance, Meeting
from chibo.meetings.tests.conftest import hours_ago
from chibo.meetings.views import checkin_stamp
from chibo.members.models import Member
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


def _ended_hours_ago(meeting: Meeting, hours: float) -> None:
    """Move the meeting so that it lasted 100 minutes and ended ``hours`` ago."""
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=hours_ago(hours) - timedelta(minutes=100), ends_at=hours_ago(hours)
    )


def _refused(**kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as refused:
        svc.attendance_checkin(actor=None, **kwargs)
    return refused.value.code


def _member(meeting: Meeting) -> Member:
    return meeting.attendances.order_by("pk").first().member


def test_pressed_during_the_meeting_is_recorded_at_that_time_even_after_the_sign_in_closed(meeting):
    _ended_hours_ago(meeting, 3)  # the sign-in closed two hours ago
    member, pressed = _member(meeting), hours_ago(3.5)
    attendance = svc.attendance_checkin(
        actor=None, member=member, token=meeting.checkin_token, made_at=pressed, served_at=pressed
    )
    attendance.refresh_from_db()
    assert (attendance.status, attendance.source) == ("present", "qr")
    assert attendance.recorded_at == pressed
    entry = AuditEntry.objects.get(action="meeting.checkin")
    assert entry.after == {"member": member.pk, "made_at": pressed.isoformat()}


def test_pressed_before_the_sign_in_opened_is_refused_once_it_has_closed(meeting):
    _ended_hours_ago(meeting, 3)
    pressed = hours_ago(3 + 100 / 60 + 1.5)  # an hour and a half before the start
    code = _refused(member=_member(meeting), token=meeting.checkin_token, made_at=pressed, served_at=pressed)
    assert code == "meeting.checkin_offline_refused"
    assert not Attendance.objects.filter(meeting=meeting, status="present").exists()
    assert not AuditEntry.objects.filter(action="meeting.checkin").exists()


def test_a_time_from_the_future_is_refused_once_the_sign_in_has_closed(meeting):
    _ended_hours_ago(meeting, 3)
    code = _refused(
        member=_member(meeting), token=meeting.checkin_token, made_at=timezone.now() + timedelta(hours=1)
    )
    assert code == "meeting.checkin_offline_refused"


def test_a_time_from_the_future_while_the_sign_in_is_open_counts_from_now(meeting):
    # the fixture's meeting ended 20 minutes ago: the sign-in is still open
    before = timezone.now()
    attendance = svc.attendance_checkin(
        actor=None,
        member=_member(meeting),
        token=meeting.checkin_token,
        made_at=timezone.now() + timedelta(hours=2),
    )
    assert before <= attendance.recorded_at <= timezone.now()
    assert "made_at" not in AuditEntry.objects.get(action="meeting.checkin").after


def test_sent_more_than_a_day_later_is_refused(meeting):
    _ended_hours_ago(meeting, 26)
    pressed = hours_ago(26.5)  # in the window, but 26 hours ago
    code = _refused(member=_member(meeting), token=meeting.checkin_token, made_at=pressed)
    assert code == "meeting.checkin_offline_refused"


def test_the_other_refusals_still_apply_to_a_check_in_made_offline(meeting, tree):
    outsider = Member.objects.filter(unit=tree.b1).first()
    pressed = hours_ago(1)
    assert _refused(member=outsider, token=meeting.checkin_token, made_at=pressed) == "meeting.not_summoned"
    assert _refused(member=_member(meeting), token="nope", made_at=pressed) == "meeting.checkin_unknown"


def test_without_a_time_the_closed_sign_in_is_refused_as_before(meeting):
    _ended_hours_ago(meeting, 3)
    assert _refused(member=_member(meeting), token=meeting.checkin_token) == "meeting.checkin_closed"


# --- the page the QR opens, as the service worker sends the queued form ------------------------------


@pytest.fixture
def member_client(client, meeting):  # type: ignore[no-untyped-def]
    user = user_create(actor=None, username="dv-offline", password="mat-khau-dai-123")
    Member.objects.filter(pk=_member(meeting).pk).update(user=user)
    client.force_login(user)
    return client


def test_the_page_accepts_the_time_the_worker_adds(member_client, meeting):
    _ended_hours_ago(meeting, 3)
    pressed = hours_ago(3.25).replace(microsecond=0)
    url = reverse("meetings:checkin", args=[meeting.checkin_token])
    response = member_client.post(
        url, {"made_at": pressed.astimezone(UTC).isoformat(), "served": checkin_stamp(at=pressed)}
    )
    assert response.status_code == 200 and 'id="checked-in"' in response.content.decode()
    assert Attendance.objects.get(meeting=meeting, member=_member(meeting)).recorded_at == pressed


def test_the_page_accepts_the_javascript_time_format(member_client, meeting):
    _ended_hours_ago(meeting, 3)
    pressed = hours_ago(3.25).replace(microsecond=123000)
    iso = pressed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"  # toISOString()
    url = reverse("meetings:checkin", args=[meeting.checkin_token])
    assert member_client.post(url, {"made_at": iso, "served": checkin_stamp(at=pressed)}).status_code == 200
    assert Attendance.objects.get(meeting=meeting, member=_member(meeting)).recorded_at == pressed


@pytest.mark.parametrize("made_at", ["", "yesterday", "2026-13-45T10:00:00Z", "2026-03-05T10:00:00"])
def test_an_unreadable_or_zoneless_time_counts_as_now(member_client, meeting, made_at):
    _ended_hours_ago(meeting, 3)
    url = reverse("meetings:checkin", args=[meeting.checkin_token])
    response = member_client.post(url, {"made_at": made_at})
    assert response.status_code == 400
    assert "Hiện không trong thời gian điểm danh" in response.content.decode()  # meeting.checkin_closed
    assert not Attendance.objects.filter(meeting=meeting, status="present").exists()


def test_the_page_shows_the_refusal_of_a_late_offline_check_in(member_client, meeting):
    _ended_hours_ago(meeting, 26)
    url = reverse("meetings:checkin", args=[meeting.checkin_token])
    response = member_client.post(url, {"made_at": hours_ago(26.5).isoformat()})
    assert response.status_code == 400
    assert 'class="alert alert-danger"' in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting, status="present").exists()


def test_a_check_in_saved_by_another_account_on_the_phone_is_not_sent(member_client, meeting):
    url = reverse("meetings:checkin", args=[meeting.checkin_token])
    response = member_client.post(url, {"made_at": hours_ago(1).isoformat(), "account": "999999"})
    assert response.status_code == 409
    assert not Attendance.objects.filter(meeting=meeting, status="present").exists()
    assert not AuditEntry.objects.filter(action="meeting.checkin").exists()


def test_a_check_in_saved_by_the_same_account_is_sent(member_client, meeting):
    user_pk = Member.objects.get(pk=_member(meeting).pk).user_id
    url = reverse("meetings:checkin", args=[meeting.checkin_token])
    response = member_client.post(url, {"made_at": hours_ago(1).isoformat(), "account": str(user_pk)})
    assert response.status_code == 200
    assert Attendance.objects.get(meeting=meeting, member=_member(meeting)).status == "present"


# --- the phone's clock is believed only for a page served during the sign-in ---------------------


def test_a_press_time_without_the_pages_stamp_is_not_believed(meeting):
    _ended_hours_ago(meeting, 3)  # closed: only a believed press time could count
    pressed = hours_ago(3.5)
    code = _refused(member=_member(meeting), token=meeting.checkin_token, made_at=pressed)
    assert code == "meeting.checkin_offline_refused"


def test_a_page_opened_after_the_sign_in_closed_cannot_claim_an_earlier_press(meeting):
    # a photo of the QR code opened the next day: the page was served outside the window
    _ended_hours_ago(meeting, 20)
    code = _refused(
        member=_member(meeting), token=meeting.checkin_token, made_at=hours_ago(20.5), served_at=hours_ago(1)
    )
    assert code == "meeting.checkin_offline_refused"


def test_a_forged_or_foreign_stamp_is_ignored(member_client, meeting):
    from django.core import signing

    _ended_hours_ago(meeting, 3)
    pressed = hours_ago(3.25)
    url = reverse("meetings:checkin", args=[meeting.checkin_token])
    forged = signing.dumps(pressed.isoformat(), salt="another purpose")
    for served in (forged, "not-a-stamp", checkin_stamp(at=pressed)[:-2] + "xx"):
        response = member_client.post(url, {"made_at": pressed.isoformat(), "served": served})
        assert response.status_code == 400
    assert not Attendance.objects.filter(meeting=meeting, status="present").exists()


def test_the_check_in_page_carries_a_fresh_stamp(member_client, meeting):
    import re

    from chibo.meetings.views import _served_at

    page = member_client.get(reverse("meetings:checkin", args=[meeting.checkin_token])).content.decode()
    stamp = re.search(r'name="served" value="([^"]+)"', page).group(1)
    assert abs((_served_at(stamp) - timezone.now()).total_seconds()) < 60
