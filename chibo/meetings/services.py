"""Writes of cell meetings: plan, schedule, publish (summon and notify), attendance, minutes.

Each function is one transaction: it checks the actor's right, asks ``chibo.rules.meetings``, writes,
and records the audit entry. Finalised minutes are never changed again: corrections are appended.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chibo.accounts.roles import Action
from chibo.core import audit, regulations
from chibo.core.scoping import require, subtree_q
from chibo.meetings import notify
from chibo.meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingDocument,
    Minutes,
    MinutesCorrection,
    Notice,
    Resolution,
    State,
)
from chibo.members.models import Absence, ActivityState, Member, MemberStatus, Transfer
from chibo.members.services import ACTIVE_STATUSES
from chibo.organizations.models import Unit
from chibo.rules import admission as admission_rules
from chibo.rules import meetings as rules
from chibo.rules import organizations as org_rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import normalize

#: Fields of a meeting the secretary may move or fill in until it is held.
EDITABLE_FIELDS = ("kind", "title", "starts_at", "ends_at", "place", "online", "agenda", "political_task")
MINUTES_FIELDS = ("chair", "recorder", "opened_at", "closed_at", "agenda", "discussion", "conclusions")


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("unit").get(pk=meeting.pk)


def _check_time(unit: Unit, starts_at: datetime, ends_at: datetime | None) -> None:
    """Not before the unit existed, not after it was dissolved; ends after it starts."""
    day = timezone.localtime(starts_at).date()
    if unit.founded_on and day < unit.founded_on:
        raise RuleViolation("meeting.before_unit", day=day, founded_on=unit.founded_on)
    if unit.dissolved_on and day >= unit.dissolved_on:
        raise RuleViolation("restructure.source_dissolved", dissolved_on=unit.dissolved_on)
    if ends_at is not None:
        rules.duration_minutes(starts_at, ends_at)


def _audit(actor: Any, action: str, meeting: Meeting, **after: Any) -> None:
    audit.record(
        actor=actor,
        action=action,
        target=meeting,
        unit=meeting.unit,
        after=after or None,
        effective_on=timezone.localtime(meeting.starts_at).date(),
    )


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    unit: Unit,
    kind: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    place: str = "",
    online: bool = False,
    agenda: str = "",
    political_task: str = "",
    title: str = "",
) -> Meeting:
    """Schedule a meeting of a cell or committee."""
    require(actor, Action.MANAGE, unit)
    if kind not in rules.KINDS:
        raise RuleViolation("meeting.kind_unknown", kind=kind)
    _check_time(unit, starts_at, ends_at)
    meeting = Meeting.objects.create(
        unit=unit,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=normalize(place),
        online=online,
        agenda=agenda.strip(),
        political_task=normalize(political_task),
        title=normalize(title),
    )
    _audit(actor, "meeting.create", meeting, kind=kind, starts_at=starts_at.isoformat())
    return meeting


@transaction.atomic
def meetings_plan_year(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    day: int,
    at: time = time(14, 0),
    thematic_months: tuple[int, ...] = (3, 6, 9, 12),
) -> list[Meeting]:
    """The cell's yearly plan: twelve regular meetings and one thematic meeting a quarter, on working
    days (DOMAIN.md §3); the secretary then moves or fills them in."""
    require(actor, Action.MANAGE, unit)
    if unit.level not in org_rules.CELLS:
        raise RuleViolation("meeting.plan_cells_only")
    if Meeting.objects.filter(unit=unit, starts_at__year=year, kind=rules.REGULAR).exists():
        raise RuleViolation("meeting.plan_exists", year=year)
    profile = regulations.profile(date(year, 1, 1))
    tz = timezone.get_current_timezone()
    meetings = []
    for day_on, kind in rules.plan_year(
        year, day=day, thematic_months=thematic_months, **regulations.calendar_kwargs()
    ):
        if (unit.founded_on and day_on < unit.founded_on) or (
            unit.dissolved_on and day_on >= unit.dissolved_on
        ):
            continue
        starts = datetime.combine(day_on, at, tzinfo=tz)
        minutes = rules.min_duration_minutes(kind, profile) or 90
        meetings.append(
            Meeting(unit=unit, kind=kind, starts_at=starts, ends_at=starts + timedelta(minutes=minutes))
        )
    Meeting.objects.bulk_create(meetings)
    audit.record_batch(
        actor=actor,
        action="meeting.plan_year",
        target=unit,
        unit=unit,
        counts={"meetings_planned": len(meetings)},
        after={"year": year, "day": day},
    )
    return meetings


def _check_open(meeting: Meeting) -> None:
    if meeting.state in (State.HELD, State.CANCELLED):
        raise RuleViolation("meeting.closed", state=meeting.get_state_display())


@transaction.atomic
def meeting_update(*, actor: Any, meeting: Meeting, version: int, changes: dict[str, Any]) -> Meeting:
    """Move or fill in a meeting before it is held; a published meeting's members are told."""
    meeting = _lock(meeting)
    require(actor, Action.MANAGE, meeting.unit)
    _check_open(meeting)
    if meeting.version != version:
        raise RuleViolation("member.edited_concurrently")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise RuleViolation("member.field_not_editable", fields=", ".join(sorted(unknown)))
    if "kind" in changes and changes["kind"] not in rules.KINDS:
        raise RuleViolation("meeting.kind_unknown", kind=changes["kind"])
    before = audit.snapshot(meeting, list(changes))
    for name, value in changes.items():
        setattr(meeting, name, normalize(value) if name in ("place", "title", "political_task") else value)
    _check_time(meeting.unit, meeting.starts_at, meeting.ends_at)
    meeting.version += 1
    meeting.save()
    after = audit.snapshot(meeting, list(changes))
    changed = {k: v for k, v in after.items() if before[k] != v}
    if meeting.state == State.PUBLISHED and {"starts_at", "place", "online"} & set(changed):
        _notify(meeting, _("Meeting changed: %(meeting)s") % {"meeting": meeting})
    audit.record(
        actor=actor, action="meeting.update", target=meeting, unit=meeting.unit,
        before={k: before[k] for k in changed}, after=changed,
    )  # fmt: skip
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting, reason: str) -> Meeting:
    meeting = _lock(meeting)
    require(actor, Action.MANAGE, meeting.unit)
    _check_open(meeting)
    if not reason.strip():
        raise RuleViolation("meeting.cancel_reason_required")
    meeting.state = State.CANCELLED
    meeting.version += 1
    meeting.save(update_fields=["state", "version"])
    if meeting.published_at:
        _notify(meeting, _("Meeting cancelled: %(meeting)s") % {"meeting": meeting}, extra=normalize(reason))
    _audit(actor, "meeting.cancel", meeting, reason=normalize(reason))
    return meeting


