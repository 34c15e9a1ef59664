"""Writes of notices, news, comments, views and the inbox: each in one transaction with its audit
entry. Refusals raise ``RuleViolation`` before anything is written (codes in
``chibo.handbook.messages``; file checks reuse ``chibo.documents.uploads`` and its codes).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from chibo.accounts.roles import Action
from chibo.core import audit, regulations
from chibo.core.scoping import NotPermitted, require, subtree_q
from chibo.documents import uploads
from chibo.documents.services import max_upload_bytes
from chibo.handbook import selectors
from chibo.handbook.models import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    Attachment,
    Comment,
    CommentState,
    Notification,
    NotificationKind,
    Post,
    PostKind,
    PostView,
)
from chibo.meetings.models import Notice
from chibo.members.models import ACTIVE_Q, Member
from chibo.organizations.models import Unit
from chibo.rules.errors import RuleViolation
from chibo.rules.text import normalize

EDITABLE = ("kind", "title", "body", "pinned", "files")
AUDITED = ["kind", "title", "pinned", "published_on", "withdrawn_on"]
NOTIFY_BATCH = 1000


def _text(value: Any) -> str:
    """Multi-line plain text: control characters dropped, line breaks kept, trimmed."""
    lines = str(value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(normalize(line) for line in lines).strip()


def _checked_files(files: Iterable[Any]) -> list[tuple[Any, str, str]]:
    """(upload, safe name, content type) of every file, all checked before anything is saved."""
    checked = []
    for upload in files:
        if upload:
            name, content_type = uploads.check_upload(upload.name, upload.size, upload, max_upload_bytes())
            checked.append((upload, name, content_type))
    return checked


def _apply(post: Post, data: dict[str, Any]) -> None:
    """Check and set the fields of ``data`` on ``post`` (nothing saved)."""
    if "kind" in data:
        if data["kind"] not in PostKind.values:
            raise RuleViolation("handbook.unknown_kind", kind=data["kind"])
        post.kind = data["kind"]
    if "title" in data:
        post.title = normalize(str(data["title"] or ""))[:300]
    if "body" in data:
        post.body = _text(data["body"])
    if "pinned" in data:
        post.pinned = bool(data["pinned"])
    if not post.title:
        raise RuleViolation("handbook.title_required")
    if not post.body:
        raise RuleViolation("handbook.body_required")
    if len(post.body) > BODY_MAX_LENGTH:
        raise RuleViolation("handbook.body_too_long", limit=BODY_MAX_LENGTH)


def _save_files(post: Post, checked: list[tuple[Any, str, str]]) -> None:
    for upload, name, content_type in checked:
        Attachment.objects.create(
            post=post, file=upload, file_name=name, file_type=content_type, file_size=upload.size
        )


def _notify_scope(post: Post) -> int:
    """One inbox line for every active member of the post's subtree who has an account."""
    users = (
        Member.objects.filter(ACTIVE_Q, subtree_q(post.unit.path, "unit_path"), user__isnull=False)
        .values_list("user_id", flat=True)
        .order_by("user_id")
    )
    link = reverse("handbook:read", args=[post.pk])
    rows = [
        Notification(user_id=user_id, kind=NotificationKind.NOTICE, title=post.title, link=link)
        for user_id in users.iterator()
    ]
    Notification.objects.bulk_create(rows, batch_size=NOTIFY_BATCH)
    return len(rows)


