"""Models of chibo.exchange: the roster imports started from the UI or the API."""

from __future__ import annotations

import hashlib
import json
import tempfile
import time
from datetime import timedelta
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Without PostgreSQL's advisory locks (JOB_LOCK), silence tells a lost worker: a check or an
#: import at work rewrites its progress file after every chunk of rows, well under a second
#: apart; its longest silence is its end (the history rows, the name keys and the commit: under a
#: minute per million new members here). Running and silent this long, it lost its worker, stopped
#: or killed: a SIGKILL leaves no other trace, and its transaction went with its connection.
LOST_AFTER = timedelta(minutes=30)


#: On PostgreSQL a worker holds the session advisory lock (JOB_LOCK, job id) while it checks or
#: imports a job's file, from before it writes the progress file until after the file is gone; the
#: lock goes with its connection if it dies. Any other session can see whether it is still held.
JOB_LOCK = 0x63686962


def progress_path(job_id: int) -> Path:
    """The file where the worker checking or importing a file writes the rows read so far (the
    import's own transaction holds the database). The web processes read it, so both must see the
    folder (``EXCHANGE_PROGRESS_DIR``; by default a folder per database in ``chibo-exchange`` in
    the temporary folder)."""
    folder = getattr(settings, "EXCHANGE_PROGRESS_DIR", None)
    if not folder:  # one folder per database: two instances on one machine share job ids
        database = hashlib.sha256(str(settings.DATABASES["default"]["NAME"]).encode()).hexdigest()[:12]
        folder = Path(tempfile.gettempdir()) / "chibo-exchange" / database
    return Path(folder) / f"{job_id}.json"


def job_lock_key(job_id: int) -> list[int]:
    """The advisory lock's two integer keys. Ids 2**31 apart share one, which at worst makes a
    page wait for, or fail to call lost, another job's worker."""
    return [JOB_LOCK, job_id % 2**31]


def _worker_gone(job_id: int) -> bool | None:
    """On PostgreSQL, whether no session holds the job's advisory lock (its worker is gone);
    None on other databases."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN pg_try_advisory_lock(CAST(%s AS integer), CAST(%s AS integer)) "
            "THEN pg_advisory_unlock(CAST(%s AS integer), CAST(%s AS integer)) ELSE false END",
            job_lock_key(job_id) * 2,
        )
        return bool(cursor.fetchone()[0])


class ImportJob(models.Model):
    """One roster file uploaded into a unit's subtree: checked in the background (a dry run that
    gives the preview), then, once confirmed, imported in the background, all in one transaction.
    The file and the report are kept for download; progress is read from a small file beside
    them while the import runs (the import's transaction holds the database)."""

    class State(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        REFUSED = "refused", _("Refused")
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    SCOPE_PATH_FIELD = "unit__path"

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    file = models.FileField(_("file"), upload_to="exchange/imports/")
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64)
    skip_invalid = models.BooleanField(_("import the valid rows and report the others"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.CHECKING)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_invalid = models.PositiveIntegerField(_("invalid rows"), default=0)
    created = models.PositiveIntegerField(_("members created"), default=0)
    updated = models.PositiveIntegerField(_("members updated"), default=0)
    unchanged = models.PositiveIntegerField(_("members unchanged"), default=0)
    problem = models.TextField(_("problem"), blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    report = models.FileField(_("report"), upload_to="exchange/reports/", blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} → {self.unit_id}"

    @cached_property
    def _progress(self) -> tuple[int, float | None]:
        """Rows read so far by the check or the import at work and when the worker last wrote
        that: (0, None) when neither is at work, the worker has not started, or the file cannot
        be read here."""
        if self.state not in (self.State.CHECKING, self.State.RUNNING):
            return 0, None
        path = progress_path(self.pk)
        try:
            written = path.stat().st_mtime
            return int(json.loads(path.read_text())["rows"]), written
        except (OSError, ValueError, KeyError):
            return 0, None

    @property
    def rows_done(self) -> int:
        """Rows read so far while the file is checked or imported; all its rows once imported."""
        return self.rows_total if self.state == self.State.DONE else self._progress[0]

    @cached_property
    def lost(self) -> bool:
        """Being checked or imported, but its worker is gone — stopped or killed — and nothing of
        the file was written (the check writes nothing; the import's transaction went with its
        connection). Shown as failed; the file is uploaded again. On PostgreSQL the worker's
        advisory lock tells (``JOB_LOCK``): a worker that is alive but waiting is never taken for
        lost. Elsewhere a worker that has written no progress for ``LOST_AFTER`` is taken for
        lost. A progress file this process cannot see proves nothing, and a job no worker has
        started yet has none."""
        written = self._progress[1]
        if written is None:
            return False
        gone = _worker_gone(self.pk)
        if gone is not None:
            # a worker that ended well removed its file before it let the lock go
            return gone and progress_path(self.pk).exists()
        return time.time() - written > LOST_AFTER.total_seconds()

    @property
    def shown_state(self) -> str:
        """The state as the pages and the API show it: a lost import is failed."""
        return self.State.FAILED if self.lost else self.state

    def get_shown_state_display(self) -> str:
        return str(self.State(self.shown_state).label)