@transaction.atomic
def meeting_document_add(*, actor: Any, meeting: Meeting, title: str, file: Any) -> MeetingDocument:
    """Attach a material; it counts as published now (materials must be out a day before)."""
    meeting = _lock(meeting)
    require(actor, Action.MANAGE, meeting.unit)
    _check_open(meeting)
    if not title.strip():
        raise RuleViolation("meeting.title_required")
    document = MeetingDocument.objects.create(meeting=meeting, title=normalize(title), file=file)
    late = rules.materials_late(document.uploaded_at, meeting.starts_at, regulations.profile())
    _audit(actor, "meeting.document_add", meeting, document=document.title, late=late)
    return document


# --- publishing: who is summoned ------------------------------------------------------------


def summoned_members(meeting: Meeting) -> list[tuple[Member, dict[str, bool]]]:
    """The members a meeting summons, with their situation on its day (DOMAIN.md §3 [S27, S58]):
    the active members of the unit's subtree, and those temporarily transferred into it."""
    day = timezone.localtime(meeting.starts_at).date()
    own = Member.objects.filter(subtree_q(meeting.unit.path, "unit_path"), status__in=ACTIVE_STATUSES)
    incoming = Transfer.objects.filter(
        subtree_q(meeting.unit.path, "to_unit__path"),
        kind=Transfer.Kind.TEMPORARY,
        state__in=[Transfer.State.IN_PROGRESS, Transfer.State.ARRIVED],  # not yet returned
        member__status__in=ACTIVE_STATUSES,
    ).values("member_id")
    members = list(
        Member.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=incoming)).order_by("name_sort", "pk")
    )
    incoming_ids = set(incoming.values_list("member_id", flat=True))
    away = set(
        Absence.objects.filter(
            Q(end_on__isnull=True) | Q(end_on__gte=day),
            member__in=members,
            start_on__lte=day,
            returned_on__isnull=True,
        ).values_list("member_id", flat=True)
    )
    return [
        (
            m,
            {
                "official": m.status == MemberStatus.OFFICIAL,
                "temporarily_out": m.activity == ActivityState.TEMP_OUT and m.pk not in incoming_ids,
                "temporarily_in": m.pk in incoming_ids,
                "exempt": m.activity == ActivityState.EXEMPT,
                "away": m.pk in away,
            },
        )
        for m in members
    ]


