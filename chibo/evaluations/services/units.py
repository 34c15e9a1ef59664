"""Organisations' evaluation: their score, the upper committee's decision, corrections."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from chibo.accounts.roles import Action
from chibo.core import audit
from chibo.core.scoping import require, subtree_q
from chibo.evaluations.models import (
    Correction,
    Status,
    UnitEvaluation,
)
from chibo.evaluations.services._common import (
    NO_CONDITIONS,
    Conditions,
    _check_day,
    _check_not_decided,
    _check_quota,
    _check_year,
    _correct,
    _decision,
    _grade_of,
    _overrides,
    _review,
    disciplined_units,
)
from chibo.organizations.models import Unit
from chibo.rules import evaluation as rules
from chibo.rules.errors import RuleViolation

# --- organisations ----------------------------------------------------------------------------


@transaction.atomic
def unit_evaluation_review(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    score: Any,
    on: date,
    conditions: Conditions = NO_CONDITIONS,
    subordinate_disciplined: bool = False,
    note: str = "",
) -> UnitEvaluation:
    """The organisation's score and conditions for the year, with the grade they propose
    (``collective=True``: no HTXSNV when a subordinate unit or leadership member was disciplined —
    recorded here, or known to chibo.discipline for a unit of its subtree; DOMAIN.md §6 [S36])."""
    unit = Unit.objects.get(pk=unit.pk)
    require(actor, Action.MANAGE, unit)
    upper = unit.parent_unit()
    if upper is None:
        raise RuleViolation("evaluation.no_upper_committee", unit=unit.name)
    _check_year(year)
    _check_day(on, year)
    subtree = Unit.objects.filter(subtree_q(unit.path)).values_list("pk", flat=True)
    known = bool(disciplined_units(subtree, year))
    grade = _grade_of(
        score, conditions, year, collective=True, subordinate_disciplined=subordinate_disciplined or known
    )
    evaluation = UnitEvaluation.objects.select_for_update().filter(unit=unit, year=year).first()
    evaluation = evaluation or UnitEvaluation(unit=unit, year=year, deciding=upper)
    _check_not_decided(evaluation)
    before = audit.snapshot(evaluation, ["status", "score", "proposed_grade"]) if evaluation.pk else None
    evaluation.subordinate_disciplined = subordinate_disciplined or known
    evaluation.disciplined = unit.pk in disciplined_units([unit.pk], year)
    evaluation.deciding = upper
    _review(evaluation, score=score, conditions=conditions, grade=grade, on=on, note=note)
    evaluation.save()
    audit.record(
        actor=actor, action="evaluation.unit_review", target=evaluation, unit=unit, before=before,
        after={"year": year, "score": str(evaluation.score), "grade": grade}, effective_on=on,
    )  # fmt: skip
    return evaluation


@transaction.atomic
def unit_grades_decide(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    decision_number: str,
    decided_on: date,
    grades: Mapping[int, str] | None = None,
) -> int:
    """The upper committee decides the grades of all reviewed organisations it decides for the year,
    with the same 20% quota among them (DOMAIN.md §6 [S37, S38])."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    require(actor, Action.MANAGE, unit)
    _check_year(year)
    _check_day(decided_on, year)
    number = _decision(decision_number)
    rows = UnitEvaluation.objects.select_for_update().filter(deciding=unit, year=year)
    pending = list(rows.filter(status=Status.REVIEWED).select_related("unit"))
    if not pending:
        raise RuleViolation("evaluation.nothing_to_decide", year=year)
    chosen = _overrides(grades, pending, year)
    decided = list(rows.filter(status=Status.DECIDED).values_list("grade", flat=True))
    _check_quota([*decided, *chosen.values()], year)
    for evaluation in pending:
        evaluation.grade, evaluation.status = chosen[evaluation.pk], Status.DECIDED
        evaluation.decided_on, evaluation.decision_number = decided_on, number
    UnitEvaluation.objects.bulk_update(pending, ["grade", "status", "decided_on", "decision_number"])
    audit.record_batch(
        actor=actor, action="evaluation.unit_decide", target=unit, unit=unit,
        counts={"decided": len(pending), **rules.count_grades(chosen.values())}, effective_on=decided_on,
        note=number, after={"year": year},
    )  # fmt: skip
    return len(pending)


@transaction.atomic
def unit_grade_correct(
    *, actor: Any, evaluation: UnitEvaluation, grade: str, reason: str, decision_number: str, decided_on: date
) -> Correction:
    """Change a decided organisation grade by a later decision of the upper committee."""
    evaluation = (
        UnitEvaluation.objects.select_for_update().select_related("deciding", "unit").get(pk=evaluation.pk)
    )
    require(actor, Action.MANAGE, evaluation.deciding)
    others = UnitEvaluation.objects.filter(
        deciding=evaluation.deciding, year=evaluation.year, status=Status.DECIDED
    )
    details = _correct(
        evaluation, others=others, grade=grade, reason=reason, decision_number=decision_number,
        decided_on=decided_on,
    )  # fmt: skip
    correction = Correction.objects.create(
        unit_evaluation=evaluation,
        unit=evaluation.unit,
        old_grade=evaluation.grade,
        new_grade=grade,
        **details,
    )
    evaluation.grade = grade
    evaluation.save(update_fields=["grade"])
    audit.record(
        actor=actor, action="evaluation.unit_correct", target=evaluation, unit=evaluation.deciding,
        before={"grade": correction.old_grade},
        after={"grade": grade, "decision_number": details["decision_number"]},
        effective_on=decided_on, note=details["reason"],
    )  # fmt: skip
    return correction
