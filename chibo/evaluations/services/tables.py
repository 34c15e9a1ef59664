"""Scoring tables (bảng chấm điểm): saved with the 30 + 70 totals, or copied from last year."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction

from chibo.accounts.roles import Action
from chibo.core import audit, regulations
from chibo.core.scoping import require
from chibo.evaluations.models import (
    Criterion,
    ScoringTable,
    Subject,
)
from chibo.evaluations.services import _notify
from chibo.evaluations.services._common import (
    FIRST_YEAR,
    CriterionSpec,
    applicable_table,
)
from chibo.organizations.models import Unit
from chibo.rules import evaluation as rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import normalize

# --- scoring tables ---------------------------------------------------------------------------


@transaction.atomic
def scoring_table_save(
    *, actor: Any, unit: Unit, year: int, subject: str, criteria: Sequence[CriterionSpec], title: str = ""
) -> ScoringTable:
    """Create or replace the scoring table of ``unit`` for a year: refused unless the common criteria
    total 30 points and the task results 70 (DOMAIN.md §6 [S35, S36])."""
    require(actor, Action.MANAGE, unit)
    if subject not in Subject.values:
        raise RuleViolation("evaluation.subject_unknown", subject=subject)
    _check_table_year(year)
    rules.check_table_totals((c.group, c.max_points) for c in criteria)
    codes = [normalize(c.code) for c in criteria]
    if any(not code for code in codes) or len(set(codes)) != len(codes):
        raise RuleViolation("evaluation.criterion_codes")
    if any(not normalize(c.text) for c in criteria):
        raise RuleViolation("evaluation.criterion_text")
    table, created = ScoringTable.objects.select_for_update().get_or_create(
        unit=unit, year=year, subject=subject, defaults={"updated_on": regulations.today()}
    )
    before = None if created else {"criteria": _table_snapshot(table)}
    table.title, table.updated_on = normalize(title), regulations.today()
    table.save(update_fields=["title", "updated_on"])
    table.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(
            table=table, group=c.group, code=code, text=normalize(c.text), max_points=c.max_points, order=i
        )
        for i, (c, code) in enumerate(zip(criteria, codes, strict=True))
    )
    audit.record(
        actor=actor,
        action="evaluation.table_save",
        target=table,
        unit=unit,
        before=before,
        after={"year": year, "subject": subject, "criteria": _table_snapshot(table)},
    )
    if created:
        _notify.table_set(actor, table)
    return table


def _check_table_year(year: int) -> None:
    # a table may be prepared for next year
    if not FIRST_YEAR <= year <= regulations.today().year + 1:
        raise RuleViolation(
            "evaluation.year_range", year=year, first=FIRST_YEAR, last=regulations.today().year + 1
        )


def _table_snapshot(table: ScoringTable) -> list[list[str]]:
    return [
        [group, code, str(points)]
        for group, code, points in table.criteria.values_list("group", "code", "max_points")
    ]


@transaction.atomic
def scoring_table_copy(*, actor: Any, unit: Unit, year: int, subject: str) -> ScoringTable:
    """Start ``unit``'s table for ``year`` from the table that applied to it the year before."""
    require(actor, Action.MANAGE, unit)
    _check_table_year(year)
    if ScoringTable.objects.filter(unit=unit, year=year, subject=subject).exists():
        raise RuleViolation("evaluation.table_exists", year=year)
    source = applicable_table(unit, year - 1, subject)
    if source is None:
        raise RuleViolation("evaluation.no_table_to_copy", year=year - 1)
    try:
        with transaction.atomic():
            table = ScoringTable.objects.create(
                unit=unit, year=year, subject=subject, title=source.title, updated_on=regulations.today()
            )
    except IntegrityError as exc:  # copied at the same moment by someone else
        raise RuleViolation("evaluation.table_exists", year=year) from exc
    Criterion.objects.bulk_create(
        Criterion(
            table=table, group=c.group, code=c.code, text=c.text, max_points=c.max_points, order=c.order
        )
        for c in source.criteria.all()
    )
    audit.record(
        actor=actor,
        action="evaluation.table_copy",
        target=table,
        unit=unit,
        after={"from": source.pk, "year": year, "subject": subject, "criteria": _table_snapshot(table)},
    )
    _notify.table_set(actor, table)
    return table
