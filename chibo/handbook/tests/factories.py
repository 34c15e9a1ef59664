"""Builders for the handbook tests: a post published through the service, a linked member
account, a meeting whose notice reached the members of a cell."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from chibo.core.testing import user_with_role
from chibo.handbook import services
from chibo.members.models import Member
from chibo.members.services import member_link_account


def publish(unit: Any, actor: Any = None, **extra: Any) -> Any:
    data = {
        "kind": "notice",
        "title": "Thông báo lịch sinh hoạt chi bộ tháng 12",
        "body": "Kính gửi các đồng chí đảng viên.\nChi bộ sinh hoạt định kỳ vào 8 giờ ngày 15/12.",
        **extra,
    }
    return services.post_publish(actor=actor, unit=unit, **data)


def linked_user(unit: Any, username: str, index: int = 0) -> Any:
    """A member account (no staff role) linked to a member of ``unit``."""
    user = user_with_role(username)
    member = Member.objects.filter(unit=unit).order_by("pk")[index]
    member_link_account(actor=None, member=member, user=user)
    return user


def meeting_notice(unit: Any) -> Any:
    """A meeting of ``unit`` published (its notice sent to every member of the cell)."""
    from chibo.meetings import services as mtg

    start = timezone.now() + timedelta(days=3)
    meeting = mtg.meeting_create(
        actor=None, unit=unit, kind="regular", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    mtg.meeting_publish(actor=None, meeting=meeting)
    return meeting
