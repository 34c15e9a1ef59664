"""Party age (tuổi đảng), month arithmetic and the badge thresholds it reaches.

Sources: ../shared/DOMAIN.md §2 "Tuổi đảng" [S10, S11; 24-QĐ/TW §4.5; 01-HD/TW]:
party age counts from the signing date of the admission decision (else the card
date) **minus** the periods of expulsion, removal, lost contact and transfer gaps;
a re-admitted member counts from the *first* decision minus the gaps (the caller
passes the first decision date and the gap from leaving to re-admission as a
gap); a member rehabilitated after a wrongful expulsion counts continuously (the
caller passes no gap for it). §8 [S46, S47]: badges at fixed thresholds of party
age, awarded on fixed days, and a 1-year transfer gap delays the badge.

How the count works (the definition chibo applies):

* A gap is a half-open interval of days ``[start, end)``: ``start`` is the first
  day out of the party (the day of the removal decision, the day contact was
  lost), ``end`` the first day counted again (re-admission decision, arrival).
  Overlapping gaps are merged first, so no day is subtracted twice; only the days
  after the decision date (inclusive) and before the day asked about count.
* ``party_age_days(decision, D)`` is the number of days from ``decision`` up to
  ``D`` (``D - decision``) that lie in no gap.
* In years and months: the member "would be at" ``E = decision + counted days``
  with no gaps; the party age is the completed calendar months from ``decision``
  to ``E``, with end-of-month clamping (31/1 + 1 month = 28 or 29/2; 29/2 + 12
  months = 28/2).
* N years are reached on the earliest ``D`` whose counted days equal the days
  from ``decision`` to its N-th anniversary (the anniversary of 29/2 in a common
  year is 28/2). Without gaps that is the anniversary itself.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

from chibo.rules.errors import RuleViolation
from chibo.rules.profiles import RegulationProfile

#: A period that does not count towards party age: ``[start, end)``.
Gap = tuple[date, date]


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, clamped to the end of the month.

    31/1 + 1 month = 28/2 (29/2 in a leap year); 29/2 + 12 months = 28/2;
    ``months`` may be negative. The calendar arithmetic behind probation (12
    months from the ceremony, DOMAIN.md §2 [S59, S10]), age "counted in months"
    (§2 [S1, S2]) and the anniversaries of party age (§2 [S10, S11], §8 [S46]).
    Reads no profile field.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_start(on: date, years: int) -> date:
    """The last date from which ``years`` completed years have passed on ``on`` (ages and party
    ages counted in calendar months, DOMAIN.md §2 [S1, S2, S10]).

    Usually ``on`` moved back ``years`` years; but a 29/2 anniversary falls on 28/2 in a common
    year (months clamped, as ``add_months``), so on 28/2 of a common year someone born on 29/2 of
    a leap year has completed the year too. Reads no profile field."""
    start = add_months(on, -12 * years)
    if (on.month, on.day) == (2, 28) and not calendar.isleap(on.year) and calendar.isleap(start.year):
        return date(start.year, 2, 29)
    return start


def completed_months(start: date, end: date) -> int:
    """The completed calendar months from ``start`` to ``end`` (0 if ``end <= start``).

    The largest ``m`` with ``add_months(start, m) <= end``: from 31/1 to 28/2 of a
    common year is one month, from 29/2/2000 to 28/2/2001 twelve. Used for party
    age (DOMAIN.md §2 [S10, S11]) and ages counted in months (§2 [S1, S2]).
    Reads no profile field.
    """
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def merged_gaps(gaps: Iterable[Gap]) -> list[Gap]:
    """The gaps sorted and merged where they overlap or touch; empty ones dropped.

    A gap whose end is before its start is refused (``party_age.gap_reversed``):
    it is a data-entry error, not an empty period. DOMAIN.md §2 [S10, S11]: each
    day out of the party is subtracted once, however many records cover it.
    Reads no profile field.
    """
    ordered: list[Gap] = []
    for start, end in gaps:
        if end < start:
            raise RuleViolation("party_age.gap_reversed", start=start, end=end)
        if end > start:
            ordered.append((start, end))
    ordered.sort()
    merged: list[Gap] = []
    for start, end in ordered:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def party_age_days(decision_date: date, as_of: date, gaps: Iterable[Gap] = ()) -> int:
    """The days of party age on ``as_of``: ``as_of - decision_date`` minus the gap days.

    DOMAIN.md §2 "Tuổi đảng" [S10, S11; 24-QĐ/TW §4.5; 01-HD/TW]: counted from
    the signing date of the admission decision minus expulsion, removal,
    lost-contact and transfer-gap periods; for a re-admitted member the caller
    passes the *first* decision date and the gap between leaving and
    re-admission. Only the part of a gap on or after ``decision_date`` and before
    ``as_of`` is subtracted; overlapping gaps are merged first. 0 when ``as_of``
    is on or before ``decision_date``. Reads no profile field.
    """
    if as_of <= decision_date:
        return 0
    days = (as_of - decision_date).days
    for start, end in merged_gaps(gaps):
        overlap = (min(end, as_of) - max(start, decision_date)).days
        if overlap > 0:
            days -= overlap
    return days


def party_age(decision_date: date, as_of: date, gaps: Iterable[Gap] = ()) -> tuple[int, int]:
    """The party age on ``as_of`` as (years, completed months).

    DOMAIN.md §2 "Tuổi đảng" [S10, S11; 24-QĐ/TW §4.5; 01-HD/TW]: the counted
    days (:func:`party_age_days`) are laid from ``decision_date`` as if there had
    been no gap, to the effective day ``E``; the age is the completed calendar
    months from ``decision_date`` to ``E`` (:func:`completed_months`), split into
    years and months. Reads no profile field.
    """
    effective = decision_date + timedelta(days=party_age_days(decision_date, as_of, gaps))
    years, months = divmod(completed_months(decision_date, effective), 12)
    return years, months


def party_age_reached_on(decision_date: date, years: int, gaps: Iterable[Gap] = ()) -> date:
    """The first day on which the party age reaches ``years`` full years.

    DOMAIN.md §2 "Tuổi đảng" [S10, S11; 24-QĐ/TW §4.5; 01-HD/TW] and §8 [S47]: a
    gap (a 1-year transfer gap, a removal before re-admission) delays the day by
    its length. The target is the number of days from ``decision_date`` to its
    ``years``-th anniversary (29/2 → 28/2 in a common year); the result is the
    earliest ``D`` with ``party_age_days(decision_date, D, gaps)`` equal to it:
    the anniversary pushed forward by every gap day that falls before it, gap by
    gap (a gap that begins after the day reached so far does not delay it; the
    part of a gap before ``decision_date`` never counts). A negative ``years`` is
    refused (``party_age.negative_years``). Reads no profile field.
    """
    if years < 0:
        raise RuleViolation("party_age.negative_years", years=years)
    reached = add_months(decision_date, 12 * years)
    for start, end in merged_gaps(gaps):
        first = max(start, decision_date)
        if end <= first:
            continue
        if first >= reached:
            break
        reached += end - first
    return reached


def next_award_day(day: date, profile: RegulationProfile) -> date:
    """The first badge award day on or after ``day``.

    DOMAIN.md §8 [S46; 01-HD/TW §18]: badges are awarded on 3/2, 19/5, 2/9 and
    7/11 (``profile.badge_award_days``, (month, day) pairs). A profile with no
    award days awards on ``day`` itself. Reads ``profile.badge_award_days``.
    """
    award_days = sorted(profile.badge_award_days)
    if not award_days:
        return day
    for year in (day.year, day.year + 1):
        for month, day_of_month in award_days:
            candidate = date(year, month, day_of_month)
            if candidate >= day:
                return candidate
    raise AssertionError("unreachable: every award day recurs the next year")  # pragma: no cover


def badges_reached_between(
    decision_date: date, gaps: Iterable[Gap], profile: RegulationProfile, *, after: date, until: date
) -> list[tuple[int, date]]:
    """The badge thresholds reached in ``(after, until]``, each with its award day.

    DOMAIN.md §8 [S46; 01-HD/TW §18.1]: thresholds of 30, 40, 45 … 90 years of
    party age (``profile.badge_thresholds_years``), awarded on the first award day
    (``profile.badge_award_days``: 3/2, 19/5, 2/9, 7/11) on or after the day the
    threshold is reached; party age per §2 with its gaps, so a 1-year transfer
    gap delays the badge [S47]. Early awards for illness or posthumously (§8)
    are a decision of the committee, not computed here. Returns
    ``[(years, award day), …]`` in threshold order.
    """
    gap_list = merged_gaps(gaps)
    due: list[tuple[int, date]] = []
    for years in sorted(profile.badge_thresholds_years):
        reached = party_age_reached_on(decision_date, years, gap_list)
        if after < reached <= until:
            due.append((years, next_award_day(reached, profile)))
    return due
