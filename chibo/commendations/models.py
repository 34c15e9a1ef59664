"""Commendations (khen thưởng) of party organisations and members.

A commendation is a decision of a committee or of the State (giấy khen, bằng khen, huân chương, a
title …) for a collective (a unit) or an individual (a member), for the results of a year. It is
recorded from the decision paper, corrected when the record was wrong (audited before/after) and
annulled when the decision is withdrawn; annulled rows stay for the history. While a discipline is in
effect a member receives no title (DOMAIN.md §7, 69-QĐ/TW art. 2): recording one then needs an
explicit confirmation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The forms of commendation in common Vietnamese practice (Luật Thi đua, khen thưởng 2022)."""

    GIAY_KHEN = "giay_khen", _("Certificate of merit (giấy khen)")
    BANG_KHEN = "bang_khen", _("Certificate of merit of a higher level (bằng khen)")
    CO_THI_DUA = "co_thi_dua", _("Emulation flag (cờ thi đua)")
    DANH_HIEU = "danh_hieu", _("Title (danh hiệu)")
    HUAN_CHUONG = "huan_chuong", _("Order (huân chương)")
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    """The level of the issuing body."""

    DANG_UY_CO_SO = "co_so", _("Grassroots party committee (đảng ủy cơ sở)")
    CAP_TREN_CO_SO = "cap_tren", _("Upper-level party committee (đảng ủy cấp trên cơ sở)")
    HUYEN = "huyen", _("District level (huyện ủy, until 2025)")
    TINH = "tinh", _("Provincial level (tỉnh ủy, thành ủy)")
    TRUNG_UONG = "trung_uong", _("Central level (Trung ương)")
    NHA_NUOC = "nha_nuoc", _("State (Chủ tịch nước, Thủ tướng)")


class Commendation(models.Model):
    SCOPE_PATH_FIELD = "unit__path"

    #: The unit commended (a collective), or the unit of the member commended when it was recorded.
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="commendations", verbose_name=_("unit")
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="commendations",
        null=True,
        blank=True,
        verbose_name=_("member"),
    )
    kind = models.CharField(_("form"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    title = models.CharField(_("title"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("for the year"))
    decision_number = models.CharField(_("decision number"), max_length=50)
    decided_on = models.DateField(_("decision date"))
    issued_by = models.CharField(_("issuing body"), max_length=255, blank=True)
    citation = models.TextField(_("reason (achievements)"), blank=True)
    despite_discipline = models.BooleanField(_("recorded despite a discipline in effect"), default=False)
    annulled_on = models.DateField(_("annulled on"), null=True, blank=True)
    annul_reason = models.CharField(_("reason of the annulment"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-year", "-decided_on", "-id"]
        indexes = [
            models.Index(fields=["year", "unit"], name="commendation_year_unit"),
            models.Index(fields=["member", "year"], name="commendation_member_year"),
        ]

    def __str__(self) -> str:
        subject = self.member.full_name if self.member_id else self.unit.name  # type: ignore[union-attr]
        return f"{self.get_kind_display()} {self.year}: {subject}"

    @property
    def is_collective(self) -> bool:
        return self.member_id is None

    @property
    def annulled(self) -> bool:
        return self.annulled_on is not None

    @property
    def subject_name(self) -> str:
        return self.member.full_name if self.member_id else self.unit.name  # type: ignore[union-attr]
