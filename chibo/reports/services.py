"""Services of chibo.reports: every write, in one transaction, with its audit entry.

Reports read; the two writes are the submission of a statistics report (its figures frozen) and the
snapshot that starts a data-cleaning campaign.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from chibo.accounts.roles import Action
from chibo.core import audit
from chibo.core.regulations import today
from chibo.core.scoping import require
from chibo.organizations.models import Unit
from chibo.reports import selectors
from chibo.reports.models import QualitySnapshot, SubmittedReport
from chibo.rules.errors import RuleViolation


def _check_dates(as_of: date, period_from: date, period_to: date) -> None:
    now = today()
    if as_of > now:
        raise RuleViolation("report.as_of_future", day=as_of, today=now)
    if period_from > period_to:
        raise RuleViolation("report.period_reversed", start=period_from, end=period_to)
    if period_to > as_of:
        raise RuleViolation("report.period_after_as_of", end=period_to, as_of=as_of)


@transaction.atomic
def report_submit(
    *,
    actor: Any,
    unit: Unit,
    as_of: date,
    period_from: date | None = None,
    period_to: date | None = None,
    note: str = "",
) -> SubmittedReport:
    """Submit the statistics of ``unit``'s subtree on ``as_of`` to the level above (DOMAIN.md §11
    [S52]): the figures are computed now and stored; later corrections do not change them."""
    require(actor, Action.MANAGE, unit)
    start = period_from or date(as_of.year, 1, 1)
    end = period_to or as_of
    _check_dates(as_of, start, end)
    figures = selectors.statistics(unit=unit, as_of=as_of, period_from=start, period_to=end)
    report = SubmittedReport.objects.create(
        unit=unit,
        as_of=as_of,
        period_from=start,
        period_to=end,
        figures=figures,
        note=note.strip()[:255],
        submitted_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor=actor,
        action="report.submit",
        target=report,
        unit=unit,
        after={name: figures[name] for name in ("members_total", "official", "probationary")},
        effective_on=as_of,
        note=note.strip()[:255],
    )
    return report


@transaction.atomic
def quality_snapshot_take(*, actor: Any, unit: Unit, label: str = "") -> QualitySnapshot:
    """Record the data-quality problems open today in ``unit``'s subtree: the starting point of a
    cleaning campaign, against which the problems closed since are counted."""
    require(actor, Action.MANAGE, unit)
    selectors.check_quality_size(unit)
    keys = selectors.problem_keys(unit)
    counts: dict[str, int] = {}
    for key in keys:
        kind = key.split(":", 1)[0]
        counts[kind] = counts.get(kind, 0) + 1
    snapshot = QualitySnapshot.objects.create(
        unit=unit,
        taken_on=today(),
        taken_by=actor if getattr(actor, "pk", None) else None,
        label=label.strip()[:255],
        problems=keys,
        counts=counts,
    )
    audit.record(
        actor=actor,
        action="report.quality_snapshot",
        target=snapshot,
        unit=unit,
        after={"problems": len(keys), **counts},
        effective_on=snapshot.taken_on,
    )
    return snapshot
