"""A killed import leaves the database as it was: the import is one transaction, so SIGKILL at
any moment (here: after the first chunks were written) rolls everything back. Runs on the
database of the test run: SQLite (copied to a file the subprocess opens) or PostgreSQL."""

from __future__ import annotations

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


def test_sigkill_mid_import_changes_nothing(tree, tmp_path):
    path = roster.write(tmp_path / "big.xlsx", {"S": [roster.row(i) for i in range(30_000)]})
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