def _notify(meeting: Meeting, subject: str, extra: str = "") -> int:
    members = Member.objects.filter(pk__in=meeting.attendances.values("member_id"))
    start = timezone.localtime(meeting.starts_at)
    lines = [
        _("When: %(when)s") % {"when": date_format(start, "SHORT_DATETIME_FORMAT")},
        _("Where: %(place)s") % {"place": _("online") if meeting.online else (meeting.place or "—")},
    ]
    if meeting.agenda_items:
        lines.append(_("Agenda:"))
        lines += [f"- {item}" for item in meeting.agenda_items]
    titles = list(meeting.documents.values_list("title", flat=True))
    if titles:
        lines.append(_("Documents: %(titles)s") % {"titles": "; ".join(titles)})
    if extra:
        lines.append(extra)
    body = "\n".join(lines)
    people = list(members)
    Notice.objects.bulk_create(
        [
            Notice(member=m, meeting=meeting, subject=subject[:255], body=body, emailed=bool(m.email))
            for m in people
        ],
        batch_size=1000,
    )
    notify.deliver_after_commit(people, subject=subject, body=body)
    return len(people)


@transaction.atomic
def meeting_publish(*, actor: Any, meeting: Meeting) -> int:
    """Send the notice: fix the summoned list (with each member's situation) and notify them all."""
    meeting = _lock(meeting)
    require(actor, Action.MANAGE, meeting.unit)
    if meeting.state != State.PLANNED:
        raise RuleViolation("meeting.already_published")
    now = timezone.now()
    summoned = summoned_members(meeting)
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting,
                member=member,
                status=(
                    AttendanceStatus.EXCUSED_BY_STATUS
                    if flags["temporarily_out"] or flags["exempt"] or flags["away"]
                    else ""
                ),
                **flags,
            )
            for member, flags in summoned
        ],
        batch_size=1000,
    )
    meeting.state, meeting.published_at = State.PUBLISHED, now
    meeting.version += 1
    meeting.save(update_fields=["state", "published_at", "version"])
    sent = _notify(meeting, _("Meeting notice: %(meeting)s") % {"meeting": meeting})
    _audit(actor, "meeting.publish", meeting, summoned=len(summoned), notified=sent)
    return sent


# --- attendance -----------------------------------------------------------------------------


def _check_attendance_open(meeting: Meeting) -> None:
    if meeting.state not in (State.PUBLISHED, State.HELD):
        raise RuleViolation("meeting.not_published")
    if Minutes.objects.filter(meeting=meeting, finalised_at__isnull=False).exists():
        raise RuleViolation("meeting.minutes_final")


