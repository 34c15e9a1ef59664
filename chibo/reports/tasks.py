"""Background job of the reports (the Django tasks API, django-tasks backport): the data-quality
check of a subtree too large to check while someone waits, run by ``manage.py db_worker``."""

from __future__ import annotations

import logging

from django_tasks import task

from chibo.reports import services
from chibo.reports.models import QualityRun

log = logging.getLogger(__name__)


@task()
def compute_quality(run_id: int) -> None:
    run = QualityRun.objects.select_related("requested_by").get(pk=run_id)
    try:
        services.quality_run_compute(actor=run.requested_by, run_id=run_id)
    except Exception:
        log.exception("data-quality run %s failed", run_id)
        raise


def start_quality_run(run: QualityRun) -> None:
    """Queue a run just requested (the immediate backend in tests runs it now)."""
    compute_quality.enqueue(run.pk)
