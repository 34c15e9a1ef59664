"""Background jobs of the roster import (the Django tasks API, django-tasks backport): the request
only stores the file; checking and importing run in the worker (``manage.py db_worker``)."""

from __future__ import annotations

import logging

from django_tasks import task

from chibo.exchange import services
from chibo.exchange.models import ImportJob

log = logging.getLogger(__name__)


def _job(job_id: int) -> ImportJob:
    return ImportJob.objects.select_related("unit", "created_by").get(pk=job_id)


@task()
def check_import(job_id: int) -> None:
    job = _job(job_id)
    try:
        services.import_job_check(actor=job.created_by, job=job)
    except BaseException:  # a worker stopped mid-job (SystemExit) marks it too, if it still can
        log.exception("import check %s failed", job_id)
        services.import_job_crashed(actor=job.created_by, job_id=job_id)
        raise


@task()
def run_import(job_id: int) -> None:
    job = _job(job_id)
    try:
        services.import_job_run(actor=job.created_by, job=job)
    except BaseException:  # a worker stopped mid-job (SystemExit) marks it too, if it still can
        log.exception("import %s failed", job_id)
        services.import_job_crashed(actor=job.created_by, job_id=job_id)
        raise


def start_check(job: ImportJob) -> None:
    """Queue the check of a job just stored (the immediate backend in tests runs it now)."""
    check_import.enqueue(job.pk)


def start_run(job: ImportJob) -> None:
    run_import.enqueue(job.pk)
