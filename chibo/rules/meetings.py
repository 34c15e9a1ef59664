"""Cell meetings (sinh hoạt chi bộ): the yearly plan, length, materials, vote base, attendance.

Source: ../shared/DOMAIN.md §3 (S19, S23, S24, S25, S26, S27, S58) and §4 (S31), and "Rules a
software can enforce" items 3, 5, 6 and 8. Numbers come from the regulation profile in force on
the meeting's date (``chibo.rules.profiles``); working days from ``chibo.rules.workdays``.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chibo.rules.errors import RuleViolation
from chibo.rules.members import removal_trigger_absent_months
from chibo.rules.profiles import RegulationProfile
from chibo.rules.workdays import is_working_day

# --- kinds and length -------------------------------------------------------------------------

REGULAR = "regular"  # sinh hoạt thường kỳ (monthly)
THEMATIC = "thematic"  # sinh hoạt chuyên đề (at least once a quarter)
COMBINED = "combined"  # thường kỳ kết hợp chuyên đề
EXTRAORDINARY = "extraordinary"  # bất thường
COMMITTEE = "committee"  # chi ủy / đảng ủy meeting
CONFERENCE = "conference"  # hội nghị đảng bộ (twice a year)

KINDS = (REGULAR, THEMATIC, COMBINED, EXTRAORDINARY, COMMITTEE, CONFERENCE)
#: Kinds that count as the month's regular meeting, and as the quarter's thematic one.
COUNTS_AS_REGULAR = frozenset({REGULAR, COMBINED})
COUNTS_AS_THEMATIC = frozenset({THEMATIC, COMBINED})
#: Kinds whose members' votes follow the vote base of 24-QĐ/TW §9.3.2.
MEMBERS_MEETINGS = frozenset({REGULAR, THEMATIC, COMBINED, EXTRAORDINARY, CONFERENCE})


def min_duration_minutes(kind: str, profile: RegulationProfile) -> int | None:
    """The shortest a meeting of ``kind`` may last, or None when no minimum is set.

    DOMAIN.md §3 [S24; HD 42/2025]: at least ``profile.regular_meeting_min_minutes`` (90) for a
    regular or thematic meeting; ``profile.combined_meeting_min_minutes`` (120) when the thematic
    meeting is combined with the regular one. Other kinds have no minimum in the sources.
    """
    if kind == COMBINED:
        return profile.combined_meeting_min_minutes
    if kind in (REGULAR, THEMATIC):
        return profile.regular_meeting_min_minutes
    return None


def duration_minutes(start: datetime, end: datetime) -> int:
    """Whole minutes from ``start`` to ``end``; an end before the start is refused
    (``meeting.end_before_start``)."""
    if end < start:
        raise RuleViolation("meeting.end_before_start", start=start, end=end)
    return int((end - start).total_seconds() // 60)


def too_short(kind: str, start: datetime, end: datetime, profile: RegulationProfile) -> bool:
    """Whether the meeting lasted less than the minimum for its kind (:func:`min_duration_minutes`)."""
    minimum = min_duration_minutes(kind, profile)
    return minimum is not None and duration_minutes(start, end) < minimum


def materials_late(published_at: datetime | None, starts_at: datetime, profile: RegulationProfile) -> bool:
    """Whether the materials were out less than ``profile.materials_days_ahead`` (1) day before.

    DOMAIN.md §3 [S24; HD 42/2025]: materials are posted on the member handbook at least one day
    before the meeting: ``published_at`` no later than ``starts_at`` minus one day. Materials not
    published at all are late.
    """
    if published_at is None:
        return True
    return published_at > starts_at - timedelta(days=profile.materials_days_ahead)


# --- the yearly plan ------------------------------------------------------------------------


def plan_year(
    year: int,
    *,
    day: int,
    thematic_months: Collection[int] = (3, 6, 9, 12),
    extra_days_off: Collection[date] = (),
    extra_working_days: Collection[date] = (),
) -> list[tuple[date, str]]:
    """The meetings of a cell's year: one regular meeting a month and one thematic a quarter.

    DOMAIN.md §3 [S19; Điều lệ art.24.2]: a chi bộ meets monthly; [S25] at least one thematic meeting
    a quarter, which does not replace the monthly one. Each month's regular meeting falls on ``day``
    (clamped to the month's length) or the next working day; a quarter's thematic meeting a week
    later (a week earlier when that leaves the month) in the month of ``thematic_months`` that falls
    in it, again on a working day. Returns (date, kind) pairs in date order. Reads no profile field.
    """
    if not 1 <= day <= 31:
        raise RuleViolation("meeting.plan_day", day=day)
    quarters = {(m - 1) // 3 for m in thematic_months}
    if len(quarters) != 4 or any(not 1 <= m <= 12 for m in thematic_months):
        raise RuleViolation("meeting.plan_quarters")
    calendar = {"extra_days_off": extra_days_off, "extra_working_days": extra_working_days}
    plan: list[tuple[date, str]] = []
    for month in range(1, 13):
        regular = _working_day_from(_clamped(year, month, day), **calendar)
        plan.append((regular, REGULAR))
        if month in thematic_months:
            week_later = regular + timedelta(days=7)
            thematic = week_later if week_later.month == month else regular - timedelta(days=7)
            plan.append((_working_day_from(thematic, **calendar), THEMATIC))
    return sorted(plan)


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _working_day_from(day: date, **calendar: Collection[date]) -> date:
    """``day`` or the next working day in the same month (else the previous one)."""
    forward = day
    while not is_working_day(forward, **calendar):
        forward += timedelta(days=1)
    if forward.month == day.month:
        return forward
    backward = day
    while not is_working_day(backward, **calendar):
        backward -= timedelta(days=1)
    return backward


# --- regularity -------------------------------------------------------------------------------


def months_without_regular(
    meetings: Iterable[tuple[date, str]], *, start: date, end: date
) -> list[tuple[int, int]]:
    """The (year, month) between ``start`` and ``end`` (inclusive months) with no regular meeting.

    DOMAIN.md §3 [S19; Điều lệ art.24.2]: a chi bộ meets every month; a combined meeting counts as
    the month's regular one [S24]. Only meetings that were held should be passed in.
    """
    held = {(d.year, d.month) for d, kind in meetings if kind in COUNTS_AS_REGULAR}
    missing = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        if (year, month) not in held:
            missing.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return missing


def quarters_without_thematic(
    meetings: Iterable[tuple[date, str]], *, start: date, end: date, profile: RegulationProfile
) -> list[tuple[int, int]]:
    """The (year, quarter 1–4) between ``start`` and ``end`` with fewer thematic meetings than
    ``profile.thematic_meetings_per_quarter`` (1). DOMAIN.md §3 [S25]; a combined meeting counts."""
    counts: dict[tuple[int, int], int] = {}
    for day, kind in meetings:
        if kind in COUNTS_AS_THEMATIC:
            key = (day.year, (day.month - 1) // 3 + 1)
            counts[key] = counts.get(key, 0) + 1
    missing = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while (year, quarter) <= (end.year, (end.month - 1) // 3 + 1):
        if counts.get((year, quarter), 0) < profile.thematic_meetings_per_quarter:
            missing.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return missing


# --- attendance and the vote base ------------------------------------------------------------

PRESENT = "present"
ABSENT_EXCUSED = "absent_excused"  # vắng có lý do
ABSENT_UNEXCUSED = "absent_unexcused"  # vắng không lý do
EXCUSED_BY_STATUS = "excused_status"  # miễn sinh hoạt, tạm vắng, sinh hoạt tạm thời nơi khác
ATTENDANCE = (PRESENT, ABSENT_EXCUSED, ABSENT_UNEXCUSED, EXCUSED_BY_STATUS)


@dataclass(frozen=True)
class Summoned:
    """What the vote base needs to know of one summoned member at the meeting."""

    attendance: str
    official: bool = True
    temporarily_out: bool = False  # sinh hoạt tạm thời ở đảng bộ khác
    exempt: bool = False  # miễn công tác và sinh hoạt
    suspended: bool = False  # đình chỉ sinh hoạt
    detained: bool = False  # bị khởi tố, truy tố, tạm giam


def vote_base(summoned: Iterable[Summoned], profile: RegulationProfile) -> int:
    """How many members a members' meeting counts to decide (the base of a ">½" resolution).

    DOMAIN.md §3 [S27; 24-QĐ/TW §9.3.2]: all summoned members minus those temporarily transferred
    out, exempt members who are absent (counted when present [S58]), suspended, prosecuted or
    detained members, and those officially excused (absent with a reason the chi bộ accepted).
    Probationary members have no vote (Điều lệ art. 5; not in DOMAIN.md, so a profile field,
    ``profile.probationary_members_vote``, False).
    """
    base = 0
    for person in summoned:
        present = person.attendance == PRESENT
        if person.temporarily_out or person.suspended or person.detained:
            continue
        if not present and (person.exempt or person.attendance in (ABSENT_EXCUSED, EXCUSED_BY_STATUS)):
            continue
        if not person.official and not profile.probationary_members_vote:
            continue
        base += 1
    return base


def resolution_passes(in_favour: int, base: int, profile: RegulationProfile) -> bool:
    """A resolution passes with strictly more than ``profile.resolution_majority_ratio`` (½) of the
    vote base (DOMAIN.md §3 [S27; 24-QĐ/TW §9.3.2]). Counts above the base are refused
    (``meeting.votes_exceed_base``)."""
    if in_favour < 0:
        raise RuleViolation("admission.vote_negative")
    if in_favour > base:
        raise RuleViolation("meeting.votes_exceed_base", votes=in_favour, base=base)
    ratio = profile.resolution_majority_ratio
    return in_favour * ratio.denominator > base * ratio.numerator


def attendance_rate(attendances: Iterable[str]) -> float | None:
    """Present ÷ expected, in % (one decimal): members excused by their status (exempt, away) are
    not expected; None when nobody was expected. The figure committees report (DOMAIN.md §3)."""
    expected = present = 0
    for attendance in attendances:
        if attendance == EXCUSED_BY_STATUS:
            continue
        expected += 1
        present += attendance == PRESENT
    return round(100 * present / expected, 1) if expected else None


def absence_alert(unexcused_months_in_year: int, profile: RegulationProfile) -> str | None:
    """ "removal" when a member was absent without good reason in
    ``profile.removal_absent_months_per_year`` (3) months of a calendar year, the removal trigger of
    DOMAIN.md §4 [S31; 24-QĐ/TW §8.1]; "warning" one month before (2); else None."""
    if removal_trigger_absent_months(unexcused_months_in_year, profile):
        return "removal"
    if unexcused_months_in_year == profile.removal_absent_months_per_year - 1:
        return "warning"
    return None


def unexcused_months(absences: Iterable[date], year: int) -> int:
    """Distinct months of ``year`` with at least one unexcused absence (counted per calendar year,
    DOMAIN.md §4: whether the months must be consecutive is not stated, L)."""
    return len({d.month for d in absences if d.year == year})


# --- QR check-in ------------------------------------------------------------------------------


def checkin_open(now: datetime, starts_at: datetime, ends_at: datetime, *, margin_minutes: int = 60) -> bool:
    """Whether a member may still check in by scanning the meeting's QR code: from an hour before
    the start to an hour after the end (the sign-in sheet is passed round during the meeting)."""
    margin = timedelta(minutes=margin_minutes)
    return starts_at - margin <= now <= ends_at + margin


def offline_checkin_time(
    now: datetime,
    made_at: datetime,
    starts_at: datetime,
    ends_at: datetime,
    *,
    margin_minutes: int = 60,
    max_delay_hours: int = 24,
    clock_skew_minutes: int = 5,
) -> datetime | None:
    """The time to record for a check-in the member pressed while their phone was offline, sent
    later by the handbook app (``made_at`` is the phone's clock), or None when it is refused.

    Accepted only when it was pressed inside the sign-in window of ``checkin_open`` (the same
    window as a check-in made online), is not in the future (a phone clock a few minutes fast is
    tolerated and recorded as ``now``) and reaches the server within ``max_delay_hours``: a
    check-in held back for days proves nothing about presence."""
    if made_at > now + timedelta(minutes=clock_skew_minutes):
        return None
    if now - made_at > timedelta(hours=max_delay_hours):
        return None
    at = min(made_at, now)
    return at if checkin_open(at, starts_at, ends_at, margin_minutes=margin_minutes) else None
