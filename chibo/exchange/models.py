"""Models of chibo.exchange: the roster imports started from the UI or the API."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
