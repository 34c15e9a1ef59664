"""Yearly evaluation (đánh giá, xếp loại chất lượng): scoring tables, members' and organisations'
evaluations, and the corrections of decided grades.

The rules are in ``chibo.rules.evaluation`` (DOMAIN.md §6). A member's evaluation goes
self-assessed → reviewed by the cell → decided by the grassroots committee; an organisation's goes
reviewed (its own score) → decided by the upper committee. A decided grade changes only through a
recorded correction.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chibo.rules import evaluation as rules


class Grade(models.TextChoices):
    HTXSNV = rules.HTXSNV, _("Excellent (HTXSNV)")
    HTTNV = rules.HTTNV, _("Good (HTTNV)")
    HTNV = rules.HTNV, _("Completed (HTNV)")
    KHTNV = rules.KHTNV, _("Not completed (KHTNV)")


class Subject(models.TextChoices):
    MEMBER = "member", _("Party members")
    UNIT = "unit", _("Party organisations")


class Status(models.TextChoices):
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    REVIEWED = "reviewed", _("Reviewed by the cell")
    DECIDED = "decided", _("Decided")


class ScoringTable(models.Model):
    """Bảng chấm điểm of one year for members or for organisations, owned by a unit: it applies to
    the unit's subtree, unless a unit nearer the subject has its own table for the year."""

    SCOPE_PATH_FIELD = "unit__path"

    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="scoring_tables")
    year = models.PositiveSmallIntegerField(_("year"))
    subject = models.CharField(_("evaluated"), max_length=10, choices=Subject.choices)
    title = models.CharField(_("title"), max_length=255, blank=True)
    updated_on = models.DateField(_("updated on"))

    class Meta:
        verbose_name = _("scoring table")
        verbose_name_plural = _("scoring tables")
        ordering = ["-year", "unit__path", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "subject"], name="one_table_per_unit_year_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year} {self.get_subject_display()}"


class Criterion(models.Model):
    class Group(models.TextChoices):
        COMMON = rules.COMMON, _("Common criteria (30 points)")
        TASKS = rules.TASKS, _("Task results (70 points)")

    table = models.ForeignKey(ScoringTable, on_delete=models.CASCADE, related_name="criteria")
    group = models.CharField(_("group"), max_length=10, choices=Group.choices)
    code = models.CharField(_("code"), max_length=20)
    text = models.CharField(_("criterion"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), max_digits=4, decimal_places=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["table_id", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["table", "code"], name="one_criterion_code_per_table")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:40]}"


class ReviewFields(models.Model):
    """What the reviewing body records: the score, the conditions and the grade they give."""

    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True, blank=True)
    all_tasks_on_time = models.BooleanField(_("all tasks on time"), default=True)
    exceeding_share = models.DecimalField(
        _("share of tasks exceeded"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    late_share = models.DecimalField(_("share of tasks late"), max_digits=4, decimal_places=3, default=0)
    disqualified = models.BooleanField(_("a disqualifying case"), default=False)
    disciplined = models.BooleanField(_("disciplined in the year"), default=False)
    proposed_grade = models.CharField(_("proposed grade"), max_length=6, choices=Grade.choices, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices)
    grade = models.CharField(_("grade"), max_length=6, choices=Grade.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)

    class Meta:
        abstract = True


class MemberEvaluation(ReviewFields):
    """One member's evaluation for one year (Mẫu 2A/2B/2C self-assessment, the cell's review, the
    grassroots committee's decision)."""

    SCOPE_PATH_FIELD = "unit__path"

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"))
    #: the member's cell when evaluated, and the grassroots organisation whose quota it counts in
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    grassroots = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    probationary = models.BooleanField(_("probationary member"), default=False)
    self_points = models.JSONField(_("self-assessed points"), default=dict, blank=True)
    self_score = models.DecimalField(
        _("self-assessed score"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    self_grade = models.CharField(_("self-assessed grade"), max_length=6, choices=Grade.choices, blank=True)
    self_text = models.TextField(_("self-assessment"), blank=True)
    self_on = models.DateField(_("self-assessed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("member evaluation")
        verbose_name_plural = _("member evaluations")
        ordering = ["-year", "unit__path", "member__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="one_evaluation_per_member_year")
        ]
        indexes = [models.Index(fields=["grassroots", "year", "status"], name="memeval_grassroots_idx")]

    def __str__(self) -> str:
        return f"{self.member.full_name} {self.year}"


class UnitEvaluation(ReviewFields):
    """One organisation's evaluation for one year, decided by the upper committee (``deciding``)."""

    SCOPE_PATH_FIELD = "unit__path"

    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"))
    deciding = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    subordinate_disciplined = models.BooleanField(
        _("a subordinate unit or leadership member disciplined"), default=False
    )

    class Meta:
        verbose_name = _("organisation evaluation")
        verbose_name_plural = _("organisation evaluations")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_evaluation_per_unit_year")]
        indexes = [models.Index(fields=["deciding", "year", "status"], name="uniteval_deciding_idx")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}"


class Correction(models.Model):
    """A decided grade changed by a later decision: the old and new grade, why and by which decision."""

    SCOPE_PATH_FIELD = "unit__path"

    member_evaluation = models.ForeignKey(
        MemberEvaluation, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    unit_evaluation = models.ForeignKey(
        UnitEvaluation, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    old_grade = models.CharField(_("old grade"), max_length=6, choices=Grade.choices)
    new_grade = models.CharField(_("new grade"), max_length=6, choices=Grade.choices)
    reason = models.CharField(_("reason"), max_length=1000)
    decision_number = models.CharField(_("decision number"), max_length=50)
    decided_on = models.DateField(_("decided on"))

    class Meta:
        verbose_name = _("grade correction")
        verbose_name_plural = _("grade corrections")
        ordering = ["decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member_evaluation__isnull=False, unit_evaluation__isnull=True)
                | models.Q(member_evaluation__isnull=True, unit_evaluation__isnull=False),
                name="correction_of_one_evaluation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_grade} → {self.new_grade}"
