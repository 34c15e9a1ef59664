"""Writes of notices, news, comments, views and the inbox: each in one transaction with its audit
entry. Refusals raise ``RuleViolation`` before anything is written (codes in
``chibo.handbook.messages``; file checks reuse ``chibo.documents.uploads`` and its codes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chibo.accounts.roles import Action
from chibo.core import audit, regulations
from chibo.core.publishing import check_editable, lock, lock_published
from chibo.core.scoping import NotPermitted, require, subtree_q
from chibo.documents import uploads
from chibo.documents.models import StudyAssignment, StudyRecord
from chibo.documents.services import max_upload_bytes
from chibo.evaluations.models import MemberEvaluation, ScoringTable, Subject
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
from chibo.meetings.models import Attendance, Notice
from chibo.meetings.models import Kind as MeetingKind
from chibo.meetings.models import State as MeetingState
from chibo.members.models import ACTIVE_Q, Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules import reminders as reminder_rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import normalize

EDITABLE = ("kind", "title", "body", "pinned", "files")
AUDITED = ["kind", "title", "pinned", "published_on", "withdrawn_on"]
NOTIFY_BATCH = 1000
ACTIVE_STATUSES = (MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY)


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


@transaction.atomic
def post_update(*, actor: Any, post: Post, **changes: Any) -> Post:
    """Correct a post's kind, title, text or pin, or add attachments (MANAGE on its unit)."""
    check_editable(changes, EDITABLE, refusal="handbook.unknown_field")
    post = lock_published(post, actor=actor, withdrawn_refusal="handbook.withdrawn")
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
    post = lock_published(post, actor=actor, withdrawn_refusal="handbook.withdrawn")
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
    post = lock(post)
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


def _write_lines(*, actor: Any, kind: str, lines: list[tuple[int, str, str]], key: str = "") -> int:
    """One notification per (user id, title, link), with one audit batch entry when any was written.
    With a ``key``, users who already have a line with that key get none (and a race writes none)."""
    if kind not in NotificationKind.values:
        raise RuleViolation("handbook.unknown_notification_kind", kind=kind)
    if key:
        sent = set(Notification.objects.filter(key=key).values_list("user_id", flat=True).order_by())
        lines = [line for line in lines if line[0] not in sent]
    rows = [
        Notification(user_id=u, kind=kind, title=title, link=link[:300], key=key) for u, title, link in lines
    ]
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, batch_size=NOTIFY_BATCH, ignore_conflicts=bool(key))
    first = Notification.objects.filter(user_id=lines[0][0], kind=kind).order_by("-pk").first()
    audit.record_batch(
        actor=actor,
        action="handbook.notify",
        target=first or rows[0],
        unit=None,
        counts={"notifications": len(rows)},
        after={"kind": kind, "title": lines[0][1], **({"key": key} if key else {})},
    )
    return len(rows)


def _title(value: Any) -> str:
    title = normalize(str(value or ""))[:300]
    if not title:
        raise RuleViolation("handbook.title_required")
    return title


def _member_ids(member_ids: Iterable[int] | QuerySet) -> Any:
    """A queryset of ids stays a subquery (a whole subtree needs no list of thousands of ids)."""
    return member_ids if isinstance(member_ids, QuerySet) else list(member_ids)


@transaction.atomic
def notify_members(
    *,
    actor: Any,
    member_ids: Iterable[int] | QuerySet,
    kind: str,
    title: str,
    link: str = "",
    key: str = "",
) -> int:
    """A line in the inbox of each of these members who has an account (for other apps: meetings,
    study, evaluation steps, deadlines); the number of lines written. ``member_ids`` may be a
    queryset of member ids (``.values("pk")``). With a ``key`` (``chibo.rules.reminders``), a
    member already told under that key is not told again."""
    if kind not in NotificationKind.values:
        raise RuleViolation("handbook.unknown_notification_kind", kind=kind)
    title = _title(title)
    users = (
        Member.objects.filter(pk__in=_member_ids(member_ids), user__isnull=False)
        .values_list("user_id", flat=True)
        .order_by("user_id")
    )
    return _write_lines(actor=actor, kind=kind, lines=[(u, title, link) for u in users], key=key)


@transaction.atomic
def notify_each(*, actor: Any, kind: str, lines: Iterable[tuple[int, str, str]]) -> int:
    """Each member its own line (member id, title, link), for those who have an account: a step that
    tells every member something different (their grade). One audit batch entry, like
    ``notify_members``; the number of lines written."""
    wanted = [(member_id, _title(title), link) for member_id, title, link in lines]
    users = dict(
        Member.objects.filter(pk__in=[m for m, _t, _l in wanted], user__isnull=False).values_list(
            "pk", "user_id"
        )
    )
    rows = sorted((users[m], title, link) for m, title, link in wanted if m in users)
    return _write_lines(actor=actor, kind=kind, lines=rows)


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


# --- deadline reminders (the daily ``send_reminders`` run) ---------------------------------------


@dataclass(frozen=True)
class Reminder:
    """One reminder due: whose inbox, its key (``chibo.rules.reminders``), what it says, where it leads."""

    user_id: int
    key: str
    title: str
    link: str
    kind: str = NotificationKind.DEADLINE


