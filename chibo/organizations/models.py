from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from chibo.rules import organizations as org_rules


class UnitLevel(models.TextChoices):
    UPPER = org_rules.UPPER, _("Upper-level party committee")
    DANG_BO_CO_SO = org_rules.DANG_BO_CO_SO, _("Grassroots party committee")
    CHI_BO_CO_SO = org_rules.CHI_BO_CO_SO, _("Grassroots party cell")
    DANG_BO_BO_PHAN = org_rules.DANG_BO_BO_PHAN, _("Intermediate party committee")
    CHI_BO = org_rules.CHI_BO, _("Party cell")
    TO_DANG = org_rules.TO_DANG, _("Party group")


class HostKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative agency")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    STATE_ENTERPRISE = "state_enterprise", _("State-owned enterprise")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Non-state enterprise")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    COMMUNE = "commune", _("Commune / ward")
    OTHER = "other", _("Other")


code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9._-]{0,31}$",
    _("Use 1–32 capital letters, digits, dots, dashes or underscores, starting with a letter or digit."),
    code="invalid_code",
)


class Unit(MP_Node):
    """One node of the organisation tree (đảng bộ, chi bộ, tổ đảng …).

    The materialised ``path`` (treebeard) makes a subtree one indexed range. Units
    are never deleted: a dissolved or merged unit keeps its code and history and
    carries ``dissolved_on``.
    """

    SCOPE_PATH_FIELD = "path"
    steplen = 4

    path = models.CharField(max_length=255, unique=True)  # collation "C" on PostgreSQL (migration 0002)
    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    level = models.CharField(_("level"), max_length=20, choices=UnitLevel.choices)
    host_kind = models.CharField(
        _("host unit kind"), max_length=30, choices=HostKind.choices, default=HostKind.OTHER
    )
    host_name = models.CharField(_("host unit"), max_length=255, blank=True)
    workers_count = models.PositiveIntegerField(_("workers in the host unit"), default=0)
    has_committee = models.BooleanField(
        _("has a cell committee (chi ủy)"),
        default=False,
        help_text=_("A cell with 9 or more official members elects a committee."),
    )
    size_exception = models.CharField(
        _("written consent for its size"),
        max_length=255,
        blank=True,
        help_text=_("Number and date of the upper committee's consent to keep this form despite its size."),
    )
    admission_authority = models.BooleanField(
        _("delegated authority to admit members (ủy quyền kết nạp)"),
        default=False,
        help_text=_(
            "A đảng ủy cơ sở the upper committee has authorised to decide admissions and recognitions."
        ),
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    last_change_on = models.DateField(_("last restructuring"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [models.Index(fields=["level", "path"], name="unit_level_path_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    # Tree reads through treebeard's manager (its node methods are deprecated in treebeard 7).
    def parent_unit(self) -> Unit | None:
        return Unit.objects.get_parent(self, update=True)

    def child_units(self) -> models.QuerySet[Unit]:
        return Unit.objects.get_children(self)

    def ancestor_units(self) -> models.QuerySet[Unit]:
        return Unit.objects.get_ancestors(self)


class UnitPeriod(models.Model):
    """One stretch of a unit's life with the same parent, name and level.

    ``valid_from`` ≤ D < ``valid_to`` (open when ``valid_to`` is null): the tree as of
    any date D is the set of periods covering D.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="periods", verbose_name=_("unit"))
    parent = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("parent")
    )
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=20, choices=UnitLevel.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit period")
        verbose_name_plural = _("unit periods")
        ordering = ["unit_id", "valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="unitperiod_dates_idx")]

    def __str__(self) -> str:
        return f"{self.name} {self.valid_from}–{self.valid_to or ''}"


class UnitEvent(models.Model):
    """The history of a unit as its users read it: founded, renamed, moved, merged …"""

    class Kind(models.TextChoices):
        FOUNDED = "founded", _("Founded")
        UPDATED = "updated", _("Details changed")
        RENAMED = "renamed", _("Renamed")
        MOVED = "moved", _("Moved")
        MERGED_INTO = "merged_into", _("Merged into another unit")
        ABSORBED = "absorbed", _("Absorbed another unit")
        SPLIT_OFF = "split_off", _("New unit split off")
        SPLIT_FROM = "split_from", _("Created by a split")
        DISSOLVED = "dissolved", _("Dissolved")
        RECEIVED = "received", _("Received members and units")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="events", verbose_name=_("unit"))
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    effective_on = models.DateField(_("effective date"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    other_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("other unit")
    )
    decision = models.CharField(_("decision"), max_length=255, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("unit event")
        verbose_name_plural = _("unit events")
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on}"
