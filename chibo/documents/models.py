"""The documents library (văn bản) and study tracking (học tập, quán triệt).

A document is published by a unit to that unit's subtree: every member whose cell lies in it, and
every staff user whose scope meets it, may read it. A study assignment asks the members of a subtree
(within the document's) to study it; each member marks it studied once, with an optional short note.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The longest note a member may leave when marking a document studied.
NOTE_MAX_LENGTH = 500


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution (nghị quyết)")
    DIRECTIVE = "directive", _("Directive (chỉ thị)")
    REGULATION = "regulation", _("Regulation (quy định)")
    CONCLUSION = "conclusion", _("Conclusion (kết luận)")
    PLAN = "plan", _("Plan (kế hoạch)")
    GUIDANCE = "guidance", _("Guidance (hướng dẫn)")
    NOTICE = "notice", _("Notice (thông báo)")
    OTHER = "other", _("Other")


def document_file_path(document: Document, filename: str) -> str:
    """Files are stored under a random name: the uploaded name is kept only for display."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{timezone.now():%Y}/{uuid.uuid4().hex}.{extension}"


class Document(models.Model):
    SCOPE_PATH_FIELD = "unit__path"

    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("published to (unit and its subtree)"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=50, blank=True, help_text=_("e.g. 21-NQ/TW"))
    issued_on = models.DateField(_("issued on"))
    issuer = models.CharField(_("issuing body"), max_length=255)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    file = models.FileField(_("file"), upload_to=document_file_path, blank=True, max_length=200)
    file_name = models.CharField(_("file name"), max_length=120, blank=True)
    file_type = models.CharField(max_length=100, blank=True, editable=False)
    file_size = models.PositiveIntegerField(default=0, editable=False)
    published_on = models.DateField(_("published on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    search_key = models.TextField(editable=False, default="")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["unit", "issued_on"], name="document_unit_issued_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()[:255]

    @property
    def is_published(self) -> bool:
        return self.withdrawn_on is None


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "document"], name="one_bookmark_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.document_id}"


class StudyAssignment(models.Model):
    """A document to study (học tập, quán triệt) by the members of ``unit``'s subtree."""

    SCOPE_PATH_FIELD = "unit__path"

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="study_assignments",
        verbose_name=_("unit"),
    )
    due_on = models.DateField(_("to be studied by"), null=True, blank=True)
    assigned_on = models.DateField(_("assigned on"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("study assignment")
        verbose_name_plural = _("study assignments")
        ordering = ["-assigned_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["document", "unit"], name="one_assignment_per_unit")]

    def __str__(self) -> str:
        return f"{self.document} · {self.unit}"[:255]


class StudyRecord(models.Model):
    """A member's own mark that they studied the document of an assignment."""

    SCOPE_PATH_FIELD = "member__unit_path"

    assignment = models.ForeignKey(StudyAssignment, on_delete=models.CASCADE, related_name="records")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="study_records")
    studied_on = models.DateField(_("studied on"))
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("study record")
        verbose_name_plural = _("study records")
        ordering = ["-studied_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "member"], name="one_record_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.assignment_id}"