@transaction.atomic
def attendance_record(*, actor: Any, meeting: Meeting, entries: Mapping[int, tuple[str, str]]) -> int:
    """The secretary's attendance sheet: member id → (status, reason). A member not summoned to this
    meeting is refused; an absence with reason needs the reason. The meeting is then held."""
    meeting = _lock(meeting)
    require(actor, Action.MANAGE, meeting.unit)
    _check_attendance_open(meeting)
    if timezone.now() < meeting.starts_at - timedelta(hours=1):
        raise RuleViolation("meeting.not_started")
    if not entries:
        raise RuleViolation("meeting.attendance_empty")
    rows = {a.member_id: a for a in meeting.attendances.select_for_update().select_related("member")}
    now = timezone.now()
    for member_id, (status, reason) in entries.items():
        attendance = rows.get(member_id)
        if attendance is None:
            raise RuleViolation("meeting.not_summoned", member=member_id)
        if status not in AttendanceStatus.values:
            raise RuleViolation("meeting.attendance_status", status=status)
        if status == AttendanceStatus.ABSENT_EXCUSED and not reason.strip():
            raise RuleViolation("meeting.reason_required", name=attendance.member.full_name)
        attendance.status, attendance.reason = status, normalize(reason)
        attendance.source, attendance.recorded_at = Attendance.Source.SECRETARY, now
    unmarked = [a.member.full_name for a in rows.values() if not a.status]
    if unmarked:  # every summoned member gets a status: a blank would count as absent in the vote base
        raise RuleViolation(
            "meeting.attendance_incomplete", count=len(unmarked), names=", ".join(unmarked[:5])
        )
    Attendance.objects.bulk_update(
        [rows[i] for i in entries], ["status", "reason", "source", "recorded_at"], batch_size=1000
    )
    meeting.state = State.HELD
    meeting.version += 1
    meeting.save(update_fields=["state", "version"])
    counts: dict[str, int] = {}
    for attendance in rows.values():
        counts[attendance.status or "unknown"] = counts.get(attendance.status or "unknown", 0) + 1
    audit.record_batch(
        actor=actor, action="meeting.attendance", target=meeting, unit=meeting.unit, counts=counts
    )
    return len(entries)


@transaction.atomic
def attendance_checkin(
    *,
    actor: Any,
    member: Member,
    token: str,
    made_at: datetime | None = None,
    served_at: datetime | None = None,
) -> Attendance:
    """The member scanned the meeting's QR code: present, if the code is this meeting's and the
    sign-in is open (an hour before the start to an hour after the end).

    ``made_at``: the time the member pressed the button on a phone that was offline, sent later by
    the handbook app; recorded as the time of attendance when it lies in the sign-in window, is not
    in the future and is less than a day old (``rules.offline_checkin_time``); otherwise the
    check-in counts from now, if the sign-in is still open.

    ``served_at``: when the server gave the phone the check-in page (a signed stamp on the page).
    ``made_at`` is believed only when the page itself was fetched during the sign-in window: a
    photo of the QR code opened the next day proves nothing, and the phone's clock is not trusted
    on its own."""
    meeting = Meeting.objects.select_related("unit").filter(checkin_token=token).first()
    if meeting is None:
        raise RuleViolation("meeting.checkin_unknown")
    meeting = _lock(meeting)
    _check_attendance_open(meeting)
    ends = meeting.ends_at or meeting.starts_at + timedelta(minutes=90)
    now = timezone.now()
    served_in_window = served_at is not None and rules.checkin_open(served_at, meeting.starts_at, ends)
    at = (
        rules.offline_checkin_time(now, made_at, meeting.starts_at, ends)
        if made_at and served_in_window
        else None
    )
    if at is None:  # not pressed offline, or not acceptably: the sign-in must be open now
        if not rules.checkin_open(now, meeting.starts_at, ends):
            if made_at is None:
                raise RuleViolation("meeting.checkin_closed")
            pressed = f"{timezone.localtime(made_at):%H:%M %d/%m/%Y}"
            raise RuleViolation("meeting.checkin_offline_refused", made_at=pressed)
        at = now
    attendance = meeting.attendances.select_for_update().filter(member=member).first()
    if attendance is None:
        raise RuleViolation("meeting.not_summoned", member=member.pk)
    attendance.status, attendance.reason = AttendanceStatus.PRESENT, ""
    attendance.source, attendance.recorded_at = Attendance.Source.QR, at
    attendance.save(update_fields=["status", "reason", "source", "recorded_at"])
    after = {"member": member.pk, **({"made_at": at.isoformat()} if at != now else {})}
    audit.record(actor=actor, action="meeting.checkin", target=meeting, unit=meeting.unit, after=after)
    return attendance


