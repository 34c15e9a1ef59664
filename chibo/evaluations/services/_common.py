"""What the evaluation services share: the inputs, the reads (profile of the year, grassroots
organisation, applicable table, discipline facts) and the checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from chibo.core import regulations
from chibo.discipline.selectors import disciplined_member_ids, disciplined_unit_ids
from chibo.evaluations.models import (
    MemberEvaluation,
    ScoringTable,
    Status,
    UnitEvaluation,
)
from chibo.members.models import Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules import evaluation as rules
from chibo.rules import organizations as org_rules
from chibo.rules.errors import RuleViolation
from chibo.rules.profiles import RegulationProfile
from chibo.rules.text import normalize

GRASSROOTS_LEVELS = (org_rules.CHI_BO_CO_SO, org_rules.DANG_BO_CO_SO)
FIRST_YEAR = 2000


@dataclass(frozen=True)
class CriterionSpec:
    group: str  # "common" or "tasks"
    code: str
    text: str
    max_points: Decimal


@dataclass(frozen=True)
class Conditions:
    """What the reviewing body records beside the score (DOMAIN.md §6 [S36])."""

    all_tasks_on_time: bool = True
    exceeding_share: Decimal | None = None
    late_share: Decimal = Decimal(0)
    disqualified: bool = False


#: No extra condition recorded: all tasks on time, none late, no exceeding share, not disqualified.
NO_CONDITIONS = Conditions()


# --- shared reads ---------------------------------------------------------------------------


def year_profile(year: int) -> RegulationProfile:
    """The regulation profile in force at the end of the evaluated year."""
    return regulations.profile(date(year, 12, 31))


def grassroots_unit(unit: Unit) -> Unit:
    """The grassroots organisation (chi bộ cơ sở or đảng bộ cơ sở) a cell belongs to: its
    committee decides the members' grades and the 20% quota counts there (DOMAIN.md §6 [S38])."""
    if unit.level in GRASSROOTS_LEVELS:
        return unit
    for ancestor in reversed(list(unit.ancestor_units())):
        if ancestor.level in GRASSROOTS_LEVELS:
            return ancestor
    raise RuleViolation("evaluation.no_grassroots", unit=unit.name)


def applicable_table(unit: Unit, year: int, subject: str) -> ScoringTable | None:
    """The scoring table for ``unit`` in ``year``: its own, else the nearest ancestor's."""
    prefixes = [unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    return (
        ScoringTable.objects.filter(unit__path__in=prefixes, year=year, subject=subject)
        .select_related("unit")
        .order_by("-unit__depth")
        .first()
    )


def disciplined_members(member_ids: Iterable[int], year: int) -> set[int]:
    """The members among ``member_ids`` with a discipline decided in ``year`` (chibo.discipline)."""
    return disciplined_member_ids(member_ids, year)


def disciplined_units(unit_ids: Iterable[int], year: int) -> set[int]:
    """The organisations among ``unit_ids`` with a discipline decided in ``year`` (chibo.discipline)."""
    return disciplined_unit_ids(unit_ids, year)


# --- checks ---------------------------------------------------------------------------------


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= regulations.today().year:
        raise RuleViolation(
            "evaluation.year_range", year=year, first=FIRST_YEAR, last=regulations.today().year
        )


def _check_day(day: date, year: int) -> None:
    today = regulations.today()
    if day > today:
        raise RuleViolation("date.in_future", day=day, today=today)
    if day.year < year:
        raise RuleViolation("evaluation.date_before_year", day=day, year=year)


def _decimal(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise RuleViolation("evaluation.score_range", score=value, min=0, max=100) from exc
    if not number.is_finite():
        raise RuleViolation("evaluation.score_range", score=value, min=0, max=100)
    return number


def _decision(number: str) -> str:
    if not number.strip():
        raise RuleViolation("admission.number_required")
    return normalize(number)


def _review(
    evaluation: MemberEvaluation | UnitEvaluation,
    *,
    score: Any,
    conditions: Conditions,
    grade: str,
    on: date,
    note: str,
) -> None:
    evaluation.score = _decimal(score, "score")
    evaluation.all_tasks_on_time = conditions.all_tasks_on_time
    evaluation.exceeding_share = conditions.exceeding_share
    evaluation.late_share = conditions.late_share
    evaluation.disqualified = conditions.disqualified
    evaluation.proposed_grade = grade
    evaluation.reviewed_on = on
    evaluation.review_note = normalize(note)
    evaluation.status = Status.REVIEWED


def _grade_of(score: Any, conditions: Conditions, year: int, **collective: Any) -> str:
    return rules.grade_for_score(
        rules.check_score(_decimal(score, "score")),
        profile=year_profile(year),
        all_tasks_on_time=conditions.all_tasks_on_time,
        exceeding_share=conditions.exceeding_share,
        late_share=conditions.late_share,
        disqualified=conditions.disqualified,
        **collective,
    )


def _check_not_decided(evaluation: MemberEvaluation | UnitEvaluation) -> None:
    if evaluation.status == Status.DECIDED:
        raise RuleViolation("evaluation.already_decided", year=evaluation.year)


def _check_active(member: Member) -> None:
    if member.status not in (MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY):
        raise RuleViolation("evaluation.member_inactive", name=member.full_name)


def _check_quota(grades: Iterable[str], year: int) -> None:
    rules.check_quota(grades, year_profile(year))


def _overrides(grades: Mapping[int, str] | None, pending: Sequence[Any], year: int) -> dict[int, str]:
    """The grade each pending evaluation gets: the committee's choice, never better than the cap."""
    chosen = {int(k): rules.check_grade(v) for k, v in (grades or {}).items()}
    unknown = set(chosen) - {e.pk for e in pending}
    if unknown:
        raise RuleViolation("evaluation.not_pending", ids=", ".join(map(str, sorted(unknown))))
    result = {}
    profile = year_profile(year)
    for evaluation in pending:
        grade = chosen.get(evaluation.pk, evaluation.proposed_grade)
        probationary = getattr(evaluation, "probationary", False)
        capped = rules.cap_grade(
            grade, disciplined_in_year=evaluation.disciplined, profile=profile, probationary=probationary
        )
        if capped != grade and evaluation.pk in chosen:
            raise RuleViolation("evaluation.grade_capped", name=str(evaluation), grade=grade, cap=capped)
        result[evaluation.pk] = capped  # a proposal made before a discipline was recorded is capped
    return result


def _correct(
    evaluation: MemberEvaluation | UnitEvaluation,
    *,
    others: Any,
    grade: str,
    reason: str,
    decision_number: str,
    decided_on: date,
) -> dict[str, Any]:
    if evaluation.status != Status.DECIDED:
        raise RuleViolation("evaluation.not_decided")
    rules.check_grade(grade)
    if not reason.strip():
        raise RuleViolation("admission.reason_required")
    number = _decision(decision_number)
    _check_day(decided_on, evaluation.year)
    if grade == evaluation.grade:
        raise RuleViolation("evaluation.grade_unchanged", grade=grade)
    probationary = getattr(evaluation, "probationary", False)
    capped = rules.cap_grade(
        grade,
        disciplined_in_year=evaluation.disciplined,
        profile=year_profile(evaluation.year),
        probationary=probationary,
    )
    if capped != grade:
        raise RuleViolation("evaluation.grade_capped", name=str(evaluation), grade=grade, cap=capped)
    decided = list(others.exclude(pk=evaluation.pk).values_list("grade", flat=True))
    _check_quota([*decided, grade], evaluation.year)
    return {"reason": normalize(reason), "decision_number": number, "decided_on": decided_on}
