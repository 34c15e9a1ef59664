"""Reads of notices, news, comments, views and the inbox: already scoped to the reader.

A post is visible to a user when it is published (not withdrawn) to a unit whose subtree contains
the user's own cell (their linked member record), or when a staff user's scope meets it: inside
their scope, or above it (addressed to their units too). Everything else is 404 — the same scope
as the documents library, whose helpers are reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.accounts.roles import Action
from chibo.core.scoping import can
from chibo.documents.selectors import may_use_library, own_member, visibility_q
from chibo.handbook.models import Comment, CommentState, Notification, Post, PostView
from chibo.meetings.models import Notice

__all__ = ["may_use_library", "own_member"]

#: Defaults of the comment limits; override with the setting ``CHIBO_COMMENT_LIMITS``.
DEFAULT_LIMITS = {
    "burst": 3,  # at most this many comments …
    "burst_seconds": 600,  # … in this many seconds
    "daily": 20,  # at most this many in 24 hours
    "challenge_after": 3,  # a sum to answer once this many were posted …
    "challenge_seconds": 3600,  # … in this many seconds
}
INBOX_LIMIT = 100


def comment_limits() -> dict[str, int]:
    """The comment limits: ``CHIBO_COMMENT_LIMITS`` over the defaults."""
    return {**DEFAULT_LIMITS, **getattr(settings, "CHIBO_COMMENT_LIMITS", {})}


def post_list(*, user: Any, kind: str = "", withdrawn: bool = False, text: str = "") -> QuerySet[Post]:
    """The posts the user may read, pinned first then newest; ``withdrawn`` adds withdrawn ones."""
    posts = Post.objects.select_related("unit").filter(visibility_q(user))
    if not withdrawn:
        posts = posts.filter(withdrawn_on__isnull=True)
    if kind:
        posts = posts.filter(kind=kind)
    if text.strip():
        posts = posts.filter(title__icontains=text.strip())
    return posts.order_by("-pinned", "-published_on", "-id")


def with_counts(posts: QuerySet[Post]) -> QuerySet[Post]:
    """Each post with its number of readers and of comments waiting, in the same query."""

    def counted(queryset: QuerySet) -> Any:
        subquery = queryset.filter(post=OuterRef("pk")).order_by().values("post").annotate(n=Count("id"))
        return Coalesce(Subquery(subquery.values("n")[:1], output_field=IntegerField()), 0)

    return posts.annotate(
        view_count=counted(PostView.objects.all()),
        pending_count=counted(Comment.objects.filter(state=CommentState.PENDING)),
    )


def post_for(user: Any, pk: Any, *, withdrawn: bool = False) -> Post:
    """One post the user may read, or 404 (unknown and out of scope look the same)."""
    post = post_list(user=user, withdrawn=withdrawn).filter(pk=pk).first()
    if post is None:
        raise Http404(_("Not found."))
    return post


def may_moderate(user: Any, post: Post) -> bool:
    return can(user, Action.MANAGE, post.unit)


def comments_for(user: Any, post: Post) -> QuerySet[Comment]:
    """The approved comments, and the user's own waiting ones (moderators: every waiting one)."""
    q = Q(state=CommentState.APPROVED) | Q(state=CommentState.PENDING, author=user)
    if may_moderate(user, post):
        q |= Q(state=CommentState.PENDING)
    return Comment.objects.filter(q, post=post).order_by("created_at", "id")


def comment_for_moderation(user: Any, pk: Any) -> Comment:
    """A comment on a post the user sees (404 otherwise); MANAGE is checked by the service."""
    comment = (
        Comment.objects.select_related("post", "post__unit")
        .filter(pk=pk, post__in=post_list(user=user, withdrawn=True))
        .first()
    )
    if comment is None:
        raise Http404(_("Not found."))
    return comment


@dataclass
class UnitViews:
    code: str
    name: str
    views: int


def views_by_unit(post: Post) -> list[UnitViews]:
    """Readers of the post per unit (the reader's cell when they opened it; staff readers without
    a cell in one row), most first — one query."""
    rows = (
        PostView.objects.filter(post=post)
        .values("unit__code", "unit__name")
        .annotate(n=Count("id"))
        .order_by("-n", "unit__code")
    )
    return [UnitViews(r["unit__code"] or "", r["unit__name"] or _("Staff"), r["n"]) for r in rows]


def comments_since(user: Any, seconds: int) -> int:
    since = timezone.now() - timedelta(seconds=seconds)
    return Comment.objects.filter(author=user, created_at__gte=since).count()


def challenge_needed(user: Any) -> bool:
    """After several comments in a short time the next ones need the answer to a small sum."""
    limits = comment_limits()
    return comments_since(user, limits["challenge_seconds"]) >= limits["challenge_after"]


# --- the inbox ---------------------------------------------------------------------------------


@dataclass
class InboxItem:
    key: str  # "n<id>" a notification, "m<id>" a meeting notice
    kind: str
    title: str
    created_at: datetime
    read_at: datetime | None
    open_url: str

    @property
    def unread(self) -> bool:
        return self.read_at is None


def _meeting_notices(user: Any) -> QuerySet[Notice]:
    return Notice.objects.filter(member__user=user)


def inbox(user: Any, limit: int = INBOX_LIMIT) -> list[InboxItem]:
    """The user's notifications and meeting notices: unread first, then newest (two queries)."""
    items = [
        InboxItem(f"n{n.pk}", n.kind, n.title, n.created_at, n.read_at, reverse("handbook:open", args=[n.pk]))
        for n in Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit]
    ]
    items += [
        InboxItem(
            f"m{n.pk}",
            "meeting",
            n.subject,
            n.created_at,
            n.read_at,
            reverse("handbook:meeting_notice", args=[n.pk]),
        )
        for n in _meeting_notices(user).order_by("-created_at", "-id")[:limit]
    ]
    items.sort(key=lambda i: i.created_at, reverse=True)
    items.sort(key=lambda i: not i.unread)
    return items[:limit]


def unread_count(user: Any) -> int:
    """Unread notifications and meeting notices of the user: one query, cached on the user for the
    request (the header badge and the tabs share it)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    if not hasattr(user, "_handbook_unread"):

        def unread(queryset: QuerySet) -> Any:
            counted = queryset.filter(read_at__isnull=True).order_by().values("read_at")
            return Subquery(counted.annotate(n=Count("id")).values("n")[:1], output_field=IntegerField())

        row = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .annotate(
                unread_notifications=Coalesce(unread(Notification.objects.filter(user=OuterRef("pk"))), 0),
                unread_notices=Coalesce(unread(Notice.objects.filter(member__user=OuterRef("pk"))), 0),
            )
            .values_list("unread_notifications", "unread_notices")
            .first()
        )
        user._handbook_unread = sum(row) if row else 0
    return user._handbook_unread


def notification_for(user: Any, pk: Any) -> Notification:
    notification = Notification.objects.filter(user=user, pk=pk).first()
    if notification is None:
        raise Http404(_("Not found."))
    return notification


def meeting_notice_for(user: Any, pk: Any) -> Notice:
    notice = _meeting_notices(user).select_related("meeting").filter(pk=pk).first()
    if notice is None:
        raise Http404(_("Not found."))
    return notice