@transaction.atomic
def attendance_self_report(
    *, actor: Any, member: Member, meeting: Meeting, status: str, reason: str = ""
) -> Attendance:
    """From the member portal: the member confirms attending, or excuses themself with a reason."""
    meeting = _lock(meeting)
    if getattr(actor, "pk", None) is not None and member.user_id != actor.pk:
        raise RuleViolation("meeting.not_yours")
    _check_attendance_open(meeting)
    if status not in (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT_EXCUSED):
        raise RuleViolation("meeting.attendance_status", status=status)
    if status == AttendanceStatus.ABSENT_EXCUSED and not reason.strip():
        raise RuleViolation("meeting.reason_required", name=member.full_name)
    if status == AttendanceStatus.PRESENT and timezone.now() < meeting.starts_at - timedelta(hours=1):
        raise RuleViolation("meeting.not_started")
    attendance = meeting.attendances.select_for_update().filter(member=member).first()
    if attendance is None:
        raise RuleViolation("meeting.not_summoned", member=member.pk)
    if attendance.source == Attendance.Source.SECRETARY:  # the sheet the secretary signed stands
        raise RuleViolation("meeting.already_recorded")
    attendance.status, attendance.reason = status, normalize(reason)
    attendance.source, attendance.recorded_at = Attendance.Source.PORTAL, timezone.now()
    attendance.save(update_fields=["status", "reason", "source", "recorded_at"])
    audit.record(
        actor=actor, action="meeting.self_report", target=meeting, unit=meeting.unit,
        after={"member": member.pk, "status": status},
    )  # fmt: skip
    return attendance


# --- vote base and minutes --------------------------------------------------------------------


def vote_base_of(meeting: Meeting) -> int:
    """The vote base of a members' meeting from its attendance (24-QĐ/TW §9.3.2)."""
    summoned = [
        rules.Summoned(
            attendance=a.status,
            official=a.official,
            temporarily_out=a.temporarily_out,
            exempt=a.exempt,
        )
        for a in meeting.attendances.all()
    ]
    return rules.vote_base(summoned, regulations.profile(timezone.localtime(meeting.starts_at).date()))


def _minutes_for_update(meeting: Meeting) -> Minutes:
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes.objects.create(
            meeting=meeting, agenda=meeting.agenda, opened_at=meeting.starts_at, closed_at=meeting.ends_at
        )
    if minutes.is_final:
        raise RuleViolation("meeting.minutes_final")
    return minutes