def _study_reminders(on: date) -> list[Reminder]:
    """Members with an account, in an assignment's subtree, who have not studied it, when its due
    date is near (three queries, whatever the number of members)."""
    first, last = reminder_rules.study_window(on)
    assignments = list(
        StudyAssignment.objects.filter(
            due_on__gte=first, due_on__lte=last, document__withdrawn_on__isnull=True
        )
        .select_related("document", "unit")
        .order_by("pk")
    )
    if not assignments:
        return []
    subtrees = reduce(or_, (subtree_q(a.unit.path, "unit_path") for a in assignments))
    members = list(
        Member.objects.filter(ACTIVE_Q, subtrees, user__isnull=False)
        .values_list("pk", "user_id", "unit_path")
        .order_by("user_id")
    )
    studied = set(
        StudyRecord.objects.filter(assignment__in=assignments).values_list("assignment_id", "member_id")
    )
    due = []
    for assignment in assignments:
        stage = reminder_rules.study_stage(assignment.due_on, on)
        if stage is None:
            continue
        if stage == reminder_rules.TODAY:
            message = _("Study today: %(document)s (due %(due)s)")
        else:
            message = _("Study by %(due)s: %(document)s")
        title = message % {"document": assignment.document, "due": f"{assignment.due_on:%d/%m/%Y}"}
        link = reverse("documents:read", args=[assignment.document_id])
        key = reminder_rules.study_key(assignment.pk, stage)
        due += [
            Reminder(user_id, key, title[:300], link)
            for member_id, user_id, path in members
            if path.startswith(assignment.unit.path) and (assignment.pk, member_id) not in studied
        ]
    return due


def _meeting_reminders(on: date) -> list[Reminder]:
    """Summoned members with an account who have neither confirmed nor excused, the day before a
    published meeting (one query)."""
    day = reminder_rules.meeting_day(on)
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    rows = (
        Attendance.objects.filter(
            meeting__state=MeetingState.PUBLISHED,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=start + timedelta(days=1),
            member__status__in=ACTIVE_STATUSES,
            member__user__isnull=False,
        )
        .values_list(
            "meeting_id", "member__user_id", "status", "meeting__starts_at", "meeting__kind", "meeting__title"
        )
        .order_by("meeting_id", "member__user_id")
    )
    due = []
    for meeting_id, user_id, status, starts_at, kind, name in rows:
        local = timezone.localtime(starts_at)
        if not reminder_rules.meeting_reminder_due(local.date(), on, answered=bool(status)):
            continue
        title = _(
            "Meeting tomorrow at %(time)s: %(meeting)s. If you cannot attend, please send your excuse."
        ) % {
            "time": f"{local:%H:%M}",
            "meeting": name or MeetingKind(kind).label,
        }
        link = reverse("portal:meeting", args=[meeting_id])
        due.append(Reminder(user_id, reminder_rules.meeting_key(meeting_id), title[:300], link))
    return due


def self_assessment_title(year: int) -> str:
    """The announcement that a member may self-assess for ``year`` (the evaluations' table trigger
    and the daily run send the same line, under the same key)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Self-assessment %(year)s is open: please fill in your form") % {"year": year}


def _self_assessment_reminders(on: date) -> list[Reminder]:
    """Members under a members' scoring table of the year, with an account and not yet reviewed for
    it, who were not told yet: a table prepared ahead opens on 1 January, and a member whose account
    is linked later learns it too (two queries)."""
    year = reminder_rules.self_assessment_year(on)
    paths = list(
        ScoringTable.objects.filter(year=year, subject=Subject.MEMBER).values_list("unit__path", flat=True)
    )
    if not paths:
        return []
    members = (
        Member.objects.filter(ACTIVE_Q, reduce(or_, (subtree_q(p, "unit_path") for p in paths)))
        .filter(user__isnull=False)
        .exclude(pk__in=MemberEvaluation.objects.filter(year=year).values("member_id"))
        .values_list("user_id", flat=True)
        .order_by("user_id")
    )
    title, key = self_assessment_title(year), reminder_rules.self_assessment_key(year)
    link = f"{reverse('evaluations:self')}?year={year}"
    return [Reminder(user_id, key, title, link, NotificationKind.EVALUATION) for user_id in members]


def reminders_due(*, on: date) -> list[Reminder]:
    """The reminders due on ``on`` and not sent yet (what ``reminders_send`` writes; the dry run shows
    it). Titles are in the site's language, the members' default."""
    with translation.override(settings.LANGUAGE_CODE):
        due = _study_reminders(on) + _meeting_reminders(on) + _self_assessment_reminders(on)
    if not due:
        return []
    sent = set(
        Notification.objects.filter(key__in={r.key for r in due}).values_list("key", "user_id").order_by()
    )
    return [r for r in due if (r.key, r.user_id) not in sent]


@transaction.atomic
def reminders_send(*, actor: Any = None, on: date) -> dict[str, int]:
    """Write the reminders due on ``on`` (``chibo.rules.reminders``: study and meeting deadlines, the
    self-assessment of the year open): each (user, key) once,
    so running twice the same day, or two runs at once, sends nothing new. One audit batch entry
    when anything was sent. A system job (``manage.py send_reminders``); a user running it needs
    MANAGE on every top unit. The counts sent, by kind of reminder."""
    if actor is not None:
        for top in Unit.objects.get_root_nodes():
            require(actor, Action.MANAGE, top)
    due = reminders_due(on=on)
    rows = [Notification(user_id=r.user_id, kind=r.kind, title=r.title, link=r.link, key=r.key) for r in due]
    Notification.objects.bulk_create(rows, batch_size=NOTIFY_BATCH, ignore_conflicts=True)
    counts = {"study": 0, "meeting": 0, "evaluation": 0}
    for reminder in due:
        counts[reminder.key.split(":", 1)[0]] += 1
    if due:
        first = Notification.objects.filter(key=due[0].key, user_id=due[0].user_id).first()
        audit.record_batch(
            actor=actor,
            action="handbook.reminders_send",
            target=first or rows[0],
            unit=None,
            counts=counts,
            effective_on=on,
        )
    return counts
