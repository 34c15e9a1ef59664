"""Models of chibo.reports: the reports submitted upward (frozen figures) and the snapshots of a
data-cleaning campaign. The figures themselves are computed from the members' history on demand."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubmittedReport(models.Model):
    """A statistics report sent to the level above (thống kê cơ bản, DOMAIN.md §11 [S52]).

    ``figures`` is the report as computed when it was submitted; it never changes afterwards, even
    when the members' records are corrected later (the report page shows the differences).
    """

    SCOPE_PATH_FIELD = "unit__path"

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    as_of = models.DateField(_("as of"))
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period until"))
    figures = models.JSONField(_("figures"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    class Meta:
        verbose_name = _("submitted report")
        verbose_name_plural = _("submitted reports")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.as_of}"


class QualitySnapshot(models.Model):
    """The data-quality problems of a unit's subtree on one day: the start of a cleaning campaign.

    ``problems`` holds the keys ``"<kind>:<member id>"`` open that day; ``counts`` the number per kind.
    """

    SCOPE_PATH_FIELD = "unit__path"

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    taken_on = models.DateField(_("taken on"))
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )
    label = models.CharField(_("campaign"), max_length=255, blank=True)
    problems = models.JSONField(_("problems"), default=list)
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        verbose_name = _("data-quality snapshot")
        verbose_name_plural = _("data-quality snapshots")
        ordering = ["-taken_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.taken_on}"


class QualityRun(models.Model):
    """The data-quality check of a subtree too large to check while someone waits
    (``CHIBO_QUALITY_MAX_MEMBERS``: the whole country takes 80–90 s), run by the worker. ``result``
    keeps what the page shows: completeness, counts and the first 200 problems of each kind."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    SCOPE_PATH_FIELD = "unit__path"

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    result = models.JSONField(_("result"), default=dict)

    class Meta:
        verbose_name = _("data-quality run")
        verbose_name_plural = _("data-quality runs")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def lost(self) -> bool:
        """Still waiting or running after ``STALE_AFTER``: its worker was stopped or killed. It is
        marked failed when the check is asked for again; until then it is shown as failed."""
        return self.state in RUN_IN_PROGRESS and self.requested_at < timezone.now() - STALE_AFTER

    @property
    def shown_state(self) -> str:
        """The state as the page and the API show it: a lost run is failed."""
        return self.State.FAILED if self.lost else self.state


RUN_IN_PROGRESS = (QualityRun.State.QUEUED, QualityRun.State.RUNNING)
#: A run still waiting or running after this long lost its worker (the whole country takes 80–90 s).
STALE_AFTER = timedelta(hours=1)
