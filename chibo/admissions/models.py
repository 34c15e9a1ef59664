"""Member development (phát triển đảng viên): candidates, their dossier, votes, steps and targets.

The pipeline and its rules are in ``chibo.rules.admission`` (DOMAIN.md §2). A candidate becomes a
member record (``chibo.members``) at the admission decision; the candidacy keeps the link so the
probation and recognition steps stay in one place.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chibo.members.models import ProfessionalLevel, Sex, TheoryLevel
from chibo.rules import admission as rules


class Stage(models.TextChoices):
    CANDIDATE = rules.CANDIDATE, _("Candidate (quần chúng ưu tú)")
    TRAINED = rules.TRAINED, _("Awareness class done")
    DOSSIER = rules.DOSSIER, _("Dossier complete")
    CELL_RESOLVED = rules.CELL_RESOLVED, _("Chi bộ resolution")
    UPPER_RESOLVED = rules.UPPER_RESOLVED, _("Đảng ủy cơ sở resolution")
    DECIDED = rules.DECIDED, _("Admission decision")
    PROBATION = rules.PROBATION, _("Ceremony held, on probation")
    RECOGNITION_VOTED = rules.RECOGNITION_VOTED, _("Chi bộ voted for recognition")
    OFFICIAL = rules.OFFICIAL, _("Official member")
    NOT_RECOGNISED = rules.NOT_RECOGNISED, _("Not recognised (removed)")
    WITHDRAWN = rules.WITHDRAWN, _("Withdrawn")
    REJECTED = rules.REJECTED, _("Rejected")


OPEN_STAGES = [s for s in rules.STAGES if s not in rules.CLOSED]


class Source(models.TextChoices):
    YOUTH_UNION = "youth_union", _("Youth Union member (đoàn viên)")
    STUDENT = "student", _("Student")
    WORKER = "worker", _("Worker")
    BUSINESS_OWNER = "business_owner", _("Business owner")
    OTHER = "other", _("Other")


class Candidate(models.Model):
    """A person the chi bộ is developing into a party member, from candidate to official member."""

    SCOPE_PATH_FIELD = "unit__path"

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="candidates", verbose_name=_("chi bộ")
    )
    # person (the member fields that apply)
    full_name = models.CharField(_("full name"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True, default="Kinh")
    religion = models.CharField(_("religion"), max_length=50, blank=True)
    home_town = models.CharField(_("home town"), max_length=255, blank=True)
    residence = models.CharField(_("current residence"), max_length=255, blank=True)
    cccd = models.CharField(_("citizen ID (CCCD)"), max_length=12, blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    education_general = models.CharField(_("general education"), max_length=10, blank=True)
    education_professional = models.CharField(
        _("professional education"), max_length=20, choices=ProfessionalLevel.choices, blank=True
    )
    theory_level = models.CharField(
        _("political theory"), max_length=20, choices=TheoryLevel.choices, blank=True
    )
    job = models.CharField(_("job"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    host_unit_name = models.CharField(_("workplace"), max_length=255, blank=True)
    host_unit_joined_on = models.DateField(_("joined the workplace on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.OTHER)
    # pipeline
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.CANDIDATE)
    stage_on = models.DateField(_("latest step on"))
    entered_on = models.DateField(_("candidate since"))
    over_age_approval = models.CharField(
        _("written approval for admission over 60"),
        max_length=255,
        blank=True,
        help_text=_("Number and date of the TW-direct committee's written approval (01-HD/TW §1.1)."),
    )
    certificate_number = models.CharField(_("awareness certificate number"), max_length=50, blank=True)
    certificate_issued_on = models.DateField(_("awareness certificate issued on"), null=True, blank=True)
    dossier_completed_on = models.DateField(_("dossier complete on"), null=True, blank=True)
    cell_resolution_on = models.DateField(_("chi bộ resolution on"), null=True, blank=True)
    upper_resolution_on = models.DateField(_("đảng ủy cơ sở resolution on"), null=True, blank=True)
    upper_resolution_number = models.CharField(
        _("đảng ủy cơ sở resolution number"), max_length=50, blank=True
    )
    decision_number = models.CharField(_("admission decision number"), max_length=50, blank=True)
    decision_on = models.DateField(_("admission decision signed on"), null=True, blank=True)
    decision_received_on = models.DateField(_("decision received on"), null=True, blank=True)
    deciding_unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deciding committee"),
    )
    ceremony_on = models.DateField(_("admission ceremony on"), null=True, blank=True)
    ceremony_consent = models.CharField(_("consent to a late ceremony"), max_length=255, blank=True)
    recognition_vote_on = models.DateField(_("recognition resolution on"), null=True, blank=True)
    recognition_decision_number = models.CharField(
        _("recognition decision number"), max_length=50, blank=True
    )
    recognition_decision_on = models.DateField(_("recognition decision signed on"), null=True, blank=True)
    closed_reason = models.TextField(_("reason"), blank=True)
    member = models.OneToOneField(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacy",
        verbose_name=_("member record"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["unit_id", "full_name", "id"]
        indexes = [models.Index(fields=["stage", "unit"], name="candidate_stage_unit_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_open(self) -> bool:
        return self.stage not in rules.CLOSED


class Introducer(models.Model):
    """An official member assigned to help and introduce a candidate (người giới thiệu)."""

    SCOPE_PATH_FIELD = "candidate__unit__path"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="introducers")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    together_since = models.DateField(
        _("together in the same unit since"),
        help_text=_("Since when they have worked, studied or lived with the candidate in the same unit."),
    )
    replacement = models.BooleanField(
        _("replacement assigned by the chi bộ"),
        default=False,
        help_text=_("Replaces an introducer who moved or was disciplined; the 12 months are waived."),
    )
    assigned_on = models.DateField(_("assigned on"))
    released_on = models.DateField(_("released on"), null=True, blank=True)
    released_reason = models.CharField(_("reason for the release"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("introducer")
        verbose_name_plural = _("introducers")
        ordering = ["assigned_on", "id"]

    def __str__(self) -> str:
        return f"{self.member} → {self.candidate}"


class PaperKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate of the awareness class on the Party")
    APPLICATION = "application", _("Application to join the Party")
    CV = "cv", _("Curriculum vitae of the applicant (lý lịch)")
    VERIFICATION = "verification", _("Verification of the curriculum vitae")
    INTRODUCER_LETTER = "introducer_letter", _("Letter of the introducing official member")
    YOUTH_UNION_RESOLUTION = (
        "youth_union_resolution",
        _("Resolution of the Youth Union / trade union (if any)"),
    )
    COMMENTS = "comments", _("Comments of the mass organisations at work and the cell at residence")


def scan_path(paper: DossierPaper, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"dossiers/{paper.candidate_id}/{paper.kind}-{timezone.now():%Y%m%d%H%M%S}.{extension}"


class DossierPaper(models.Model):
    """One paper of the admission dossier (12-HD/BTCTW 2022 §II.1.1), with its number and date."""

    SCOPE_PATH_FIELD = "candidate__unit__path"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="papers")
    kind = models.CharField(_("paper"), max_length=30, choices=PaperKind.choices)
    number = models.CharField(_("number"), max_length=50, blank=True)
    issued_on = models.DateField(_("dated"))
    scan = models.FileField(
        _("scan"),
        upload_to=scan_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("dossier paper")
        verbose_name_plural = _("dossier papers")
        constraints = [models.UniqueConstraint(fields=["candidate", "kind"], name="one_paper_of_each_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Vote(models.Model):
    """A chi bộ vote on a candidate: admission or recognition (2/3 of the official members)."""

    class Kind(models.TextChoices):
        ADMISSION = "admission", _("Admission")
        RECOGNITION = "recognition", _("Recognition as official member")

    SCOPE_PATH_FIELD = "candidate__unit__path"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="votes")
    kind = models.CharField(_("vote on"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    official_members = models.PositiveIntegerField(_("official members of the chi bộ"))
    in_favour = models.PositiveIntegerField(_("in favour"))
    against = models.PositiveIntegerField(_("against"))
    required = models.PositiveIntegerField(_("votes required"))
    passed = models.BooleanField(_("passed"))

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.candidate} {self.kind} {self.held_on}"


class Step(models.Model):
    """The candidacy's history: one row per step taken (shown on the candidate's page)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("step"), max_length=20, choices=Stage.choices)
    effective_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference = models.CharField(_("number"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.stage} {self.effective_on}"


class Target(models.Model):
    """The yearly admission target of a unit, set by the level above."""

    SCOPE_PATH_FIELD = "unit__path"

    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="admission_targets")
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.PositiveIntegerField(_("members to admit"))

    class Meta:
        verbose_name = _("admission target")
        verbose_name_plural = _("admission targets")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_target_per_unit_year")]
        ordering = ["year", "unit_id"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.target}"
