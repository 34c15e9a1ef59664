"""Reads of the member portal: the member's own record, requests and meetings, and the requests a
secretary answers. A member sees only their own record and the meetings that summoned them; anything
else is 404 (ARCHITECTURE.md, "Scope, once")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from chibo.accounts.roles import Action
from chibo.core.scoping import visible_to
from chibo.evaluations.models import Grade
from chibo.evaluations.selectors import member_grades
from chibo.meetings.models import Attendance, Meeting, MeetingDocument, Minutes, State
from chibo.members.models import Member
from chibo.members.selectors import member_history, member_party_age
from chibo.portal.models import CorrectionRequest, RequestState

SHOWN_STATES = [State.PUBLISHED, State.HELD]


def mask_cccd(cccd: str) -> str:
    """The citizen ID with every digit but the last three hidden."""
    if not cccd:
        return ""
    return "•" * max(len(cccd) - 3, 0) + cccd[-3:]


@dataclass
class Record:
    member: Member
    party_age: tuple[int, int] | None
    cccd_masked: str
    badges: list[Any]
    grades: dict[int, str]
    current_grade: tuple[int, str] | None
    exemptions: list[Any]
    history: list[Any]


def member_record(member: Member) -> Record:
    """Everything the member's record page shows (six queries whatever the history's length)."""
    grades = member_grades(member)
    last = max(grades) if grades else None
    return Record(
        member=member,
        party_age=member_party_age(member),
        cccd_masked=mask_cccd(member.cccd),
        badges=list(member.badge_awards.filter(awarded=True).order_by("award_date")),
        grades=grades,
        current_grade=(last, str(dict(Grade.choices).get(grades[last], grades[last])))
        if last is not None
        else None,
        exemptions=list(member.exemptions.order_by("-start_on")),
        history=list(member_history(member)),
    )


def own_requests(member: Member) -> QuerySet[CorrectionRequest]:
    return CorrectionRequest.objects.filter(member=member).select_related("handled_by")


def open_requests(*, user: Any) -> QuerySet[CorrectionRequest]:
    """The open requests of members the user may manage, oldest first."""
    requests = CorrectionRequest.objects.filter(state=RequestState.OPEN).select_related("member__unit")
    return visible_to(requests, user, Action.MANAGE).order_by("created_at", "id")


def _my_meetings(member: Member) -> QuerySet[Meeting]:
    mine = Attendance.objects.filter(member=member).values("meeting_id")
    return (
        Meeting.objects.filter(pk__in=mine, state__in=SHOWN_STATES)
        .select_related("unit")
        .prefetch_related(
            Prefetch("documents", queryset=MeetingDocument.objects.order_by("uploaded_at", "id")),
            Prefetch("attendances", queryset=Attendance.objects.filter(member=member), to_attr="mine"),
        )
    )


def upcoming_meetings(member: Member) -> list[Meeting]:
    """Published meetings that summoned the member and began less than 12 hours ago or later."""
    since = timezone.now() - timedelta(hours=12)
    return list(_my_meetings(member).filter(starts_at__gte=since).order_by("starts_at", "id"))


def past_meetings(member: Member, limit: int = 24) -> list[Meeting]:
    since = timezone.now() - timedelta(hours=12)
    return list(
        _my_meetings(member)
        .filter(starts_at__lt=since)
        .select_related("minutes")
        .order_by("-starts_at", "-id")[:limit]
    )


def meeting_for(member: Member, pk: Any) -> Meeting:
    """A published meeting that summoned the member, or 404."""
    try:
        return _my_meetings(member).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def final_minutes(meeting: Meeting) -> Minutes | None:
    minutes = Minutes.objects.filter(meeting=meeting, finalised_at__isnull=False).first()
    if minutes is not None:
        minutes.resolution_list = list(minutes.resolutions.order_by("id"))  # type: ignore[attr-defined]
    return minutes


def material_for(member: Member, pk: Any) -> MeetingDocument:
    """A material of a published meeting that summoned the member, or 404."""
    mine = Attendance.objects.filter(member=member).values("meeting_id")
    document = (
        MeetingDocument.objects.filter(pk=pk, meeting__in=mine, meeting__state__in=SHOWN_STATES)
        .select_related("meeting")
        .first()
    )
    if document is None:
        raise Http404
    return document
