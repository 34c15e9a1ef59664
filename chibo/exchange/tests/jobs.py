"""Import jobs for the matrix, audit and view tests: a roster of A1 uploaded into A and checked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from chibo.exchange.tests import roster


def roster_bytes(lines: list[list[Any]] | None = None) -> bytes:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = roster.write(Path(folder) / "r.xlsx", {"Danh sách": lines or [roster.row(90), roster.row(91)]})
        return path.read_bytes()


def upload(lines: list[list[Any]] | None = None, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, roster_bytes(lines), content_type="application/octet-stream")


def checked_job(tree: Any, lines: list[list[Any]] | None = None, skip_invalid: bool = False) -> Any:
    from chibo.exchange import services

    job = services.import_job_create(actor=None, unit=tree.a, upload=upload(lines), skip_invalid=skip_invalid)
    return services.import_job_check(actor=None, job=job)


def cached_job(tree: Any) -> Any:
    cache = tree.__dict__.setdefault("_exchange", {})
    if "job" not in cache:
        cache["job"] = checked_job(tree)
    return cache["job"]


@contextmanager
def worker_at_work(job: Any) -> Iterator[None]:
    """A worker checking or importing ``job``'s file, as the pages see it: on PostgreSQL another
    session holds the job's advisory lock until the block ends (the tests' own connection could
    not: a session may always take a lock it holds); elsewhere nothing is held."""
    from django.db import connection

    from chibo.exchange.models import job_lock_key

    if connection.vendor != "postgresql":
        yield
        return
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params.pop("server_side_binding", None)
    with psycopg.connect(**params, autocommit=True) as worker:
        worker.execute("SELECT pg_advisory_lock(%s::integer, %s::integer)", job_lock_key(job.pk))
        yield
    # the server lets the lock go a moment after the connection closes
    import time

    for _ in range(200):
        if not lock_held(job):
            return
        time.sleep(0.01)


def lock_held(job: Any) -> bool:
    """On PostgreSQL, whether any session holds the job's advisory lock."""
    from django.db import connection

    from chibo.exchange.models import job_lock_key

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s::oid "
            "AND objid = %s::oid AND objsubid = 2 AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            job_lock_key(job.pk),
        )
        return cursor.fetchone()[0] > 0
