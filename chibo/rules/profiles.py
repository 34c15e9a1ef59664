"""Effective-dated regulation profiles.

Every number a regulation sets is a field here, so that a new regulation is a new
profile (a data change), never an edit of the rules that read it. A profile is in
force from its ``effective_from`` until the next profile starts. ``profile_on(day)``
answers which one applies; a deployment can override fields (settings
``CHIBO_REGULATION_OVERRIDES``, applied by ``chibo.core.regulations``).

Sources: ../shared/DOMAIN.md §0 (which documents are in force) and the section
named beside each field. Fields whose source is M or L confidence in DOMAIN.md are
exactly the ones a deployment is most likely to override.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from chibo.rules.errors import RuleViolation


@dataclass(frozen=True)
class RegulationProfile:
    """The parameters of the regulations in force from ``effective_from``."""

    key: str
    effective_from: date
    sources: tuple[str, ...]

    # §1 Organisation types and hierarchy [S18, S19, S4]
    min_official_members_for_org: int = 3  # <3 official members cannot stand alone (H)
    dang_bo_co_so_threshold: int = 30  # ≥30 members → đảng bộ cơ sở (H)
    chi_uy_threshold: int = 9  # chi bộ with ≥9 official members elects a chi ủy (H)
    max_chi_uy_members: int | None = None  # 294-QĐ/TW: ≤7 chi ủy viên (M)

    # §2 Admission and probation [S1, S6, S7, S8, S9, S13, S14, S15, S17]
    admission_age_min_months: int = 216  # full 18 years (H)
    admission_age_max_months: int = 720  # full 60 years; above needs approval (H)
    introducers_required: int = 2  # unresolved 1 or 2 (M/L): override per deployment
    introducer_min_months_together: int = 12  # (H)
    awareness_certificate_valid_months: int = 60  # (M)
    dossier_redo_after_months: int = 12  # (M)
    admission_decision_working_days: int = 60  # (H)
    ceremony_working_days: int = 30  # (H)
    probation_months: int = 12  # (H)
    recognition_vote_working_days: int = 30  # (H)
    recognition_decision_working_days: int = 30  # (H)
    decision_extension_working_days: int = 30  # special cases (H)
    special_vote_ratio: Fraction = Fraction(2, 3)  # admission/recognition/removal (H)
    failed_votes_before_escalation: int = 3  # (H)
    readmissions_allowed: int = 1  # (H)

    # §3 Cell meetings [S24, S25, S27]
    regular_meeting_min_minutes: int = 90  # HD 42/2025 (M)
    combined_meeting_min_minutes: int = 120  # HD 42/2025 (M)
    materials_days_ahead: int = 1  # HD 42/2025 (M)
    thematic_meetings_per_quarter: int = 1  # (M)
    resolution_majority_ratio: Fraction = Fraction(1, 2)  # strictly more than (H)
    probationary_members_vote: bool = False  # Điều lệ art.5: no vote while on probation (not in DOMAIN: L)

    exemption_old_age_male_years: int = 60  # past working age, 27-HD/BTCTW 2009 [S29] (M)
    exemption_old_age_female_years: int = 55  # (M)

    # §4 Removal triggers [S31]
    removal_absent_months_per_year: int = 3  # (H)
    removal_no_progress_months: int = 12  # (H)
    removal_violation_years_running: int = 2  # (H)

    # §5 Transfers [S33, S34]
    transfer_permanent_working_days: int = 60  # (H)
    transfer_letter_working_days: int = 30  # (H)
    temporary_transfer_min_months: int = 3  # (H)
    temporary_transfer_max_months: int = 12  # work/residence: 3 months to <1 year (H)
    temporary_study_max_months: int = 24  # training 3 months to 2 years (M)

    # §6 Evaluation [S35, S36, S38]
    evaluation_regulation: str = "124-QĐ/TW"
    grade_excellent_min_score: int = 90  # (M)
    grade_good_min_score: int = 70  # (M)
    grade_pass_min_score: int = 50  # (M; inferred)
    excellent_quota_ratio: Fraction = Fraction(1, 5)  # ≤20% of HTTNV (H 2019, M now)
    disciplined_member_grade_cap: str = "KHTNV"  # (H 2019, L under 366)
    excellent_min_exceeding_share: Fraction = Fraction(3, 10)  # HTXSNV: ≥30% of tasks exceeding [S36] (M)
    collective_pass_max_late_share: Fraction = Fraction(1, 5)  # HTNV collective: ≤20% tasks late [S36] (M)
    probationary_member_grade_cap: str | None = None  # §6: cap "not found" (L): None = no cap

    # §7 Discipline [S42, S43]
    limitation_years_reprimand: int = 5  # khiển trách (H)
    limitation_years_warning: int = 10  # cảnh cáo / cách chức (H)
    org_limitation_years_reprimand: int = 5  # organisations, khiển trách: 07-QĐi/TW 2018 [S42] (H)
    org_limitation_years_warning: int = 10  # organisations, cảnh cáo: 07-QĐi/TW 2018 [S42] (H)
    discipline_effect_months: int = 12  # (H)

    # §8 Badges [S46]
    badge_thresholds_years: tuple[int, ...] = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
    badge_award_days: tuple[tuple[int, int], ...] = ((2, 3), (5, 19), (9, 2), (11, 7))  # (month, day)
    badge_early_illness_months_low: int = 12  # thresholds 30–65 (H)
    badge_early_illness_months_high: int = 24  # thresholds 70–90 (H)
    badge_early_high_from_years: int = 70  # (H)
    badge_posthumous_early_months: int = 12  # (H)

    # §10 Congress terms [S19, S4, S50]
    cell_congresses_per_five_years: int = 2  # (H); 294 pilots 1 (M)
    congress_shift_max_months: int = 6  # (H)
    dang_bo_term_years: int = 5  # (L/M)

    notes: tuple[str, ...] = field(default=())

    def with_overrides(self, overrides: dict[str, Any]) -> RegulationProfile:
        """A copy with some fields replaced; unknown names are refused."""
        known = {f.name for f in dataclasses.fields(self)} - {"key", "effective_from", "sources"}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise RuleViolation("profile.unknown_field", fields=", ".join(unknown))
        return dataclasses.replace(self, **overrides)


_P24 = RegulationProfile(
    key="24-QĐ/TW",
    effective_from=date(2021, 7, 30),
    sources=("24-QĐ/TW (30/7/2021)", "01-HD/TW (28/9/2021)", "12-HD/BTCTW (18/01/2022)"),
)
_P124 = dataclasses.replace(
    _P24,
    key="24-QĐ/TW + 124-QĐ/TW",
    effective_from=date(2023, 10, 4),
    sources=(*_P24.sources, "124-QĐ/TW (4/10/2023)"),
)
_P232 = dataclasses.replace(
    _P124,
    key="232-QĐ/TW",
    effective_from=date(2025, 1, 20),
    sources=("232-QĐ/TW (20/01/2025)", "01-HD/TW (28/9/2021)", "12-HD/BTCTW (18/01/2022)", "124-QĐ/TW"),
)
_P294 = dataclasses.replace(
    _P232,
    key="294-QĐ/TW",
    effective_from=date(2025, 7, 1),
    sources=("294-QĐ/TW (26/5/2025, in force 01/7/2025)", "01-HD/TW", "12-HD/BTCTW", "124-QĐ/TW"),
    max_chi_uy_members=7,
)
_P366 = dataclasses.replace(
    _P294,
    key="294-QĐ/TW + 366-QĐ/TW",
    effective_from=date(2025, 8, 30),
    sources=(*_P294.sources[:-1], "366-QĐ/TW (30/8/2025)"),
    evaluation_regulation="366-QĐ/TW",
)
_P42 = dataclasses.replace(
    _P366,
    key="294-QĐ/TW + 366-QĐ/TW + 42-HD/BTCTW",
    effective_from=date(2025, 10, 28),
    sources=(*_P366.sources, "42-HD/BTCTW (28/10/2025)", "43-HD/BTCTW (31/10/2025)"),
)

#: All built-in profiles, oldest first. Append a new one for a new regulation.
PROFILES: tuple[RegulationProfile, ...] = (_P24, _P124, _P232, _P294, _P366, _P42)


def profile_on(
    day: date,
    *,
    overrides: dict[str, Any] | None = None,
    profiles: tuple[RegulationProfile, ...] = PROFILES,
) -> RegulationProfile:
    """The profile in force on ``day`` (the latest whose ``effective_from`` ≤ day).

    Days before the first profile use the first one: chibo records history back to
    the founding of units and members, and the numbers of 24-QĐ/TW were carried
    over from earlier regulations for the rules it applies (DOMAIN.md §0).
    """
    chosen = profiles[0]
    for profile in profiles:
        if profile.effective_from <= day:
            chosen = profile
        else:
            break
    return chosen.with_overrides(overrides) if overrides else chosen
