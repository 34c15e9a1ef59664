from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary member")
    OFFICIAL = "official", _("Official member")
    LEFT = "left", _("No longer a member")


class LeaveReason(models.TextChoices):
    REMOVED = "removed", _("Removed from the list (xóa tên)")
    EXPELLED = "expelled", _("Expelled (khai trừ)")
    RESIGNED = "resigned", _("Left the Party at own request")
    DIED = "died", _("Deceased")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out of the system")


class ActivityState(models.TextChoices):
    NORMAL = "normal", _("Normal party activity")
    EXEMPT = "exempt", _("Exempt from work and meetings")
    TEMP_OUT = "temp_out", _("Temporarily transferred out")
    TEMP_IN = "temp_in", _("Temporarily transferred in")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class ProfessionalLevel(models.TextChoices):
    NONE = "none", _("None")
    ELEMENTARY = "elementary", _("Elementary vocational")
    INTERMEDIATE = "intermediate", _("Intermediate vocational")
    COLLEGE = "college", _("College")
    BACHELOR = "bachelor", _("University")
    MASTER = "master", _("Master")
    DOCTOR = "doctor", _("Doctorate")


class TheoryLevel(models.TextChoices):
    NONE = "none", _("None")
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    BACHELOR = "bachelor", _("Bachelor of political science")


ACTIVE_Q = Q(status__in=[MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL])

#: Sensitive personal data (Decree 13/2023): shown only to the organisation board and the
#: member, and every view is audited (chibo.members.services.member_sensitive_view).
SENSITIVE_FIELDS = ("cccd", "religion", "residence")
#: The columns the statistics report reads (its figures as of any date, chibo/reports/selectors.py),
#: kept in the subtree index so that the report never reads the table's wide rows.
REPORTED_FIELDS = (
    "id",
    "sex",
    "ethnicity",
    "religion",
    "education_professional",
    "theory_level",
    "birth_date",
    "admitted_on",
    "first_admitted_on",
    "official_on",
)


