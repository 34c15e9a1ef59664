"""Reads of cell meetings, already scoped: lists, a meeting's page, the alerts and attendance rates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from chibo.accounts.roles import Action
from chibo.admissions.services import official_members_of
from chibo.core import regulations
from chibo.core.scoping import subtree_q, visible_to
from chibo.meetings.models import Attendance, AttendanceStatus, Meeting, State
from chibo.meetings.services import vote_base_of
from chibo.members.models import Member
from chibo.organizations.models import Unit
from chibo.rules import admission as admission_rules
from chibo.rules import meetings as rules
from chibo.rules import organizations as org_rules


def meeting_list(*, user: Any, within: Unit | None = None, year: int | None = None) -> QuerySet[Meeting]:
    meetings = visible_to(Meeting.objects.select_related("unit"), user, Action.VIEW)
    if within is not None:
        meetings = meetings.filter(subtree_q(within.path, "unit__path"))
    if year:
        meetings = meetings.filter(starts_at__year=year)
    return meetings.order_by("-starts_at", "-id")


def meeting_detail(meeting: Meeting) -> dict[str, Any]:
    """The meeting page's figures: attendance by status, the vote base and the majorities."""
    attendances = list(
        meeting.attendances.select_related("member").order_by("member__name_sort", "member_id")
    )
    counts = {value: 0 for value in AttendanceStatus.values}
    for a in attendances:
        if a.status:
            counts[a.status] += 1
    day = timezone.localtime(meeting.starts_at).date()
    profile = regulations.profile(day)
    base = vote_base_of(meeting) if meeting.state == State.HELD else None
    # two thirds of the official members as summoned (the cell's roll today before the notice)
    official = sum(a.official for a in attendances) if attendances else official_members_of(meeting.unit)
    first_document = min((d.uploaded_at for d in meeting.documents.all()), default=None)
    return {
        "attendances": attendances,
        "counts": [(label, counts[value]) for value, label in AttendanceStatus.choices],
        "rate": rules.attendance_rate(a.status for a in attendances if a.status),
        "vote_base": base,
        "majority": base // 2 + 1 if base else None,
        "official_members": official,
        "special_required": admission_rules.votes_required(official, profile),
        "too_short": bool(meeting.ends_at)
        and rules.too_short(meeting.kind, meeting.starts_at, meeting.ends_at, profile),
        "materials_late": meeting.documents.exists()
        and rules.materials_late(first_document, meeting.starts_at, profile),
        "min_minutes": rules.min_duration_minutes(meeting.kind, profile),
    }


# --- alerts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    kind: str
    unit: Unit
    detail: str
    meeting: Meeting | None = None
    member: Member | None = None


def _cells(user: Any, within: Unit | None) -> list[Unit]:
    cells = visible_to(
        Unit.objects.filter(level__in=org_rules.CELLS, dissolved_on__isnull=True), user, Action.VIEW
    )
    if within is not None:
        cells = cells.filter(subtree_q(within.path))
    return list(cells.order_by("path"))


def alerts(
    *, user: Any, within: Unit | None = None, year: int | None = None, on: date | None = None
) -> list[Alert]:
    """The checks of DOMAIN.md §3 and §4 for the cells in scope, over ``year`` up to ``on``:
    months without a regular meeting and quarters without a thematic one (complete ones only),
    meetings shorter than the minimum, materials out less than a day before, and members absent
    without reason in 2 (warning) or 3 (removal) months of the year."""
    on = on or regulations.today()
    year = year or on.year
    cells = _cells(user, within)
    if not cells:
        return []
    profile = regulations.profile(on)
    held = list(
        Meeting.objects.filter(unit__in=cells, state=State.HELD, starts_at__year=year)
        .select_related("unit")
        .prefetch_related("documents")
    )
    by_cell: dict[int, list[tuple[date, str]]] = defaultdict(list)
    found: list[Alert] = []
    for meeting in held:
        day = timezone.localtime(meeting.starts_at).date()
        by_cell[meeting.unit_id].append((day, meeting.kind))
        if meeting.ends_at and rules.too_short(meeting.kind, meeting.starts_at, meeting.ends_at, profile):
            found.append(Alert("too_short", meeting.unit, str(meeting), meeting=meeting))
        first = min((d.uploaded_at for d in meeting.documents.all()), default=None)
        if first is not None and rules.materials_late(first, meeting.starts_at, profile):
            found.append(Alert("materials_late", meeting.unit, str(meeting), meeting=meeting))
    last_month = _last_complete_month(year, on)
    for cell in cells:
        start = max(date(year, 1, 1), cell.founded_on or date(year, 1, 1))
        if last_month and start <= last_month:
            for y, m in rules.months_without_regular(by_cell[cell.pk], start=start, end=last_month):
                found.append(Alert("no_regular", cell, f"{m:02d}/{y}"))
        last_quarter_end = _last_complete_quarter_end(year, on)
        if last_quarter_end and start <= last_quarter_end:
            for y, q in rules.quarters_without_thematic(
                by_cell[cell.pk], start=start, end=last_quarter_end, profile=profile
            ):
                found.append(Alert("no_thematic", cell, f"Q{q}/{y}"))
    found += _absence_alerts(cells, year, profile)
    return found


