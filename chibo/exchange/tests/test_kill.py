"""A killed import leaves the database as it was: the import is one transaction, so SIGKILL at
any moment (here: after the first chunks were written) rolls everything back. Runs on the
database of the test run: SQLite (copied to a file the subprocess opens) or PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from chibo.exchange.tests import roster

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(settings.BASE_DIR)
TABLES = (
    "members_member",
    "members_memberevent",
    "members_memberunitperiod",
    "core_auditentry",
    "members_namekey",
)


def _counts(cursor) -> dict[str, int]:
    result = {}
    for table in TABLES:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 — fixed names
        result[table] = cursor.fetchone()[0]
    return result


def _environment(tmp_path: Path):
    """The subprocess's environment (the test run's database: SQLite copied to a file it opens,
    or PostgreSQL) and a function counting the rows of TABLES there."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    if connection.vendor == "sqlite":
        database = tmp_path / "kill.sqlite3"
        target = sqlite3.connect(database)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        env["DATABASE_URL"] = f"sqlite:///{database}"

        def counts() -> dict[str, int]:
            with sqlite3.connect(database) as check:
                return _counts(check.cursor())
    else:
        params = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{params['USER']}:{params['PASSWORD'] or ''}@{params['HOST'] or '127.0.0.1'}:"
            f"{params['PORT'] or 5432}/{params['NAME']}"
        )

        def counts() -> dict[str, int]:
            with connection.cursor() as cursor:
                return _counts(cursor)

    return env, counts


def test_sigkill_mid_import_changes_nothing(tree, tmp_path):
    path = roster.write(tmp_path / "big.xlsx", {"S": [roster.row(i) for i in range(30_000)]})
    env, counts = _environment(tmp_path)
    before = counts()
    process = subprocess.Popen(  # noqa: S603 — our own command, fixed arguments
        [sys.executable, "manage.py", "import_members", str(path), "--unit", "A", "--progress"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()  # the first chunk of 5,000 rows is written
        assert line.startswith("progress"), process.stderr.read()
        line = process.stdout.readline()  # and the second
        assert line.startswith("progress"), process.stderr.read()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    time.sleep(0.5)  # PostgreSQL notices the closed connection and rolls back
    assert counts() == before


def test_a_killed_worker_leaves_its_job_shown_lost(tree, tmp_path, settings):
    """SIGKILL to the worker in the middle of a job's import: no exception, no trace but its
    progress file. On PostgreSQL its advisory lock went with its connection, so the pages call
    the job lost at once; elsewhere once its file has been silent for LOST_AFTER."""
    from chibo.exchange import services
    from chibo.exchange.models import LOST_AFTER, ImportJob
    from chibo.exchange.tests import jobs

    job = services.import_job_confirm(
        actor=None, job=jobs.checked_job(tree, [roster.row(i) for i in range(30_000)])
    )
    env, counts = _environment(tmp_path)
    env["EXCHANGE_PROGRESS_DIR"] = str(settings.EXCHANGE_PROGRESS_DIR)
    before = counts()
    media = tmp_path / "media"  # the worker's own storage: the tests keep files in memory
    (media / job.file.name).parent.mkdir(parents=True)
    with job.file.open("rb") as stored:
        (media / job.file.name).write_bytes(stored.read())
    code = (
        "import django; django.setup();"
        "from django.core.files.storage import FileSystemStorage;"
        "from chibo.exchange import services; from chibo.exchange.models import ImportJob;"
        f"ImportJob._meta.get_field('file').storage = FileSystemStorage(location={str(media)!r});"
        f"job = ImportJob.objects.select_related('unit').get(pk={job.pk});"
        "services.import_job_run(actor=None, job=job)"
    )
    process = subprocess.Popen(  # noqa: S603 — our own code
        [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    progress = services.progress_path(job.pk)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if progress.exists() and json.loads(progress.read_text() or "{}").get("rows", 0) >= 5000:
                break  # a chunk is written
            time.sleep(0.05)
        assert process.poll() is None, process.stderr.read()
        if connection.vendor == "postgresql":
            running = ImportJob.objects.get(pk=job.pk)
            assert running.state == "running" and jobs.lock_held(running) and not running.lost
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL and progress.exists()
    if connection.vendor == "postgresql":
        for _ in range(100):  # PostgreSQL notices the closed connection, rolls back, lets the lock go
            if not jobs.lock_held(job):
                break
            time.sleep(0.05)
    else:  # the worker had its own copy of the database: the job as it saw it, silent too long
        ImportJob.objects.filter(pk=job.pk).update(state="running")
        silent = time.time() - LOST_AFTER.total_seconds() - 60
        os.utime(progress, (silent, silent))
    job = ImportJob.objects.get(pk=job.pk)
    assert (job.state, job.lost, job.shown_state) == ("running", True, "failed")
    assert counts() == before
