"""Notices and news (thông báo, tin tức) with moderated comments, and the notifications inbox.

A post is published by a unit to that unit's subtree: every member whose cell lies in it, and every
staff user whose scope meets it, may read it. Members comment; a comment waits for a moderator
(MANAGE on the post's unit) before others see it. Each reader's first opening of a post is one
``PostView`` row, kept with the reader's cell, so views are counted per post and per unit.
A ``Notification`` is one line of a user's inbox; meeting notices stay in ``chibo.meetings`` and are
read from there.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The longest comment a reader may post, and the longest post body.
COMMENT_MAX_LENGTH = 1000
BODY_MAX_LENGTH = 20000


class PostKind(models.TextChoices):
    NOTICE = "notice", _("Notice (thông báo)")
    NEWS = "news", _("News (tin tức)")


class CommentState(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class NotificationKind(models.TextChoices):
    NOTICE = "notice", _("Notice or news")
    MEETING = "meeting", _("Meeting")
    STUDY = "study", _("Study")
    EVALUATION = "evaluation", _("Evaluation")
    DEADLINE = "deadline", _("Deadline")


def attachment_path(attachment: Attachment, filename: str) -> str:
    """Files are stored under a random name: the uploaded name is kept only for display."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"handbook/{timezone.now():%Y}/{uuid.uuid4().hex}.{extension}"


class Post(models.Model):
    SCOPE_PATH_FIELD = "unit__path"

    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="handbook_posts",
        verbose_name=_("published to (unit and its subtree)"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"))
    published_on = models.DateField(_("published on"))
    pinned = models.BooleanField(_("pinned on top"), default=False)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("notice or news")
        verbose_name_plural = _("notices and news")
        ordering = ["-pinned", "-published_on", "-id"]
        indexes = [models.Index(fields=["unit", "published_on"], name="post_unit_published_idx")]

    def __str__(self) -> str:
        return self.title[:255]

    @property
    def is_published(self) -> bool:
        return self.withdrawn_on is None


class Attachment(models.Model):
    SCOPE_PATH_FIELD = "post__unit__path"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    file_name = models.CharField(_("file name"), max_length=120)
    file_type = models.CharField(max_length=100, editable=False)
    file_size = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file_name


class PostView(models.Model):
    """A reader's first opening of a post, with the reader's cell then (none for staff readers)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("view")
        verbose_name_plural = _("views")
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_view_per_user_and_post")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.post_id}"


class Comment(models.Model):
    SCOPE_PATH_FIELD = "post__unit__path"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(_("author"), max_length=255)
    body = models.TextField(_("comment"))
    state = models.CharField(
        _("state"), max_length=10, choices=CommentState.choices, default=CommentState.PENDING
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["post", "state"], name="comment_post_state_idx"),
            models.Index(fields=["author", "created_at"], name="comment_author_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:40]}"


class Notification(models.Model):
    """One line of a user's inbox, pointing to the page it is about. A reminder carries a ``key``
    (``chibo.rules.reminders``): a user gets each reminder once, however often the daily run runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=12, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    key = models.CharField(max_length=80, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_read_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "user"], condition=~models.Q(key=""), name="one_reminder_per_user_and_key"
            )
        ]

    def __str__(self) -> str:
        return self.title[:255]
