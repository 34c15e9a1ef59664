"""Members' evaluation: self-assessment, the cell's review, the committee's decision, corrections."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from chibo.accounts.roles import Action
from chibo.core import audit, regulations
from chibo.core.scoping import require
from chibo.evaluations.models import (
    Correction,
    MemberEvaluation,
    Status,
    Subject,
)
from chibo.evaluations.services import _notify
from chibo.evaluations.services._common import (
    GRASSROOTS_LEVELS,
    NO_CONDITIONS,
    Conditions,
    _check_active,
    _check_day,
    _check_not_decided,
    _check_quota,
    _check_year,
    _correct,
    _decimal,
    _decision,
    _grade_of,
    _overrides,
    _review,
    applicable_table,
    disciplined_members,
    grassroots_unit,
    year_profile,
)
from chibo.members.models import Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules import evaluation as rules
from chibo.rules.errors import RuleViolation

# --- members ----------------------------------------------------------------------------------


def _member_evaluation(member: Member, year: int) -> MemberEvaluation:
    """The member's evaluation for the year, locked, or a new unsaved one in the member's cell."""
    found = MemberEvaluation.objects.select_for_update().filter(member=member, year=year).first()
    if found is not None:
        return found
    return MemberEvaluation(
        member=member,
        year=year,
        unit=member.unit,
        grassroots=grassroots_unit(member.unit),
        probationary=member.status == MemberStatus.PROBATIONARY,
    )


@transaction.atomic
def member_self_assess(
    *, actor: Any, member: Member, year: int, points: Mapping[str, Any], text: str = ""
) -> MemberEvaluation:
    """The member's own self-assessment (Mẫu 2A/2B/2C): points per criterion of the scoring table,
    each 0..its maximum, their total and the grade it gives; only by the member's own account."""
    member = Member.objects.select_related("unit").get(pk=member.pk)
    if actor is not None and (member.user_id is None or member.user_id != actor.pk):
        raise RuleViolation("evaluation.not_your_record")
    _check_active(member)
    _check_year(year)
    table = applicable_table(member.unit, year, Subject.MEMBER)
    if table is None:
        raise RuleViolation("evaluation.no_table", year=year)
    criteria = list(table.criteria.all())
    unknown = set(points) - {c.code for c in criteria}
    if unknown:
        raise RuleViolation("evaluation.criterion_unknown", code=", ".join(sorted(unknown)))
    given: dict[str, str] = {}
    for criterion in criteria:
        if points.get(criterion.code) in (None, ""):
            raise RuleViolation("evaluation.points_missing", code=criterion.code)
        value = _decimal(points[criterion.code], criterion.code)
        rules.check_points(criterion.code, value, criterion.max_points)
        given[criterion.code] = str(value)
    score = sum((Decimal(v) for v in given.values()), Decimal(0))
    evaluation = _member_evaluation(member, year)
    _check_not_decided(evaluation)
    if evaluation.status == Status.REVIEWED:
        raise RuleViolation("evaluation.already_reviewed", year=year)
    evaluation.self_points, evaluation.self_score = given, score
    evaluation.self_grade = rules.score_band(score, profile=year_profile(year))
    evaluation.self_text, evaluation.self_on = text.strip(), regulations.today()
    evaluation.status = Status.SELF_ASSESSED
    evaluation.save()
    audit.record(
        actor=actor,
        action="evaluation.self_assess",
        target=evaluation,
        unit=evaluation.unit,
        after={"year": year, "score": str(score), "grade": evaluation.self_grade, "table": table.pk},
        effective_on=evaluation.self_on,
    )
    return evaluation


@transaction.atomic
def member_evaluation_review(
    *,
    actor: Any,
    member: Member,
    year: int,
    score: Any,
    on: date,
    conditions: Conditions = NO_CONDITIONS,
    note: str = "",
) -> MemberEvaluation:
    """The cell's review: the score (0–100), the conditions, and the grade they propose — capped for a
    member disciplined in the year and, if the profile sets one, for a probationary member
    (DOMAIN.md §6 [S36, S38])."""
    member = Member.objects.select_related("unit").get(pk=member.pk)
    require(actor, Action.MANAGE, member.unit)
    _check_active(member)
    _check_year(year)
    _check_day(on, year)
    grade = _grade_of(score, conditions, year)
    evaluation = _member_evaluation(member, year)
    _check_not_decided(evaluation)
    if evaluation.self_on and on < evaluation.self_on:
        raise RuleViolation("evaluation.review_before_self", day=on, self_on=evaluation.self_on)
    evaluation.disciplined = member.pk in disciplined_members([member.pk], year)
    capped = rules.cap_grade(
        grade,
        disciplined_in_year=evaluation.disciplined,
        profile=year_profile(year),
        probationary=evaluation.probationary,
    )
    before = audit.snapshot(evaluation, ["status", "score", "proposed_grade"]) if evaluation.pk else None
    _review(evaluation, score=score, conditions=conditions, grade=capped, on=on, note=note)
    evaluation.save()
    audit.record(
        actor=actor,
        action="evaluation.review",
        target=evaluation,
        unit=evaluation.unit,
        before=before,
        after={"year": year, "score": str(evaluation.score), "grade": capped, "by_score": grade},
        effective_on=on,
    )
    _notify.reviewed(actor, evaluation)
    return evaluation


