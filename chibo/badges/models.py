"""Party badges (Huy hiệu Đảng): award rounds on the award days and the badges awarded.

The rules are in ``chibo.rules.badges`` (DOMAIN.md §8). A round is prepared by a committee for its
subtree on one award day (3/2, 19/5, 2/9, 7/11): the due list is computed from party age, early
awards are added with their reason, the committee approves it with a decision, and the badge
numbers are recorded.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chibo.rules import badges as rules


class Round(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        APPROVED = "approved", _("Approved")

    SCOPE_PATH_FIELD = "unit__path"

    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="badge_rounds")
    award_date = models.DateField(_("award day"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("badge round")
        verbose_name_plural = _("badge rounds")
        ordering = ["-award_date", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["unit", "award_date"], name="one_round_per_unit_day")]

    def __str__(self) -> str:
        return f"{self.unit} {self.award_date:%d/%m/%Y}"


class Award(models.Model):
    """A badge for one member: proposed in a round, then awarded (or recorded from the past)."""

    class Reason(models.TextChoices):
        ON_TIME = "", _("On time")
        ILLNESS = rules.ILLNESS, _("Early: serious illness")
        POSTHUMOUS = rules.POSTHUMOUS, _("Early: posthumous")

    SCOPE_PATH_FIELD = "member__unit_path"

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="badge_awards")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="awards", null=True, blank=True)
    threshold = models.PositiveSmallIntegerField(_("years of party age"))
    award_date = models.DateField(_("award day"))
    early_months = models.PositiveSmallIntegerField(_("months early"), default=0)
    early_reason = models.CharField(_("early award"), max_length=12, choices=Reason.choices, blank=True)
    awarded = models.BooleanField(_("awarded"), default=False)
    badge_number = models.CharField(_("badge number"), max_length=30, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("party badge")
        verbose_name_plural = _("party badges")
        ordering = ["award_date", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "threshold"], name="one_badge_per_threshold"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.threshold}"