@transaction.atomic
def post_publish(
    *,
    actor: Any,
    unit: Unit,
    kind: str,
    title: str,
    body: str,
    pinned: bool = False,
    published_on: date | None = None,
    files: Iterable[Any] = (),
) -> Post:
    """Publish a notice or news to ``unit``'s subtree (MANAGE on the unit), with attachments
    checked like library files; its members get a line in their inbox."""
    require(actor, Action.MANAGE, unit)
    if unit.dissolved_on is not None:
        raise RuleViolation("handbook.unit_dissolved", unit=unit.name)
    today = regulations.today()
    published_on = published_on or today
    if published_on > today:
        raise RuleViolation("handbook.published_in_future", day=published_on)
    post = Post(
        unit=unit,
        published_on=published_on,
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _apply(post, {"kind": kind, "title": title, "body": body, "pinned": pinned})
    checked = _checked_files(files)
    post.save()
    _save_files(post, checked)
    notified = _notify_scope(post)
    audit.record(
        actor=actor,
        action="handbook.post_publish",
        target=post,
        unit=unit,
        after={**audit.snapshot(post, AUDITED), "attachments": len(checked), "notified": notified},
    )
    return post


def _lock(post: Post) -> Post:
    return Post.objects.select_for_update().select_related("unit").get(pk=post.pk)


@transaction.atomic
def post_update(*, actor: Any, post: Post, **changes: Any) -> Post:
    """Correct a post's kind, title, text or pin, or add attachments (MANAGE on its unit)."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise RuleViolation("handbook.unknown_field", fields=", ".join(unknown))
    post = _lock(post)
    require(actor, Action.MANAGE, post.unit)
    if post.withdrawn_on is not None:
        raise RuleViolation("handbook.withdrawn")
    before = audit.snapshot(post, AUDITED)
    _apply(post, {k: v for k, v in changes.items() if k != "files"})
    checked = _checked_files(changes.get("files") or ())
    post.save()
    _save_files(post, checked)
    audit.record(
        actor=actor,
        action="handbook.post_update",
        target=post,
        unit=post.unit,
        before=before,
        after={**audit.snapshot(post, AUDITED), "attachments_added": len(checked)},
    )
    return post


@transaction.atomic
def post_withdraw(*, actor: Any, post: Post, reason: str) -> Post:
    """Withdraw a post: it leaves the members' lists; comments and views stay (MANAGE on its unit)."""
    post = _lock(post)
    require(actor, Action.MANAGE, post.unit)
    if post.withdrawn_on is not None:
        raise RuleViolation("handbook.withdrawn")
    reason = normalize(reason or "")
    if not reason:
        raise RuleViolation("handbook.reason_required")
    post.withdrawn_on = regulations.today()
    post.save(update_fields=["withdrawn_on"])
    audit.record(
        actor=actor,
        action="handbook.post_withdraw",
        target=post,
        unit=post.unit,
        after={"withdrawn_on": post.withdrawn_on.isoformat()},
        note=reason[:255],
    )
    return post


def _visible(actor: Any, post: Post) -> None:
    if not selectors.post_list(user=actor).filter(pk=post.pk).exists():
        raise NotPermitted(Action.VIEW, post.unit)


@transaction.atomic
def post_view_record(*, actor: Any, post: Post) -> bool:
    """Count the actor's first opening of a post, with their cell; True when it was the first
    (later openings write nothing)."""
    _visible(actor, post)
    if PostView.objects.filter(post=post, user=actor).exists():
        return False
    member = selectors.own_member(actor)
    try:
        with transaction.atomic():
            view = PostView.objects.create(post=post, user=actor, unit_id=member.unit_id if member else None)
    except IntegrityError:  # the same reader opened it twice at once
        return False
    audit.record(
        actor=actor, action="handbook.post_view", target=view, unit=post.unit, after={"post": post.pk}
    )
    return True


def _check_rate(actor: Any) -> None:
    limits = selectors.comment_limits()
    daily = selectors.comments_since(actor, 24 * 3600)
    if daily >= limits["daily"]:
        raise RuleViolation("handbook.comment_daily", count=daily)
    burst = selectors.comments_since(actor, limits["burst_seconds"])
    if burst >= limits["burst"]:
        raise RuleViolation("handbook.comment_rate", count=burst, minutes=limits["burst_seconds"] // 60)


@transaction.atomic
def comment_post(
    *, actor: Any, post: Post, body: str, challenge_expected: int | None = None, challenge_answer: Any = None
) -> Comment:
    """A reader's comment on a post they see; it waits for moderation. Refused when empty, too
    long, beyond the rate limits (counted in the database, so they hold across workers), or when a
    sum is due (several comments in a short time) and ``challenge_answer`` is not its answer."""
    post = _lock(post)
    _visible(actor, post)
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()  # one comment at a time
    text = _text(body)
    if not text:
        raise RuleViolation("handbook.comment_empty")
    if len(text) > COMMENT_MAX_LENGTH:
        raise RuleViolation("handbook.comment_too_long", limit=COMMENT_MAX_LENGTH)
    _check_rate(actor)
    if selectors.challenge_needed(actor):
        given = str(challenge_answer if challenge_answer is not None else "").strip()
        if challenge_expected is None or not given:
            raise RuleViolation("handbook.challenge_required")
        if given != str(challenge_expected):
            raise RuleViolation("handbook.challenge_failed")
    member = selectors.own_member(actor)
    comment = Comment.objects.create(
        post=post,
        author=actor,
        author_name=(member.full_name if member else actor.get_full_name() or actor.get_username())[:255],
        body=text,
    )
    audit.record(
        actor=actor,
        action="handbook.comment_post",
        target=comment,
        unit=post.unit,
        after={"post": post.pk, "length": len(text), "state": comment.state},
    )
    return comment


@transaction.atomic
def comment_moderate(*, actor: Any, comment: Comment, decision: str) -> Comment:
    """Approve or reject a waiting comment (MANAGE on the post's unit)."""
    comment = Comment.objects.select_for_update().select_related("post__unit").get(pk=comment.pk)
    require(actor, Action.MANAGE, comment.post.unit)
    if decision not in (CommentState.APPROVED, CommentState.REJECTED):
        raise RuleViolation("handbook.unknown_decision", decision=decision)
    if comment.state != CommentState.PENDING:
        raise RuleViolation("handbook.already_moderated", state=comment.get_state_display())
    comment.state = decision
    comment.moderated_at = timezone.now()
    comment.moderated_by = actor if getattr(actor, "is_authenticated", False) else None
    comment.save(update_fields=["state", "moderated_at", "moderated_by"])
    audit.record(
        actor=actor,
        action="handbook.comment_moderate",
        target=comment,
        unit=comment.post.unit,
        before={"state": CommentState.PENDING},
        after={"state": decision},
    )
    return comment


@transaction.atomic
def notify_members(*, actor: Any, member_ids: Iterable[int], kind: str, title: str, link: str = "") -> int:
    """A line in the inbox of each of these members who has an account (for other apps: meetings,
    study, evaluation steps, deadlines); the number of lines written."""
    if kind not in NotificationKind.values:
        raise RuleViolation("handbook.unknown_notification_kind", kind=kind)
    title = normalize(title or "")[:300]
    if not title:
        raise RuleViolation("handbook.title_required")
    users = list(
        Member.objects.filter(pk__in=list(member_ids), user__isnull=False)
        .values_list("user_id", flat=True)
        .order_by("user_id")
    )
    rows = Notification.objects.bulk_create(
        [Notification(user_id=u, kind=kind, title=title, link=link[:300]) for u in users],
        batch_size=NOTIFY_BATCH,
    )
    if rows:
        first = Notification.objects.filter(user_id=users[0], title=title).order_by("-pk").first()
        audit.record_batch(
            actor=actor,
            action="handbook.notify",
            target=first or rows[0],
            unit=None,
            counts={"notifications": len(rows)},
            after={"kind": kind, "title": title},
        )
    return len(rows)


@transaction.atomic
def notification_read(*, actor: Any, notification: Notification) -> bool:
    """Mark the actor's own notification read; True when it was unread."""
    if notification.user_id != actor.pk:
        raise RuleViolation("handbook.not_own_notification")
    changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        audit.record(
            actor=actor,
            action="handbook.notification_read",
            target=notification,
            unit=None,
            after={"read": True},
        )
    return bool(changed)


@transaction.atomic
def meeting_notice_read(*, actor: Any, notice: Notice) -> bool:
    """Mark the actor's own meeting notice read (the meetings app writes notices and never reads
    them back: the inbox is their reader); True when it was unread."""
    if notice.member.user_id != actor.pk:
        raise RuleViolation("handbook.not_own_notification")
    changed = Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
    if changed:
        audit.record(
            actor=actor,
            action="handbook.meeting_notice_read",
            target=notice,
            unit=notice.member.unit,
            after={"read": True},
        )
    return bool(changed)


@transaction.atomic
def inbox_read_all(*, actor: Any) -> int:
    """Mark every unread notification and meeting notice of the actor read; how many were."""
    now = timezone.now()
    count = Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=now)
    count += Notice.objects.filter(member__user=actor, read_at__isnull=True).update(read_at=now)
    if count:
        audit.record_batch(
            actor=actor, action="handbook.inbox_read_all", target=actor, unit=None, counts={"read": count}
        )
    return count