@transaction.atomic
def member_grades_decide(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    decision_number: str,
    decided_on: date,
    grades: Mapping[int, str] | None = None,
) -> int:
    """The grassroots committee decides, in one step, the grades of all its reviewed members for the
    year (the proposed grade, or the committee's in ``grades`` by evaluation id). Refused while a
    self-assessment waits for its review, or when HTXSNV would exceed 20% of HTTNV across the
    organisation's decided grades of the year (DOMAIN.md §6 [S38])."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    require(actor, Action.MANAGE, unit)
    if unit.level not in GRASSROOTS_LEVELS:
        raise RuleViolation("evaluation.not_grassroots", unit=unit.name)
    _check_year(year)
    _check_day(decided_on, year)
    number = _decision(decision_number)
    rows = MemberEvaluation.objects.select_for_update().filter(grassroots=unit, year=year)
    waiting = list(rows.filter(status=Status.SELF_ASSESSED).select_related("member")[:5])
    if waiting:
        raise RuleViolation("evaluation.not_reviewed", names=", ".join(e.member.full_name for e in waiting))
    pending = list(rows.filter(status=Status.REVIEWED).select_related("member"))
    if not pending:
        raise RuleViolation("evaluation.nothing_to_decide", year=year)
    # the discipline recorded since the review caps too
    late = disciplined_members([e.member_id for e in pending], year)
    for evaluation in pending:
        evaluation.disciplined = evaluation.disciplined or evaluation.member_id in late
    chosen = _overrides(grades, pending, year)
    decided = list(rows.filter(status=Status.DECIDED).values_list("grade", flat=True))
    _check_quota([*decided, *chosen.values()], year)
    for evaluation in pending:
        evaluation.grade, evaluation.status = chosen[evaluation.pk], Status.DECIDED
        evaluation.decided_on, evaluation.decision_number = decided_on, number
    MemberEvaluation.objects.bulk_update(
        pending, ["grade", "status", "decided_on", "decision_number", "disciplined"], batch_size=500
    )
    audit.record_batch(
        actor=actor,
        action="evaluation.decide",
        target=unit,
        unit=unit,
        counts={"decided": len(pending), **rules.count_grades(chosen.values())},
        effective_on=decided_on,
        note=number,
        after={"year": year},
    )
    _notify.decided(actor, pending)
    return len(pending)


@transaction.atomic
def member_grade_correct(
    *,
    actor: Any,
    evaluation: MemberEvaluation,
    grade: str,
    reason: str,
    decision_number: str,
    decided_on: date,
) -> Correction:
    """Change a decided member grade by a later decision, with its reason; the quota is checked again."""
    evaluation = (
        MemberEvaluation.objects.select_for_update()
        .select_related("grassroots", "member")
        .get(pk=evaluation.pk)
    )
    require(actor, Action.MANAGE, evaluation.grassroots)
    others = MemberEvaluation.objects.filter(
        grassroots=evaluation.grassroots, year=evaluation.year, status=Status.DECIDED
    )
    details = _correct(
        evaluation, others=others, grade=grade, reason=reason, decision_number=decision_number,
        decided_on=decided_on,
    )  # fmt: skip
    correction = Correction.objects.create(
        member_evaluation=evaluation, unit=evaluation.grassroots, old_grade=evaluation.grade, new_grade=grade,
        **details,
    )  # fmt: skip
    evaluation.grade = grade
    evaluation.save(update_fields=["grade"])
    audit.record(
        actor=actor, action="evaluation.correct", target=evaluation, unit=evaluation.grassroots,
        before={"grade": correction.old_grade},
        after={"grade": grade, "decision_number": details["decision_number"]},
        effective_on=decided_on, note=details["reason"],
    )  # fmt: skip
    _notify.corrected(actor, evaluation)
    return correction
