"""Inspection and discipline (kiểm tra, giám sát, kỷ luật): programmes and discipline cases.

The rules are in ``chibo.rules.discipline`` (DOMAIN.md §7). A programme (kiểm tra / giám sát) is
planned by a committee for its subtree in a year, started and concluded. A discipline case of a
member or of a party organisation goes through dated steps in order: opened (violation recorded),
report / self-criticism (tự kiểm điểm), review by the competent body, decision (form, number,
deciding body), announcement. A complaint suspends the automatic end of the effect until the ruling
is announced; a higher decision may annul the discipline.

A case belongs to the committee handling it (``unit``, the owner): the member or organisation it
concerns lies in the owner's subtree. Only holders of ``Action.DISCIPLINE`` there see it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chibo.rules import discipline as rules


class Programme(models.Model):
    """A programme of inspection or supervision (chương trình kiểm tra, giám sát) of one year."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("Inspection (kiểm tra)")
        SUPERVISION = "supervision", _("Supervision (giám sát)")

    class Mode(models.TextChoices):
        REGULAR = "regular", _("Regular (thường xuyên)")
        THEMATIC = "thematic", _("Thematic (chuyên đề)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        CONCLUDED = "concluded", _("Concluded")

    SCOPE_PATH_FIELD = "unit__path"

    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="inspection_programmes",
        verbose_name=_("owning unit"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.REGULAR)
    topic = models.CharField(_("topic"), max_length=255)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    target_units = models.ManyToManyField(
        "organizations.Unit", blank=True, related_name="+", verbose_name=_("organisations targeted")
    )
    target_members = models.ManyToManyField(
        "members.Member", blank=True, related_name="+", verbose_name=_("members targeted")
    )

    class Meta:
        verbose_name = _("inspection or supervision programme")
        verbose_name_plural = _("inspection and supervision programmes")
        ordering = ["-year", "starts_on", "id"]
        indexes = [models.Index(fields=["year", "status"], name="programme_year_status_idx")]

    def __str__(self) -> str:
        return f"{self.topic} ({self.year})"


class Category(models.TextChoices):
    """Violation categories, after the chapters of 69-QĐ/TW (DOMAIN.md §7 [S41]); the list itself is
    not in DOMAIN.md (L): it follows the regulation's chapter headings."""

    POLITICAL = rules.CAT_POLITICAL, _("Political ideology (chính trị tư tưởng)")
    PRINCIPLES = rules.CAT_PRINCIPLES, _("Party organisation and activity principles (nguyên tắc tổ chức)")
    INTERNAL_POLITICS = rules.CAT_INTERNAL_POLITICS, _("Internal politics (chính trị nội bộ)")
    SECURITY = rules.CAT_SECURITY, _("National security, defence, foreign affairs")
    CORRUPTION = rules.CAT_CORRUPTION, _("Corruption, wastefulness, negativity (tham nhũng, lãng phí)")
    MORAL = rules.CAT_MORAL, _("Morality and lifestyle (đạo đức, lối sống)")
    LAW = rules.CAT_LAW, _("State laws (pháp luật của Nhà nước)")
    DUTIES = rules.CAT_DUTIES, _("Party member's duties (nhiệm vụ đảng viên)")
    ABROAD = rules.CAT_ABROAD, _("Going abroad without report or approval")
    DIPLOMA = rules.CAT_DIPLOMA, _("Use of illegal diplomas")
    OTHER = rules.CAT_OTHER, _("Other")


class Form(models.TextChoices):
    KHIEN_TRACH = rules.KHIEN_TRACH, _("Reprimand (khiển trách)")
    CANH_CAO = rules.CANH_CAO, _("Warning (cảnh cáo)")
    CACH_CHUC = rules.CACH_CHUC, _("Removal from office (cách chức)")
    KHAI_TRU = rules.KHAI_TRU, _("Expulsion (khai trừ)")
    GIAI_TAN = rules.GIAI_TAN, _("Dissolution (giải tán)")


class Case(models.Model):
    """A discipline case of one member or one party organisation, with its steps as dated fields."""

    class Subject(models.TextChoices):
        MEMBER = rules.MEMBER, _("Party member")
        ORGANISATION = rules.ORGANISATION, _("Party organisation")

    class State(models.TextChoices):
        OPENED = "opened", _("Opened")
        REPORTED = "reported", _("Report / self-criticism done")
        REVIEWED = "reviewed", _("Reviewed")
        DECIDED = "decided", _("Decided")
        ANNOUNCED = "announced", _("Announced")
        ANNULLED = "annulled", _("Annulled")

    SCOPE_PATH_FIELD = "unit__path"

    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="discipline_cases",
        verbose_name=_("handling committee"),
    )
    subject = models.CharField(_("subject"), max_length=12, choices=Subject.choices)
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_cases",
        verbose_name=_("party member"),
    )
    target_unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_cases_against",
        verbose_name=_("party organisation"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("programme"),
    )
    category = models.CharField(_("violation category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description of the violation"))
    violation_on = models.DateField(_("violation date"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPENED)
    opened_on = models.DateField(_("opened on"))
    reported_on = models.DateField(_("report / self-criticism on"), null=True, blank=True)
    report_note = models.TextField(_("report"), blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reviewing_body = models.CharField(_("reviewing body"), max_length=255, blank=True)
    review_note = models.TextField(_("review"), blank=True)
    form = models.CharField(_("discipline form"), max_length=12, choices=Form.choices, blank=True)
    holds_office = models.BooleanField(_("holds an office"), default=False)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    deciding_body = models.CharField(_("deciding body"), max_length=255, blank=True)
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    complaint_on = models.DateField(_("complaint lodged on"), null=True, blank=True)
    complaint_ruled_on = models.DateField(_("complaint ruling announced on"), null=True, blank=True)
    complaint_ruling = models.CharField(_("complaint ruling"), max_length=255, blank=True)
    effect_ends_on = models.DateField(_("in effect until"), null=True, blank=True)
    annulled_on = models.DateField(_("annulled on"), null=True, blank=True)
    annulment_decision = models.CharField(_("annulment decision"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("discipline case")
        verbose_name_plural = _("discipline cases")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["member", "state"], name="case_member_state_idx"),
            models.Index(fields=["decided_on"], name="case_decided_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject="member", member__isnull=False, target_unit__isnull=True))
                | Q(subject="organisation", member__isnull=True, target_unit__isnull=False),
                name="case_one_subject",
            ),
        ]

    def __str__(self) -> str:
        who = self.member if self.member_id else self.target_unit
        return f"{who} — {self.get_category_display()} ({self.violation_on:%d/%m/%Y})"

    @property
    def subject_name(self) -> str:
        return str(self.member if self.member_id else self.target_unit)