class Member(models.Model):
    """A party member (hồ sơ đảng viên): the fields of the register, Mẫu 7-HSĐV (DOMAIN.md §11)."""

    SCOPE_PATH_FIELD = "unit_path"

    # identity
    full_name = models.CharField(_("full name"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False)
    name_sort = models.CharField(max_length=320, editable=False, default="")
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True, default="Kinh")
    religion = models.CharField(_("religion"), max_length=50, blank=True)
    home_town = models.CharField(_("home town"), max_length=255, blank=True)
    residence = models.CharField(_("current residence"), max_length=255, blank=True)
    cccd = models.CharField(_("citizen ID (CCCD)"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # education and work
    education_general = models.CharField(
        _("general education"), max_length=10, blank=True, help_text=_("e.g. 12/12")
    )
    education_professional = models.CharField(
        _("professional education"), max_length=20, choices=ProfessionalLevel.choices, blank=True
    )
    theory_level = models.CharField(
        _("political theory"), max_length=20, choices=TheoryLevel.choices, blank=True
    )
    foreign_language = models.CharField(_("foreign language"), max_length=100, blank=True)
    job = models.CharField(_("job"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    host_unit_name = models.CharField(_("workplace"), max_length=255, blank=True)
    # party
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="members", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=MemberStatus.choices)
    activity = models.CharField(
        _("party activity"), max_length=20, choices=ActivityState.choices, default=ActivityState.NORMAL
    )
    admitted_on = models.DateField(_("admission decision date"), null=True, blank=True)
    first_admitted_on = models.DateField(
        _("first admission decision date"),
        null=True,
        blank=True,
        help_text=_("For re-admitted members: party age counts from here."),
    )
    ceremony_on = models.DateField(_("admission ceremony date"), null=True, blank=True)
    official_on = models.DateField(_("official date"), null=True, blank=True)
    card_number = models.CharField(_("party card number"), max_length=20, blank=True)
    profile_number = models.CharField(_("lý lịch number"), max_length=30, blank=True)
    badge_numbers = models.CharField(_("badge numbers"), max_length=255, blank=True)
    leave_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=LeaveReason.choices, blank=True
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    readmissions = models.PositiveSmallIntegerField(_("re-admissions"), default=0)
    last_event_on = models.DateField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
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
        # Every index slows each write of a member (an import of 100,000 rows pays for each one;
        # migration 0011 and docs/decisions/0014-roster-exchange.md): subtree ranges use the two
        # (unit_path, …) indexes, CCCD and card numbers one index each that serves both equality
        # and prefix searches (pattern_ops; on PostgreSQL Django would otherwise add a second).
        indexes = [
            # Covering: the statistics report reads every column it groups by from this index alone
            # (an index-only scan, a third of the table's bytes; chibo/reports/selectors.py).
            models.Index(
                fields=["unit_path", "status"],
                include=REPORTED_FIELDS,
                name="member_path_status_idx",
            ),
            models.Index(fields=["unit_path", "name_sort"], name="member_path_sort_idx"),
            models.Index(fields=["name_sort", "id"], name="member_sort_idx"),
            models.Index(fields=["cccd"], name="member_cccd_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["card_number"], name="member_card_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["name_folded", "birth_date"], name="member_name_birth_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cccd"], condition=ACTIVE_Q & ~Q(cccd=""), name="unique_cccd_among_active"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.status != MemberStatus.LEFT

    @property
    def party_age_from(self):  # type: ignore[no-untyped-def]
        return self.first_admitted_on or self.admitted_on


class NameKey(models.Model):
    """The names in use, one row per word start: ``key`` is the folded name from the start of
    one of its words, ``name_sort`` the roster sort key of the name ("Nguyễn Văn Đức" gives
    "nguyen van duc", "van duc" and "duc"). A name search reads the names whose key starts with
    the folded query, then the members of those names in roster order
    (docs/decisions/0006-national-scale.md).

    Written by the member services whenever a name is written (rows are never removed: a name
    nobody bears any more only costs a look-up), keyed by the name alone, so that moving members
    between units never touches it. On PostgreSQL ``key`` compares byte by byte (collation "C",
    migration 0009), so that a prefix is a range of the unique index."""

    key = models.CharField(max_length=150)
    name_sort = models.CharField(max_length=320)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "name_sort"], name="name_key_unique")]

    def __str__(self) -> str:
        return self.key


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
        # statistics as of a past date read the few periods opened or closed since (chibo.reports)
        indexes = [
            models.Index(
                fields=["valid_from"], condition=Q(valid_to__isnull=True), name="memberperiod_open_from_idx"
            ),
            models.Index(
                fields=["valid_to"], condition=Q(valid_to__isnull=False), name="memberperiod_closed_to_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.unit_id} {self.valid_from}–{self.valid_to or ''}"


class MemberEvent(models.Model):
    """The member's history (the source of point-in-time figures): one row per life-cycle event."""

    class Kind(models.TextChoices):
        RECORDED = "recorded", _("Record created")
        UPDATED = "updated", _("Record corrected")
        ADMITTED = "admitted", _("Admitted")
        CEREMONY = "ceremony", _("Admission ceremony held")
        RECOGNISED = "recognised", _("Recognised as official member")
        TRANSFER_OUT = "transfer_out", _("Transferred out")
        TRANSFER_IN = "transfer_in", _("Transferred in")
        TEMP_OUT = "temp_out", _("Temporarily transferred out")
        TEMP_RETURN = "temp_return", _("Returned from temporary transfer")
        EXEMPTED = "exempted", _("Exempted from work and meetings")
        EXEMPTION_ENDED = "exemption_ended", _("Exemption ended")
        AWAY = "away", _("Temporarily away / abroad")
        AWAY_RETURNED = "away_returned", _("Returned and reported")
        LEFT = "left", _("Left")
        READMITTED = "readmitted", _("Re-admitted")
        MOVED = "moved", _("Moved by restructuring")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    effective_on = models.DateField(_("effective date"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    other_unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=255, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("member event")
        verbose_name_plural = _("member events")
        ordering = ["-effective_on", "-id"]
        indexes = [models.Index(fields=["kind", "effective_on"], name="memberevent_kind_day_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on}"


class Transfer(models.Model):
    """A transfer of party activity in progress or done (chuyển sinh hoạt đảng, DOMAIN.md §5)."""

    class Kind(models.TextChoices):
        PERMANENT = "permanent", _("Permanent")
        TEMPORARY = "temporary", _("Temporary")

    class Direction(models.TextChoices):
        INTERNAL = "internal", _("Inside the tree")
        OUT = "out", _("Out of the system")
        IN = "in", _("Into the system")

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Waiting for arrival")
        ARRIVED = "arrived", _("Arrived")
        RETURNED = "returned", _("Returned")
        CANCELLED = "cancelled", _("Cancelled")

    SCOPE_PATH_FIELD = "member__unit_path"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    from_unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    external_org = models.CharField(_("organisation outside the system"), max_length=255, blank=True)
    letter_number = models.CharField(_("transfer letter number"), max_length=50, blank=True)
    letter_date = models.DateField(_("transfer letter date"), null=True, blank=True)
    decision_effective_on = models.DateField(_("decision takes effect on"))
    start_on = models.DateField(_("from"), null=True, blank=True)
    end_on = models.DateField(_("until"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=20, blank=True)
    procedure_due = models.DateField(_("procedure due"))
    presentation_due = models.DateField(_("letter to be presented by"), null=True, blank=True)
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["procedure_due", "id"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.decision_effective_on}"


class Exemption(models.Model):
    """Exemption from work and meetings (miễn công tác và sinh hoạt đảng, DOMAIN.md §3)."""

    class Reason(models.TextChoices):
        OLD_AGE = "old_age", _("Old age")
        POOR_HEALTH = "poor_health", _("Poor health")
        TREATMENT = "treatment", _("Long or distant medical treatment")
        ABROAD_PRIVATE = "abroad_private", _("Private stay abroad")
        MOBILE_WORK = "mobile_work", _("Mobile work without a party organisation")
        AWAITING_RETIREMENT = "awaiting_retirement", _("Awaiting retirement")
        MATERNITY = "maternity", _("Maternity leave")
        OTHER = "other", _("Other")

    SCOPE_PATH_FIELD = "member__unit_path"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="exemptions")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=255, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        ordering = ["-start_on"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_reason_display()} {self.start_on}"


class Absence(models.Model):
    """A member temporarily away from their place of activity, in the country or abroad
    (DOMAIN.md §12: record-keeping only), with the report after return."""

    class Kind(models.TextChoices):
        AWAY = "away", _("Temporarily away")
        ABROAD = "abroad", _("Abroad")

    SCOPE_PATH_FIELD = "member__unit_path"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=255)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    report = models.TextField(_("report after return"), blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-start_on"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.start_on}"
