"""Objects of the portal tests: a member account linked to a member of a cell, a published meeting."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chibo.core.testing import user_with_role
from chibo.meetings import services as mtg
from chibo.members.models import Member
from chibo.members.services import member_link_account


def linked_user(unit: Any, username: str, index: int = 0) -> Any:
    """A member account (no staff role) linked to the ``index``-th member of ``unit``."""
    user = user_with_role(username)
    member = Member.objects.filter(unit=unit).order_by("pk")[index]
    member_link_account(actor=None, member=member, user=user)
    return user


def published_meeting(unit: Any, *, in_hours: float = 72, material: bool = True, publish: bool = True) -> Any:
    """A regular meeting of ``unit`` starting in ``in_hours`` hours, with a material, notice sent."""
    starts = timezone.now() + timedelta(hours=in_hours)
    meeting = mtg.meeting_create(
        actor=None,
        unit=unit,
        kind="regular",
        starts_at=starts,
        ends_at=starts + timedelta(minutes=100),
        place="Phòng họp tầng 2",
        agenda="Đánh giá tháng\nNhiệm vụ tháng tới",
    )
    if material:
        mtg.meeting_document_add(
            actor=None,
            meeting=meeting,
            title="Dự thảo nghị quyết",
            file=SimpleUploadedFile("du-thao.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        )
    if publish:
        mtg.meeting_publish(actor=None, meeting=meeting)
    meeting.refresh_from_db()
    return meeting
