"""Past grades from the paper records, in bulk (first load, demo)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from chibo.accounts.roles import Action
from chibo.core import audit
from chibo.core.scoping import require, subtree_q
from chibo.evaluations.models import (
    MemberEvaluation,
    Status,
    UnitEvaluation,
)
from chibo.evaluations.services._common import (
    GRASSROOTS_LEVELS,
    _check_day,
    _check_quota,
    _check_year,
    _decision,
)
from chibo.members.models import Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules import evaluation as rules
from chibo.rules.errors import RuleViolation

# --- history from the paper records (demo, first load) ---------------------------------------


@transaction.atomic
def evaluations_history_load(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    member_grades: Mapping[int, str],
    unit_grades: Mapping[int, str],
    decided_on: date,
    decision_number: str,
) -> dict[str, int]:
    """Record the decided grades of a past year from the paper records, for ``unit``'s subtree, in
    bulk: every grade checked, the quota checked per grassroots organisation and per deciding
    committee, one audit batch entry. Members and organisations are given by id → grade."""
    require(actor, Action.MANAGE, unit)
    _check_year(year)
    _check_day(decided_on, year)
    number = _decision(decision_number)
    tree = TreeIndex(unit)
    members = [
        (pk, unit_id, status)
        for pk, unit_id, status in Member.objects.filter(subtree_q(unit.path, "unit_path")).values_list(
            "pk", "unit_id", "status"
        )
        if pk in member_grades
    ]
    if len(members) != len(member_grades) or not set(unit_grades) <= set(tree.subtree):
        raise RuleViolation("evaluation.outside_unit", unit=unit.name)
    member_rows = [
        MemberEvaluation(
            member_id=pk,
            year=year,
            unit_id=unit_id,
            grassroots=tree.grassroots(unit_id),
            status=Status.DECIDED,
            grade=rules.check_grade(member_grades[pk]),
            decided_on=decided_on,
            decision_number=number,
            probationary=status == MemberStatus.PROBATIONARY,
        )
        for pk, unit_id, status in members
    ]
    unit_rows = [
        UnitEvaluation(
            unit_id=pk,
            year=year,
            deciding=tree.parent(pk),
            status=Status.DECIDED,
            grade=rules.check_grade(grade),
            decided_on=decided_on,
            decision_number=number,
        )
        for pk, grade in unit_grades.items()
    ]
    _check_groups(member_rows, lambda e: e.grassroots.pk, year)
    _check_groups(unit_rows, lambda e: e.deciding.pk, year)
    try:
        with transaction.atomic():
            MemberEvaluation.objects.bulk_create(member_rows, batch_size=1000)
            UnitEvaluation.objects.bulk_create(unit_rows, batch_size=1000)
    except IntegrityError as exc:  # some of the grades were recorded before
        raise RuleViolation("evaluation.already_recorded", year=year) from exc
    audit.record_batch(
        actor=actor, action="evaluation.history_load", target=unit, unit=unit,
        counts={"members": len(member_rows), "units": len(unit_rows)}, effective_on=decided_on, note=number,
        after={"year": year},
    )  # fmt: skip
    return {"members": len(member_rows), "units": len(unit_rows)}


class TreeIndex:
    """A subtree and its ancestors in memory: grassroots organisation and parent of each unit."""

    def __init__(self, unit: Unit) -> None:
        fields = ("pk", "path", "level", "name")
        self.subtree = {u.pk: u for u in Unit.objects.filter(subtree_q(unit.path)).only(*fields)}
        above = Unit.objects.get_ancestors(unit).only(*fields)
        self.by_path = {u.path: u for u in [*above, *self.subtree.values()]}
        self._grassroots: dict[int, Unit] = {}

    def grassroots(self, unit_id: int) -> Unit:
        if unit_id not in self._grassroots:
            path = self.subtree[unit_id].path
            for end in range(len(path), 0, -Unit.steplen):
                found = self.by_path.get(path[:end])
                if found is not None and found.level in GRASSROOTS_LEVELS:
                    self._grassroots[unit_id] = found
                    break
            else:
                raise RuleViolation("evaluation.no_grassroots", unit=self.subtree[unit_id].name)
        return self._grassroots[unit_id]

    def parent(self, unit_id: int) -> Unit:
        unit = self.subtree[unit_id]
        parent = self.by_path.get(unit.path[: -Unit.steplen])
        if parent is None:
            raise RuleViolation("evaluation.no_upper_committee", unit=unit.name)
        return parent


def _check_groups(rows: Sequence[Any], key: Any, year: int) -> None:
    groups: dict[int, list[str]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row.grade)
    for grades in groups.values():
        _check_quota(grades, year)
