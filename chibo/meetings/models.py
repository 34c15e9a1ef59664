"""Cell meetings (sinh hoạt chi bộ): the meeting, its materials, attendance, minutes and resolutions.

The rules are in ``chibo.rules.meetings`` (DOMAIN.md §3, §4). A meeting goes planned → published
(the notice went out and the summoned list was fixed) → held (attendance taken) → its minutes are
finalised (immutable; corrections are appended).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chibo.rules import meetings as rules


class Kind(models.TextChoices):
    REGULAR = rules.REGULAR, _("Regular monthly meeting")
    THEMATIC = rules.THEMATIC, _("Thematic meeting")
    COMBINED = rules.COMBINED, _("Regular and thematic meeting")
    EXTRAORDINARY = rules.EXTRAORDINARY, _("Extraordinary meeting")
    COMMITTEE = rules.COMMITTEE, _("Committee meeting")
    CONFERENCE = rules.CONFERENCE, _("Đảng bộ conference")


class State(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PUBLISHED = "published", _("Notice sent")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


def _token() -> str:
    return secrets.token_urlsafe(16)


class Meeting(models.Model):
    SCOPE_PATH_FIELD = "unit__path"

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    title = models.CharField(_("title"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    online = models.BooleanField(_("online"), default=False)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    political_task = models.CharField(_("political task"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PLANNED)
    published_at = models.DateTimeField(_("notice sent at"), null=True, blank=True)
    checkin_token = models.CharField(max_length=40, default=_token, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["unit", "starts_at"], name="meeting_unit_start_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%d/%m/%Y}"

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


def document_path(document: MeetingDocument, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"meetings/{document.meeting_id}/{timezone.now():%Y%m%d%H%M%S}.{extension}"


class MeetingDocument(models.Model):
    """A material of the meeting; it must be out at least a day before (HD 42/2025)."""

    SCOPE_PATH_FIELD = "meeting__unit__path"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("file"),
        upload_to=document_path,
        validators=[FileExtensionValidator(["pdf", "doc", "docx", "odt", "jpg", "jpeg", "png"])],
    )
    uploaded_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = rules.PRESENT, _("Present")
    ABSENT_EXCUSED = rules.ABSENT_EXCUSED, _("Absent with reason")
    ABSENT_UNEXCUSED = rules.ABSENT_UNEXCUSED, _("Absent without reason")
    EXCUSED_BY_STATUS = rules.EXCUSED_BY_STATUS, _("Excused by status")


class Attendance(models.Model):
    """One summoned member of a meeting, with the facts the vote base needs as they were then."""

    class Source(models.TextChoices):
        SECRETARY = "secretary", _("Taken by the secretary")
        QR = "qr", _("QR check-in")
        PORTAL = "portal", _("Confirmed by the member")

    SCOPE_PATH_FIELD = "meeting__unit__path"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    source = models.CharField(_("recorded by"), max_length=10, choices=Source.choices, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    # the member's situation when summoned (24-QĐ/TW §9.3.2)
    official = models.BooleanField(default=True)
    temporarily_out = models.BooleanField(default=False)
    temporarily_in = models.BooleanField(default=False)
    exempt = models.BooleanField(default=False)
    away = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member")
        ]
        indexes = [models.Index(fields=["member", "status"], name="attendance_member_status_idx")]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.meeting_id}: {self.status}"


class Minutes(models.Model):
    """The record of the meeting (biên bản sinh hoạt chi bộ): a draft until finalised."""

    SCOPE_PATH_FIELD = "meeting__unit__path"

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    chair = models.CharField(_("chaired by"), max_length=150, blank=True)
    recorder = models.CharField(_("written by"), max_length=150, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    discussion = models.TextField(_("discussion"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{_('Minutes')} {self.meeting}"

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None


class Resolution(models.Model):
    """A decision of the meeting with its vote: ordinary (> ½ of the vote base) or special (≥ 2/3 of
    the official members: admission, recognition, removal)."""

    SCOPE_PATH_FIELD = "minutes__meeting__unit__path"

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="resolutions")
    text = models.TextField(_("resolution"))
    special = models.BooleanField(_("needs two thirds of the official members"), default=False)
    in_favour = models.PositiveIntegerField(_("in favour"))
    against = models.PositiveIntegerField(_("against"), default=0)
    abstained = models.PositiveIntegerField(_("abstained"), default=0)
    base = models.PositiveIntegerField(_("vote base"))
    passed = models.BooleanField(_("passed"))

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]


class MinutesCorrection(models.Model):
    """A correction appended to finalised minutes (they are never rewritten)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField(_("correction"))
    made_at = models.DateTimeField(_("made at"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Notice(models.Model):
    """A notification to a member (in the app; e-mail and SMS go through ``chibo.meetings.notify``)."""

    SCOPE_PATH_FIELD = "member__unit_path"

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="notices")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notices", null=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed = models.BooleanField(_("sent by e-mail"), default=False)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "read_at"], name="notice_member_read_idx")]

    def __str__(self) -> str:
        return self.subject
