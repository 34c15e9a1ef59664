from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary member")
    OFFICIAL = "official", _("Official member")
    LEFT = "left", _("Left the party organisation")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Member(models.Model):
    """A party member (hồ sơ đảng viên): the core of the record.

    The full register (CCCD, card number, education …) and the life-cycle events
    come with the member-records work; the foundation needs who, where and status
    so that the tree counts members and restructuring moves them.
    """

    SCOPE_PATH_FIELD = "unit_path"

    full_name = models.CharField(_("full name"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="members", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=MemberStatus.choices)
    admitted_on = models.DateField(_("admission decision date"), null=True, blank=True)
    official_on = models.DateField(_("official date"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("account"),
    )

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        indexes = [models.Index(fields=["unit_path", "status"], name="member_path_status_idx")]

    def __str__(self) -> str:
        return self.full_name


class MemberUnitPeriod(models.Model):
    """Which unit a member belonged to from ``valid_from`` until ``valid_to`` (open when null)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="unit_periods")
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=64)

    class Meta:
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        ordering = ["member_id", "valid_from", "id"]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.unit_id} {self.valid_from}–{self.valid_to or ''}"