@transaction.atomic
def minutes_save(*, actor: Any, meeting: Meeting, version: int | None, changes: dict[str, Any]) -> Minutes:
    """Save the draft minutes (created from what the meeting already knows on first save)."""
    meeting = _lock(meeting)
    require(actor, Action.MANAGE, meeting.unit)
    if meeting.state != State.HELD:
        raise RuleViolation("meeting.not_held")
    minutes = _minutes_for_update(meeting)
    if version is not None and minutes.version != version:
        raise RuleViolation("member.edited_concurrently")
    unknown = set(changes) - set(MINUTES_FIELDS)
    if unknown:
        raise RuleViolation("member.field_not_editable", fields=", ".join(sorted(unknown)))
    opened, closed = changes.get("opened_at", minutes.opened_at), changes.get("closed_at", minutes.closed_at)
    if opened and closed:
        rules.duration_minutes(opened, closed)
    for name, value in changes.items():
        setattr(minutes, name, value.strip() if isinstance(value, str) else value)
    minutes.version += 1
    minutes.save()
    audit.record(
        actor=actor,
        action="minutes.save",
        target=meeting,
        unit=meeting.unit,
        after={"fields": sorted(changes)},
    )
    return minutes


@transaction.atomic
def resolution_add(
    *,
    actor: Any,
    meeting: Meeting,
    text: str,
    in_favour: int,
    against: int = 0,
    abstained: int = 0,
    special: bool = False,
) -> Resolution:
    """A resolution with its vote: ordinary (> ½ of the vote base) or special (≥ 2/3 of the chi bộ's
    official members: admission, recognition, removal)."""
    meeting = _lock(meeting)
    require(actor, Action.MANAGE, meeting.unit)
    if meeting.state != State.HELD:
        raise RuleViolation("meeting.not_held")
    if not text.strip():
        raise RuleViolation("meeting.text_required")
    minutes = _minutes_for_update(meeting)
    profile = regulations.profile(timezone.localtime(meeting.starts_at).date())
    if special:  # two thirds of the chi bộ's official members as summoned to this meeting
        base = meeting.attendances.filter(official=True).count()
        passed = admission_rules.check_vote(
            official_members=base, in_favour=in_favour, against=against + abstained, profile=profile
        )
    else:
        base = vote_base_of(meeting)
        if in_favour + against + abstained > base:
            raise RuleViolation("meeting.votes_exceed_base", votes=in_favour + against + abstained, base=base)
        passed = rules.resolution_passes(in_favour, base, profile)
    resolution = Resolution.objects.create(
        minutes=minutes, text=text.strip(), special=special, in_favour=in_favour, against=against,
        abstained=abstained, base=base, passed=passed,
    )  # fmt: skip
    _audit(actor, "minutes.resolution", meeting, text=resolution.text[:100], passed=passed, base=base)
    return resolution


@transaction.atomic
def minutes_finalise(*, actor: Any, meeting: Meeting) -> Minutes:
    """Finalise the minutes: from now on they are only printed and corrected by appending."""
    meeting = _lock(meeting)
    require(actor, Action.MANAGE, meeting.unit)
    if meeting.state != State.HELD:
        raise RuleViolation("meeting.not_held")
    minutes = _minutes_for_update(meeting)
    if not (minutes.chair and minutes.recorder):
        raise RuleViolation("meeting.minutes_incomplete")
    minutes.finalised_at, minutes.finalised_by = timezone.now(), actor if getattr(actor, "pk", None) else None
    minutes.save(update_fields=["finalised_at", "finalised_by"])
    audit.record(
        actor=actor, action="minutes.finalise", target=meeting, unit=meeting.unit,
        after=audit.snapshot(minutes, list(MINUTES_FIELDS)),
    )  # fmt: skip
    return minutes


@transaction.atomic
def minutes_correct(*, actor: Any, meeting: Meeting, text: str) -> MinutesCorrection:
    """Append a correction to finalised minutes (they are never rewritten)."""
    meeting = _lock(meeting)
    require(actor, Action.MANAGE, meeting.unit)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or not minutes.is_final:
        raise RuleViolation("meeting.minutes_not_final")
    if not text.strip():
        raise RuleViolation("meeting.text_required")
    correction = MinutesCorrection.objects.create(
        minutes=minutes, text=text.strip(), made_by=actor if getattr(actor, "pk", None) else None
    )
    _audit(actor, "minutes.correct", meeting, correction=correction.text[:200])
    return correction
