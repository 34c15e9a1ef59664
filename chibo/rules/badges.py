"""Party badges (Huy hiệu Đảng): thresholds, award days, early awards, the badge due and award rounds.

Source: ../shared/DOMAIN.md §8 (S46, S47) and "Rules a software can enforce" item 4. Party age and
the award day come from ``chibo.rules.party_age`` (``party_age_reached_on``, ``next_award_day``),
which this module wraps rather than repeats; every number from the regulation profile in force
(``chibo.rules.profiles``).

Note: ``chibo.rules.party_age.badges_reached_between`` answers another question (which thresholds
are *reached* in a window, each with its award day); :func:`badge_due` here answers which badge a
member is due on one award date, given the badges already awarded.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date

from chibo.rules.errors import RuleViolation
from chibo.rules.party_age import Gap, add_months, merged_gaps, next_award_day, party_age_reached_on
from chibo.rules.profiles import PROFILES, RegulationProfile

__all__ = [
    "AWARD_DAYS",
    "BADGE_THRESHOLDS",
    "ILLNESS",
    "POSTHUMOUS",
    "BadgeFacts",
    "award_dates",
    "award_round",
    "badge_due",
    "check_early_months",
    "early_months_allowed",
    "next_award_date",
    "reached_on",
]

#: The thresholds in years of party age of the latest built-in profile (DOMAIN.md §8 [S46; 01-HD/TW
#: §18.1]): 30, 40, 45 … 90. For display and defaults only; rules read
#: ``profile.badge_thresholds_years``.
BADGE_THRESHOLDS: tuple[int, ...] = PROFILES[-1].badge_thresholds_years
#: The award days (month, day) of the latest built-in profile: 3/2, 19/5, 2/9, 7/11 [S46; §18]. Rules
#: read ``profile.badge_award_days``.
AWARD_DAYS: tuple[tuple[int, int], ...] = PROFILES[-1].badge_award_days

ILLNESS = "illness"  # serious illness (ốm nặng)
POSTHUMOUS = "posthumous"  # truy tặng
EARLY_REASONS: tuple[str, ...] = (ILLNESS, POSTHUMOUS)

#: Party age reaches ``years`` on this day (DOMAIN.md §2, §8 [S47]): re-exported from party_age.
reached_on = party_age_reached_on


def next_award_date(on_or_after: date, profile: RegulationProfile) -> date:
    """The first award day on or after ``on_or_after``: 3/2, 19/5, 2/9 or 7/11.

    DOMAIN.md §8 [S46; 01-HD/TW §18] (H); other anniversaries and exceptions are decided by the
    provincial standing board and are not computed. Reads ``profile.badge_award_days``
    (:func:`chibo.rules.party_age.next_award_day`).
    """
    return next_award_day(on_or_after, profile)


def award_dates(year: int, profile: RegulationProfile) -> list[date]:
    """The award days of ``year`` in order (DOMAIN.md §8 [S46]). Reads ``profile.badge_award_days``."""
    return sorted(date(year, month, day) for month, day in profile.badge_award_days)


def _check_threshold(threshold: int, profile: RegulationProfile) -> None:
    if threshold not in profile.badge_thresholds_years:
        raise RuleViolation("badge.threshold_unknown", threshold=threshold)


def early_months_allowed(threshold: int, *, reason: str, profile: RegulationProfile) -> int:
    """How many months early the badge of ``threshold`` years may be awarded for ``reason``.

    DOMAIN.md §8 [S46; 01-HD/TW §18.1–18.2] (H): for serious illness (``ILLNESS``) up to
    ``profile.badge_early_illness_months_low`` (12) months for thresholds below
    ``profile.badge_early_high_from_years`` (70), up to ``profile.badge_early_illness_months_high``
    (24) from it; posthumously (``POSTHUMOUS``) up to ``profile.badge_posthumous_early_months``
    (12). Refusals: an unknown reason (``badge.early_reason_unknown``, reason), a threshold not in
    ``profile.badge_thresholds_years`` (``badge.threshold_unknown``, threshold).
    """
    _check_threshold(threshold, profile)
    if reason == POSTHUMOUS:
        return profile.badge_posthumous_early_months
    if reason == ILLNESS:
        if threshold >= profile.badge_early_high_from_years:
            return profile.badge_early_illness_months_high
        return profile.badge_early_illness_months_low
    raise RuleViolation("badge.early_reason_unknown", reason=reason)


def check_early_months(threshold: int, early_months: int, *, reason: str, profile: RegulationProfile) -> int:
    """Refuse an early award beyond its limit (``badge.early_too_much``, early_months, allowed,
    threshold, reason) or a negative number of months (``badge.early_negative``, early_months).

    The limits of :func:`early_months_allowed` (DOMAIN.md §8 [S46; §18.1–18.2]); exactly the limit
    is allowed. Returns the allowed number of months.
    """
    if early_months < 0:
        raise RuleViolation("badge.early_negative", early_months=early_months)
    allowed = early_months_allowed(threshold, reason=reason, profile=profile)
    if early_months > allowed:
        raise RuleViolation(
            "badge.early_too_much",
            early_months=early_months,
            allowed=allowed,
            threshold=threshold,
            reason=reason,
        )
    return allowed


def badge_due(
    decision_date: date,
    gaps: Iterable[Gap],
    awarded: Iterable[int],
    award_date: date,
    *,
    profile: RegulationProfile,
    early_months: int = 0,
) -> int | None:
    """The badge a member is due on ``award_date``, or None.

    DOMAIN.md §8 [S46; 01-HD/TW §18.1] and §2 "Tuổi đảng" [S10, S47]: the highest threshold of
    ``profile.badge_thresholds_years`` above every badge already ``awarded`` whose reach day
    (:func:`reached_on`: the decision date plus the years, pushed back by the ``gaps``, so a 1-year
    transfer gap delays the badge by a year) minus ``early_months`` is on or before
    ``award_date``. A badge missed in an earlier round is still due; when two thresholds are due,
    only the higher one is awarded. ``early_months`` is not checked here: the caller checks it with
    :func:`check_early_months` for the threshold returned (:func:`award_round` does). Refuses a
    negative ``early_months`` (``badge.early_negative``).
    """
    if early_months < 0:
        raise RuleViolation("badge.early_negative", early_months=early_months)
    gap_list = merged_gaps(gaps)
    above = max(awarded, default=0)
    for threshold in sorted(profile.badge_thresholds_years, reverse=True):
        if threshold <= above:
            return None
        reached = party_age_reached_on(decision_date, threshold, gap_list)
        if add_months(reached, -early_months) <= award_date:
            return threshold
    return None


@dataclass(frozen=True)
class BadgeFacts:
    """What an award round needs to know of one member."""

    key: Hashable  # the member's id, returned with the threshold
    decision_date: date  # the (first) admission decision date
    gaps: tuple[Gap, ...] = ()  # periods not counted in party age (§2)
    awarded: tuple[int, ...] = ()  # thresholds already awarded
    early_months: int = 0  # an early award proposed for this round
    early_reason: str | None = None  # ILLNESS or POSTHUMOUS when early_months > 0


def award_round(
    members_facts: Iterable[BadgeFacts], award_date: date, profile: RegulationProfile
) -> list[tuple[Hashable, int]]:
    """The (member key, threshold) pairs due on ``award_date``, in the order given.

    Each member's :func:`badge_due` on that date (DOMAIN.md §8 [S46, S47]); members already past
    every threshold, or not yet at the next, are left out. An early award is checked against its
    limit (:func:`check_early_months`) when the early months are what make the badge due (the reach
    day is after ``award_date``); an early award without a reason is refused
    (``badge.early_reason_unknown``). Which members take part (alive, not expelled; posthumous
    awards for the deceased) is the caller's choice.
    """
    due: list[tuple[Hashable, int]] = []
    for facts in members_facts:
        threshold = badge_due(
            facts.decision_date,
            facts.gaps,
            facts.awarded,
            award_date,
            profile=profile,
            early_months=facts.early_months,
        )
        if threshold is None:
            continue
        if facts.early_months and reached_on(facts.decision_date, threshold, facts.gaps) > award_date:
            check_early_months(
                threshold, facts.early_months, reason=facts.early_reason or "", profile=profile
            )
        due.append((facts.key, threshold))
    return due
