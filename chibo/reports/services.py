"""Services of chibo.reports: every write, in one transaction, with its audit entry.

Reports read; the writes are the submission of a statistics report (its figures frozen), the
snapshot that starts a data-cleaning campaign, the background data-quality runs, and the audit entry
of a data-quality workbook that leaves the system.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from chibo.accounts.roles import Action
from chibo.core import audit, regulations
from chibo.core.scoping import require
from chibo.organizations.models import Unit
from chibo.reports import selectors
from chibo.reports.models import RUN_IN_PROGRESS, STALE_AFTER, QualityRun, QualitySnapshot, SubmittedReport
from chibo.rules.errors import RuleViolation

log = logging.getLogger(__name__)


def _check_dates(as_of: date, period_from: date, period_to: date) -> None:
    now = regulations.today()
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
        taken_on=regulations.today(),
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


@transaction.atomic
def quality_exported(*, actor: Any, unit: Unit, problems: int, via: str) -> None:
    """Record that the data-quality workbook of ``unit``'s subtree left the system (PRODUCT.md,
    "Non-goals": exports are logged): it names members, their units, birth dates and the problems'
    details. ``via`` says where it was made: ``"page"`` (its Excel button) or ``"command"``
    (``manage.py report quality``, without an actor)."""
    require(actor, Action.VIEW, unit)  # passes for actor=None: the command acts as the system
    audit.record_batch(
        actor=actor,
        action="report.quality_export",
        target=unit,
        unit=unit,
        counts={"problems": problems},
        after={"format": "xlsx", "via": via},
    )


IN_PROGRESS = RUN_IN_PROGRESS


@transaction.atomic
def quality_run_request(*, actor: Any, unit: Unit) -> QualityRun:
    """Ask the worker to check the data quality of ``unit``'s subtree, one too large to check
    while someone waits (``selectors.check_quality_size``). Refused while a run of that subtree is
    waiting or running; a run older than ``STALE_AFTER`` is marked failed first. Takes the right to
    manage the unit: a check of the whole country costs the database a minute and a half."""
    require(actor, Action.MANAGE, unit)
    try:
        selectors.check_quality_size(unit)
    except RuleViolation:
        pass
    else:
        raise RuleViolation("quality.run_not_needed", unit=unit.code)
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one request at a time per unit
    now = timezone.now()
    QualityRun.objects.filter(unit=unit, state__in=IN_PROGRESS, requested_at__lt=now - STALE_AFTER).update(
        state=QualityRun.State.FAILED, finished_at=now
    )
    running = QualityRun.objects.filter(unit=unit, state__in=IN_PROGRESS).first()
    if running is not None:
        since = date_format(timezone.localtime(running.requested_at), "SHORT_DATETIME_FORMAT")
        raise RuleViolation("quality.run_in_progress", unit=unit.code, since=since)
    run = QualityRun.objects.create(unit=unit, requested_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, action="report.quality_run", target=run, unit=unit, after={"state": run.state})
    from chibo.reports import tasks

    transaction.on_commit(lambda: tasks.start_quality_run(run))
    return run


def quality_run_compute(*, actor: Any, run_id: int) -> QualityRun:
    """The worker's part: check the subtree (any size), keep what its page shows, and record the
    outcome — failed when the check raised or the worker was stopped, so that it can be asked
    again."""
    with transaction.atomic():
        run = QualityRun.objects.select_for_update().select_related("unit").get(pk=run_id)
        if run.state != QualityRun.State.QUEUED:
            return run
        run.state = QualityRun.State.RUNNING
        run.save(update_fields=["state"])
    state, result = QualityRun.State.FAILED, {}
    try:
        result = selectors.quality_result(run.unit)
        state = QualityRun.State.DONE
    finally:  # also on SystemExit / KeyboardInterrupt: the run must not stay "running"
        try:
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
        except Exception:
            log.exception("data-quality run %s: its outcome could not be recorded", run_id)
    return run
