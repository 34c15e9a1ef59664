"""Reads of the member portal: the member's own record, requests and meetings, the requests a
secretary answers, and the accounts of the members a secretary manages. A member sees only their
own record and the meetings that summoned them; anything else is 404 (ARCHITECTURE.md, "Scope, once")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chibo.accounts.roles import Action
from chibo.core.scoping import subtree_q, visible_to
from chibo.evaluations.models import Grade
from chibo.evaluations.selectors import member_grades
from chibo.meetings.models import Attendance, Meeting, MeetingDocument, Minutes, State
from chibo.members.models import ACTIVE_Q, Member
from chibo.members.selectors import member_history, member_party_age, name_search
from chibo.portal.models import ActivationCode, CorrectionRequest, RequestState
from chibo.rules import activation

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


# --- member accounts (the secretary's list) ----------------------------------------------------


@dataclass
class AccountRow:
    member: Member
    state: str  # chibo.rules.activation.ACCOUNT_STATES
    username: str
    valid_through: date | None  # of the pending code, if any


def _state_q(state: str, now: datetime) -> Q:
    """Members in ``state`` (chibo.rules.activation.account_state) as a filter on the database."""
    pending = Exists(
        ActivationCode.objects.filter(
            member=OuterRef("pk"),
            user=OuterRef("user"),
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
    )
    open_ = ACTIVE_Q & Q(user__is_active=True)
    activated = ~Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
    return {
        activation.NONE: Q(user__isnull=True),
        activation.CLOSED: Q(user__isnull=False) & ~open_,
        activation.ACTIVE: Q(user__isnull=False) & open_ & activated,
        activation.ISSUED: Q(user__isnull=False) & open_ & ~activated & Q(pending),
        activation.LAPSED: Q(user__isnull=False) & open_ & ~activated & ~Q(pending),
    }[state]


def member_accounts(*, user: Any, unit: Any, state: str = "", query: str = "") -> QuerySet[Member]:
    """The members of ``unit``'s subtree the user manages with their accounts: the active ones, and
    those who left with an account (closed), in roster order; optionally in one account state, or
    whose name has a word starting with ``query`` (the member list's search, diacritics ignored)
    or whose user name contains it."""
    members = Member.objects.filter(subtree_q(unit.path, "unit_path")).filter(
        ACTIVE_Q | Q(user__isnull=False)
    )
    members = visible_to(members, user, Action.MANAGE)
    if state:
        members = members.filter(_state_q(state, timezone.now()))
    if query.strip():
        members = name_search(members, query, also=Q(user__username__icontains=query.strip()))
    return members.select_related("unit", "user").order_by("name_sort", "pk")


def account_rows(members: Iterable[Member]) -> list[AccountRow]:
    """Each member with the state of their account and the expiry of their pending code (one query
    for the codes of the whole page)."""
    members = list(members)
    now = timezone.now()
    pending: dict[int, datetime] = {}
    codes = ActivationCode.objects.filter(
        member__in=[m.pk for m in members if m.user_id], used_at__isnull=True, revoked_at__isnull=True
    ).values_list("member_id", "user_id", "expires_at")
    owners = {m.pk: m.user_id for m in members}
    for member_id, user_id, expires in codes:
        if owners.get(member_id) == user_id:  # a code of an account since unlinked does not count
            pending[member_id] = max(expires, pending.get(member_id, expires))
    rows = []
    for member in members:
        account = member.user
        expires = pending.get(member.pk)
        state = activation.account_state(
            has_account=account is not None,
            account_open=bool(account and account.is_active and member.is_active),
            activated=bool(account and account.has_usable_password()),
            pending_expires_at=expires,
            now=now,
        )
        through = (
            activation.valid_through(timezone.localtime(expires)) if state == activation.ISSUED else None
        )
        rows.append(AccountRow(member, state, account.username if account else "", through))  # type: ignore[arg-type]
    return rows


def member_ids_without_account(*, user: Any, unit: Any) -> list[int]:
    """The active members of the subtree who have no account yet (the "all without account" choice)."""
    members = member_accounts(user=user, unit=unit, state=activation.NONE).filter(ACTIVE_Q)
    return list(members.values_list("pk", flat=True))
