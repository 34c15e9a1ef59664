"""Services of chibo.reports: every write, in one transaction, with its audit entry.

Reports read; the two writes are the submission of a statistics report (its figures frozen) and the
snapshot that starts a data-cleaning campaign.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from chibo.accounts.roles import Action
from chibo.core import audit
from chibo.core.regulations import today
from chibo.core.scoping import require
from chibo.organizations.models import Unit
from chibo.reports import selectors
from chibo.reports.models import QualityRun, QualitySnapshot, SubmittedReport
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


IN_PROGRESS = (QualityRun.State.QUEUED, QualityRun.State.RUNNING)


@transaction.atomic
def quality_run_request(*, actor: Any, unit: Unit) -> QualityRun:
    """Ask the worker to check the data quality of ``unit``'s subtree (for a subtree too large to
    check while someone waits); refused while a run of that subtree is waiting or running."""
    require(actor, Action.VIEW, unit)
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one request at a time per unit
    running = QualityRun.objects.filter(unit=unit, state__in=IN_PROGRESS).first()
    if running is not None:
        raise RuleViolation("quality.run_in_progress", unit=unit.code, since=running.requested_at)
    run = QualityRun.objects.create(unit=unit, requested_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, action="report.quality_run", target=run, unit=unit, after={"state": run.state})
    from chibo.reports import tasks

    transaction.on_commit(lambda: tasks.start_quality_run(run))
    return run


def quality_run_compute(*, actor: Any, run_id: int) -> QualityRun:
    """The worker's part: check the subtree (any size), keep what its page shows, and record the
    outcome. A run that failed is marked so (and can be asked again)."""
    with transaction.atomic():
        run = QualityRun.objects.select_for_update().select_related("unit").get(pk=run_id)
        if run.state != QualityRun.State.QUEUED:
            return run
        run.state = QualityRun.State.RUNNING
        run.save(update_fields=["state"])
    try:
        result = selectors.quality_result(run.unit)
        state = QualityRun.State.DONE
    except Exception:
        result, state = {}, QualityRun.State.FAILED
        raise
    finally:
        with transaction.atomic():
            run.state, run.result, run.finished_at = state, result, timezone.now()
            run.save(update_fields=["state", "result", "finished_at"])
            audit.record(
                actor=actor,
                action="report.quality_run_done",
                target=run,
                unit=run.unit,
                after={"state": run.state, "problems": result.get("problems_total", 0)},
            )
    return run
