"""Fixtures of the meeting tests: meetings of chi bộ A1 of the project's demo tree."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from chibo.meetings import services as svc
from chibo.meetings.models import Meeting


def hours_ago(hours: float) -> datetime:
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture
def meeting(tree) -> Meeting:  # type: ignore[no-untyped-def]
    """A regular meeting of A1 that started two hours ago and lasted 100 minutes, published."""
    meeting = svc.meeting_create(
        actor=None,
        unit=tree.a1,
        kind="regular",
        starts_at=hours_ago(2),
        ends_at=hours_ago(2) + timedelta(minutes=100),
        place="Phòng họp tầng 2",
        agenda="Đánh giá tháng\nNhiệm vụ tháng tới",
    )
    svc.meeting_publish(actor=None, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def all_present(meeting: Meeting) -> dict[int, tuple[str, str]]:
    return {a.member_id: ("present", "") for a in meeting.attendances.all()}