def _last_complete_month(year: int, on: date) -> date | None:
    if on.year > year:
        return date(year, 12, 31)
    if on.year < year or on.month == 1:
        return None
    return date(year, on.month - 1, 28)


def _last_complete_quarter_end(year: int, on: date) -> date | None:
    if on.year > year:
        return date(year, 12, 31)
    quarter = (on.month - 1) // 3  # complete quarters this year
    return date(year, quarter * 3, 28) if on.year == year and quarter else None


def _absence_alerts(cells: list[Unit], year: int, profile: Any) -> list[Alert]:
    q = Q()
    for cell in cells:
        q |= subtree_q(cell.path, "meeting__unit__path")
    rows = (
        Attendance.objects.filter(q, status=AttendanceStatus.ABSENT_UNEXCUSED, meeting__starts_at__year=year)
        .annotate(month=ExtractMonth("meeting__starts_at"))
        .values("member_id", "month", "meeting__unit_id", "meeting__starts_at")
        .order_by("meeting__starts_at")
    )
    # counted per member over the year wherever the meetings were (DOMAIN.md §4: "3 months in a
    # year"); shown at the unit of the latest meeting missed
    months: dict[int, set[int]] = defaultdict(set)
    where: dict[int, int] = {}
    for row in rows:
        months[row["member_id"]].add(row["month"])
        where[row["member_id"]] = row["meeting__unit_id"]
    flagged = {pk: rules.absence_alert(len(m), profile) for pk, m in months.items()}
    flagged = {pk: level for pk, level in flagged.items() if level}
    members = Member.objects.in_bulk(flagged)
    units = Unit.objects.in_bulk({where[pk] for pk in flagged})
    found = [
        Alert("absent_" + level, units[where[pk]], str(len(months[pk])), member=members[pk])
        for pk, level in flagged.items()
    ]
    return sorted(found, key=lambda a: (a.unit.path, a.member.name_sort if a.member else ""))


# --- attendance rates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    unit: Unit
    expected: int
    present: int
    meetings: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.present / self.expected, 1) if self.expected else None


def attendance_rates(*, units: list[Unit], year: int) -> list[Rate]:
    """Attendance of the held meetings of ``year`` over each unit's subtree, in one query: present
    ÷ expected (members excused by their status are not expected)."""
    if not units:
        return []
    rows = Attendance.objects.filter(meeting__state=State.HELD, meeting__starts_at__year=year).exclude(
        status__in=["", AttendanceStatus.EXCUSED_BY_STATUS]
    )
    aggregates: dict[str, Any] = {}
    for u in units:
        inside = subtree_q(u.path, "meeting__unit__path")
        aggregates[f"e{u.pk}"] = Count("pk", filter=inside)
        aggregates[f"p{u.pk}"] = Count("pk", filter=inside & Q(status=AttendanceStatus.PRESENT))
        aggregates[f"m{u.pk}"] = Count("meeting", filter=inside, distinct=True)
    figures = rows.aggregate(**aggregates)
    return [Rate(u, figures[f"e{u.pk}"], figures[f"p{u.pk}"], figures[f"m{u.pk}"]) for u in units]


def member_rates(*, cell: Unit, year: int) -> list[tuple[Member, int, int, int]]:
    """(member, expected, present, unexcused absences) for the members of a cell in ``year``."""
    rows = (
        Attendance.objects.filter(
            subtree_q(cell.path, "meeting__unit__path"),
            meeting__state=State.HELD,
            meeting__starts_at__year=year,
        )
        .exclude(status__in=["", AttendanceStatus.EXCUSED_BY_STATUS])
        .values("member_id")
        .annotate(
            expected=Count("pk"),
            present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
            unexcused=Count("pk", filter=Q(status=AttendanceStatus.ABSENT_UNEXCUSED)),
        )
    )
    figures = {r["member_id"]: r for r in rows}
    members = Member.objects.filter(pk__in=figures).order_by("name_sort", "pk")
    return [
        (m, figures[m.pk]["expected"], figures[m.pk]["present"], figures[m.pk]["unexcused"]) for m in members
    ]
