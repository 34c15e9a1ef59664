"""Admission (kết nạp) and probation: the pipeline, its conditions, votes and deadlines.

Source: ../shared/DOMAIN.md §2 (S1, S2, S6–S17, S59, S60) and "Rules a software can enforce"
items 1–3. Every number comes from the regulation profile in force on the relevant date
(``chibo.rules.profiles``); working days from ``chibo.rules.workdays``.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from chibo.rules import organizations as org
from chibo.rules.errors import RuleViolation
from chibo.rules.members import probation_end, recognition_vote_due
from chibo.rules.party_age import add_months, completed_months
from chibo.rules.profiles import RegulationProfile
from chibo.rules.workdays import add_working_days

__all__ = [
    "DOSSIER_PAPERS",
    "STAGES",
    "age_in_months",
    "ceremony_due",
    "certificate_valid",
    "check_admission_age",
    "check_introducers",
    "check_step_date",
    "check_transition",
    "check_vote",
    "deciding_body",
    "decision_due",
    "dossier_stale",
    "missing_papers",
    "probation_end",
    "recognition_decision_due",
    "recognition_vote_due",
    "upper_resolution_required",
    "votes_required",
]

# --- the pipeline ----------------------------------------------------------------------------

CANDIDATE = "candidate"  # quần chúng ưu tú, cảm tình Đảng
TRAINED = "trained"  # awareness class done (Giấy chứng nhận bồi dưỡng nhận thức về Đảng)
DOSSIER = "dossier"  # dossier complete
CELL_RESOLVED = "cell_resolved"  # chi bộ resolution passed
UPPER_RESOLVED = "upper_resolved"  # đảng ủy cơ sở resolution (chi bộ trực thuộc only)
DECIDED = "decided"  # admission decision signed: the member record exists from here on
PROBATION = "probation"  # ceremony held, probation running
RECOGNITION_VOTED = "recognition_voted"  # chi bộ voted to recognise
OFFICIAL = "official"  # recognition decision: official member
NOT_RECOGNISED = "not_recognised"  # not recognised → removed (xóa tên)
WITHDRAWN = "withdrawn"
REJECTED = "rejected"

#: The stages in pipeline order (the funnel); the last three close a candidacy.
STAGES = (
    CANDIDATE,
    TRAINED,
    DOSSIER,
    CELL_RESOLVED,
    UPPER_RESOLVED,
    DECIDED,
    PROBATION,
    RECOGNITION_VOTED,
    OFFICIAL,
    NOT_RECOGNISED,
    WITHDRAWN,
    REJECTED,
)
CLOSED = frozenset({OFFICIAL, NOT_RECOGNISED, WITHDRAWN, REJECTED})
#: Before the decision the person is not yet a party member: withdrawal and rejection apply.
BEFORE_DECISION = frozenset({CANDIDATE, TRAINED, DOSSIER, CELL_RESOLVED, UPPER_RESOLVED})

#: Allowed transitions (django-oscar's ``pipeline``): DOMAIN.md §2 [S13, S7, S8, S9]. A chi bộ
#: trực thuộc needs the đảng ủy cơ sở's resolution before the decision; a chi bộ cơ sở goes from its
#: own resolution to the decision of the upper committee.
TRANSITIONS: dict[str, frozenset[str]] = {
    CANDIDATE: frozenset({TRAINED, WITHDRAWN, REJECTED}),
    TRAINED: frozenset({DOSSIER, WITHDRAWN, REJECTED}),
    DOSSIER: frozenset({CELL_RESOLVED, WITHDRAWN, REJECTED}),
    CELL_RESOLVED: frozenset({UPPER_RESOLVED, DECIDED, WITHDRAWN, REJECTED}),
    UPPER_RESOLVED: frozenset({DECIDED, WITHDRAWN, REJECTED}),
    DECIDED: frozenset({PROBATION}),
    PROBATION: frozenset({RECOGNITION_VOTED, NOT_RECOGNISED}),
    RECOGNITION_VOTED: frozenset({OFFICIAL, NOT_RECOGNISED}),
    OFFICIAL: frozenset(),
    NOT_RECOGNISED: frozenset(),
    WITHDRAWN: frozenset(),
    REJECTED: frozenset(),
}


def check_transition(current: str, target: str, *, cell_level: str | None = None) -> None:
    """Refuse a step out of order (``admission.step_out_of_order``, current, target).

    The order is the one of DOMAIN.md §2 [S13; 12-HD/BTCTW §II.1.1]: awareness class, dossier, chi
    bộ resolution, đảng ủy cơ sở resolution where it applies, decision, ceremony, recognition. When
    ``cell_level`` is given, the đảng ủy cơ sở resolution is required for a chi bộ trực thuộc and
    refused for a chi bộ cơ sở (:func:`upper_resolution_required`). Reads no profile field.
    """
    allowed = TRANSITIONS.get(current, frozenset())
    if cell_level is not None and current == CELL_RESOLVED:
        needed = upper_resolution_required(cell_level)
        allowed = allowed - ({DECIDED} if needed else {UPPER_RESOLVED})
    if target not in allowed:
        raise RuleViolation("admission.step_out_of_order", current=current, target=target)


def upper_resolution_required(cell_level: str) -> bool:
    """Whether a đảng ủy cơ sở resolution sits between the chi bộ's resolution and the decision.

    DOMAIN.md §2 [S13]: after the chi bộ resolution come the đảng ủy bộ phận's appraisal (if any)
    and the đảng ủy cơ sở's resolution, then the decision. A chi bộ trực thuộc (or a tổ đảng inside
    one) sits under a đảng ủy cơ sở, so it applies; a chi bộ cơ sở has no đảng ủy above it inside
    the grassroots organisation, so its resolution goes straight to the upper committee.
    """
    return cell_level in (org.CHI_BO, org.TO_DANG)


def check_step_date(on: date, *, previous_on: date | None, today: date) -> None:
    """Refuse a step dated in the future (``date.in_future``) or before the previous step
    (``admission.step_before_previous``, day, previous_on); the same day is allowed.

    The pipeline of DOMAIN.md §2 is a sequence of dated papers: each follows the one before.
    Reads no profile field.
    """
    if on > today:
        raise RuleViolation("date.in_future", day=on, today=today)
    if previous_on is not None and on < previous_on:
        raise RuleViolation("admission.step_before_previous", day=on, previous_on=previous_on)


# --- conditions of the person ------------------------------------------------------------------


def age_in_months(birth: date, on: date) -> int:
    """Age in completed calendar months on ``on`` (DOMAIN.md §2 [S1, S2]: "counted in months").

    Born 29/2/2008: 216 months on 28/2/2026 (end-of-month clamp, as :func:`add_months`).
    Reads no profile field.
    """
    return completed_months(birth, on)


def check_admission_age(
    birth: date, vote_date: date, *, profile: RegulationProfile, over_age_approved: bool = False
) -> int:
    """Refuse an age outside the limits at the date the chi bộ considers the admission.

    DOMAIN.md §2 [S1, S2; 24/232-QĐ/TW §1.1]: from full 18 to full 60 years, counted in months,
    inclusive (``profile.admission_age_min_months`` 216, ``admission_age_max_months`` 720). Below:
    never (``admission.too_young``, months, min). Above: only when the written approval of the
    TW-direct committee was recorded first (``admission.over_age_needs_approval``, months, max)
    [S16; 01-HD/TW §1.1]. Returns the age in months.
    """
    months = age_in_months(birth, vote_date)
    if months < profile.admission_age_min_months:
        raise RuleViolation("admission.too_young", months=months, min=profile.admission_age_min_months)
    if months > profile.admission_age_max_months and not over_age_approved:
        raise RuleViolation(
            "admission.over_age_needs_approval", months=months, max=profile.admission_age_max_months
        )
    return months


@dataclass(frozen=True)
class IntroducerFacts:
    """What the rule needs to know of one introducer (người giới thiệu)."""

    name: str
    official: bool  # an official member (not probationary, not left)
    together_since: date | None  # since when they work/live with the candidate in the same unit
    replacement: bool = False  # assigned by the chi bộ to replace one who moved or was disciplined


def check_introducers(
    introducers: Iterable[IntroducerFacts], *, on: date, profile: RegulationProfile
) -> None:
    """Refuse introducers who do not meet the charter's conditions on ``on``.

    DOMAIN.md §2 [S6, S60; 24-QĐ/TW §3.2.1–3.2.2]: each introducer is an official member
    (``admission.introducer_not_official``, name) who has worked, studied or lived with the
    candidate in the same unit for at least ``profile.introducer_min_months_together`` (12)
    months (``admission.introducer_too_recent``, name, months, min); the condition is waived for a
    replacement assigned by the chi bộ. Their number is ``profile.introducers_required`` (1 or 2,
    unresolved in the sources [S13, S17]: ``admission.introducers_count``, required, given).
    """
    people = list(introducers)
    if len(people) < profile.introducers_required:
        raise RuleViolation(
            "admission.introducers_count", required=profile.introducers_required, given=len(people)
        )
    for person in people:
        if not person.official:
            raise RuleViolation("admission.introducer_not_official", name=person.name)
        if person.replacement:
            continue
        months = completed_months(person.together_since, on) if person.together_since else 0
        if months < profile.introducer_min_months_together:
            raise RuleViolation(
                "admission.introducer_too_recent",
                name=person.name,
                months=months,
                min=profile.introducer_min_months_together,
            )


def certificate_valid(issued_on: date, on: date, profile: RegulationProfile) -> bool:
    """Whether the awareness-class certificate issued on ``issued_on`` is still valid on ``on``.

    DOMAIN.md §2 [S15, S14]: valid for ``profile.awareness_certificate_valid_months`` (60)
    months; valid through the day before the same day of month 60 months later (issued 29/2/2024 →
    valid until 27/2/2029, expired on 28/2/2029). A certificate cannot be used before it is issued.
    """
    return issued_on <= on < add_months(issued_on, profile.awareness_certificate_valid_months)


def certificate_expires_on(issued_on: date, profile: RegulationProfile) -> date:
    """The first day the certificate is no longer valid (:func:`certificate_valid`)."""
    return add_months(issued_on, profile.awareness_certificate_valid_months)


def dossier_stale(completed_on: date, on: date, profile: RegulationProfile) -> bool:
    """Whether a dossier completed on ``completed_on`` and not yet voted on must be redone by ``on``.

    DOMAIN.md §2 [S14; 01-HD/TW]: a dossier older than ``profile.dossier_redo_after_months`` (12)
    months without a chi bộ vote → the introducer's letter, the Đoàn resolution and the synthesis of
    comments are redone. Older than 12 months = on or after the same day 12 months later.
    """
    return on >= add_months(completed_on, profile.dossier_redo_after_months)


#: The papers of the admission dossier, 12-HD/BTCTW (2022) §II.1.1 [S13] (DOMAIN.md §2), in order:
#: (code, required). The Đoàn / công đoàn resolution is "if any".
DOSSIER_PAPERS: tuple[tuple[str, bool], ...] = (
    ("certificate", True),  # Giấy chứng nhận bồi dưỡng nhận thức về Đảng
    ("application", True),  # Đơn xin vào Đảng
    ("cv", True),  # Lý lịch của người xin vào Đảng
    ("verification", True),  # Thẩm tra lý lịch
    ("introducer_letter", True),  # Giấy giới thiệu của đảng viên chính thức
    ("youth_union_resolution", False),  # Nghị quyết giới thiệu của Đoàn / công đoàn (nếu có)
    ("comments", True),  # Tổng hợp ý kiến nhận xét của đoàn thể nơi làm việc và chi ủy nơi cư trú
)
#: Papers to redo when the dossier is stale (DOMAIN.md §2 [S14]).
REDO_PAPERS = ("introducer_letter", "youth_union_resolution", "comments")


def missing_papers(present: Collection[str]) -> list[str]:
    """The required papers of the dossier not yet recorded, in the order of 12-HD/BTCTW [S13]."""
    return [code for code, required in DOSSIER_PAPERS if required and code not in present]


# --- votes ----------------------------------------------------------------------------------


def votes_required(official_members: int, profile: RegulationProfile) -> int:
    """Votes in favour needed to admit, recognise or remove: at least two thirds of the chi bộ's
    official members, rounded up (DOMAIN.md §2 [S7; 24-QĐ/TW §4.2.3], ``profile.special_vote_ratio``).

    9 official members → 6; 10 → 7; 0 → 0 (the caller refuses a vote of an empty cell).
    """
    ratio = profile.special_vote_ratio
    return math.ceil(official_members * ratio.numerator / ratio.denominator)


def check_vote(*, official_members: int, in_favour: int, against: int, profile: RegulationProfile) -> bool:
    """Check a chi bộ vote's counts and say whether it passed (≥ 2/3 of the official members).

    Refusals: no official member (``admission.vote_no_members``), a negative count
    (``admission.vote_negative``), more votes than official members
    (``admission.vote_exceeds_members``, votes, members). DOMAIN.md §2 [S7]. Reads
    ``profile.special_vote_ratio``.
    """
    if official_members <= 0:
        raise RuleViolation("admission.vote_no_members")
    if in_favour < 0 or against < 0:
        raise RuleViolation("admission.vote_negative")
    if in_favour + against > official_members:
        raise RuleViolation(
            "admission.vote_exceeds_members", votes=in_favour + against, members=official_members
        )
    return in_favour >= votes_required(official_members, profile)


def escalation_due(failed_votes: int, profile: RegulationProfile) -> bool:
    """After ``profile.failed_votes_before_escalation`` (3) failed votes the chi bộ reports to the
    upper committee (DOMAIN.md §2 [S7; 24-QĐ/TW §4.2.3])."""
    return failed_votes >= profile.failed_votes_before_escalation


# --- who decides ------------------------------------------------------------------------------

GRASSROOTS_COMMITTEE = "grassroots"  # the đảng ủy cơ sở with delegated authority (collective)
UPPER_STANDING_BOARD = "upper"  # the standing board of the upper committee


def deciding_body(grassroots_level: str, *, delegated: bool) -> str:
    """Who signs the admission and recognition decisions.

    DOMAIN.md §2 [S9; 232-QĐ/TW §4.3.2]: the đảng ủy cơ sở that holds delegated authority (ủy
    quyền kết nạp) decides collectively; otherwise the standing board of the upper committee. A chi
    bộ cơ sở has no đảng ủy, so its candidates are always decided above. Reads no profile field.
    """
    if grassroots_level == org.DANG_BO_CO_SO and delegated:
        return GRASSROOTS_COMMITTEE
    return UPPER_STANDING_BOARD


# --- deadlines ------------------------------------------------------------------------------


def decision_due(
    cell_resolution_date: date,
    profile: RegulationProfile,
    *,
    extra_days_off: Collection[date] = (),
    extra_working_days: Collection[date] = (),
) -> date:
    """The last day for the competent committee to decide on an admission.

    DOMAIN.md §2 [S8, S9; 232/29 §4.3.1]: within ``profile.admission_decision_working_days`` (60)
    working days of the chi bộ's resolution (counted with ``chibo.rules.workdays``).
    """
    return add_working_days(
        cell_resolution_date,
        profile.admission_decision_working_days,
        extra_days_off=extra_days_off,
        extra_working_days=extra_working_days,
    )


def ceremony_due(
    decision_received_on: date,
    profile: RegulationProfile,
    *,
    extra_days_off: Collection[date] = (),
    extra_working_days: Collection[date] = (),
) -> date:
    """The last day to hold the admission ceremony (lễ kết nạp).

    DOMAIN.md §2 [S7, S8; §4.1]: within ``profile.ceremony_working_days`` (30) working days of
    receiving the decision; later only with the upper committee's consent.
    """
    return add_working_days(
        decision_received_on,
        profile.ceremony_working_days,
        extra_days_off=extra_days_off,
        extra_working_days=extra_working_days,
    )


def recognition_decision_due(
    recognition_resolution_date: date,
    profile: RegulationProfile,
    *,
    extra_days_off: Collection[date] = (),
    extra_working_days: Collection[date] = (),
) -> date:
    """The last day for the competent committee to decide on a recognition as official member.

    DOMAIN.md §2 [S8, S9]: within ``profile.recognition_decision_working_days`` (30) working days
    of the chi bộ's recognition resolution.
    """
    return add_working_days(
        recognition_resolution_date,
        profile.recognition_decision_working_days,
        extra_days_off=extra_days_off,
        extra_working_days=extra_working_days,
    )
