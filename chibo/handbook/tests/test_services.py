"""Services: publishing, comments (limits, the sum, moderation), views, notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from chibo.core.models import AuditEntry
from chibo.core.testing import user_with_role
from chibo.documents.tests.factories import EXE, upload
from chibo.handbook import selectors, services
from chibo.handbook.models import (
    COMMENT_MAX_LENGTH,
    Attachment,
    Comment,
    Notification,
    Post,
    PostView,
)
from chibo.handbook.tests.factories import linked_user, meeting_notice, publish
from chibo.meetings.models import Notice
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db

LOOSE = {"burst": 100, "daily": 100, "challenge_after": 100}


def _writes() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (AuditEntry, Post, Attachment, Comment, Notification, PostView))


def test_publishing_notifies_the_members_of_the_subtree_who_have_an_account(
    tree, member_user, other_member_user
):
    secretary = user_with_role("bithu", "secretary", tree.a)
    post = publish(tree.a, actor=secretary, files=[upload()], pinned=True)
    assert post.pinned and post.attachments.get().file_name == "nghi-quyet.pdf"
    assert list(Notification.objects.values_list("user", "kind", "link")) == [
        (member_user.pk, "notice", f"/handbook/news/{post.pk}/")
    ]
    entry = AuditEntry.objects.get(action="handbook.post_publish")
    assert entry.after["notified"] == 1 and entry.after["attachments"] == 1


def test_a_sibling_secretary_cannot_publish_and_nothing_is_written(tree):
    sibling = user_with_role("bithub", "secretary", tree.b)
    before = _writes()
    with pytest.raises(PermissionDenied):
        publish(tree.a, actor=sibling)
    assert _writes() == before


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"title": "  "}, "handbook.title_required"),
        ({"body": "\n \n"}, "handbook.body_required"),
        ({"kind": "gossip"}, "handbook.unknown_kind"),
        ({"files": [upload("virus.pdf", EXE)]}, "documents.file_content"),
    ],
)
def test_a_refused_publication_writes_nothing(tree, board, extra, code):
    before = _writes()
    with pytest.raises(RuleViolation) as raised:
        publish(tree.a, actor=board, **extra)
    assert raised.value.code == code and _writes() == before


def test_body_keeps_line_breaks_and_drops_control_characters(tree):
    post = publish(tree.a, body="Dòng 1\r\nDòng\x00 2  có   khoảng\n<script>alert(1)</script>")
    assert post.body == "Dòng 1\nDòng 2 có khoảng\n<script>alert(1)</script>"


def test_update_and_withdraw(tree, board):
    post = publish(tree.a)
    services.post_update(actor=board, post=post, title="Tiêu đề mới", files=[upload("kh.pdf")])
    post.refresh_from_db()
    assert post.title == "Tiêu đề mới" and post.attachments.count() == 1
    with pytest.raises(RuleViolation) as raised:
        services.post_withdraw(actor=board, post=post, reason=" ")
    assert raised.value.code == "handbook.reason_required"
    services.post_withdraw(actor=board, post=post, reason="Đăng nhầm")
    with pytest.raises(RuleViolation) as raised:
        services.post_update(actor=board, post=post, title="x")
    assert raised.value.code == "handbook.withdrawn"


def test_a_member_sees_the_posts_of_their_cells_ancestors_only(tree, member_user):
    mine = [publish(tree.root), publish(tree.a), publish(tree.a1)]
    publish(tree.b)
    publish(tree.b1)
    withdrawn = publish(tree.a)
    services.post_withdraw(actor=None, post=withdrawn, reason="Thay thế")
    assert set(selectors.post_list(user=member_user)) == set(mine)


def test_a_comment_waits_for_moderation_and_the_author_sees_it(tree, post, member_user, settings):
    settings.CHIBO_COMMENT_LIMITS = LOOSE
    comment = services.comment_post(actor=member_user, post=post, body="Tôi nhất trí.")
    other = linked_user(tree.a1, "dangvien2", index=1)
    assert comment.state == "pending" and comment.author_name.startswith("Nguyễn Văn A1")
    assert list(selectors.comments_for(member_user, post)) == [comment]
    assert list(selectors.comments_for(other, post)) == []
    services.comment_moderate(
        actor=user_with_role("bithu", "secretary", tree.a), comment=comment, decision="approved"
    )
    assert list(selectors.comments_for(other, post)) == [comment]


def test_a_member_cannot_comment_on_a_post_outside_their_scope(tree, other_member_user):
    post = publish(tree.a)
    before = _writes()
    with pytest.raises(PermissionDenied):
        services.comment_post(actor=other_member_user, post=post, body="Xin chào")
    assert _writes() == before


def test_a_too_long_or_empty_comment_is_refused(post, member_user):
    before = _writes()
    for body, code in [
        ("x" * (COMMENT_MAX_LENGTH + 1), "handbook.comment_too_long"),
        (" \n ", "handbook.comment_empty"),
    ]:
        with pytest.raises(RuleViolation) as raised:
            services.comment_post(actor=member_user, post=post, body=body)
        assert raised.value.code == code
    assert _writes() == before
    assert services.comment_post(actor=member_user, post=post, body="x" * COMMENT_MAX_LENGTH)


def test_the_burst_limit_is_counted_in_the_database(post, member_user, settings):
    settings.CHIBO_COMMENT_LIMITS = {"burst": 3, "burst_seconds": 600, "daily": 20, "challenge_after": 100}
    for i in range(3):
        services.comment_post(actor=member_user, post=post, body=f"Ý kiến {i}")
    before = _writes()
    with pytest.raises(RuleViolation) as raised:
        services.comment_post(actor=member_user, post=post, body="Ý kiến thứ tư")
    assert raised.value.code == "handbook.comment_rate" and raised.value.params["minutes"] == 10
    assert _writes() == before
    # ten minutes later the member may write again
    Comment.objects.update(created_at=Comment.objects.first().created_at - timedelta(minutes=11))
    assert services.comment_post(actor=member_user, post=post, body="Ý kiến thứ tư")


def test_the_daily_limit(post, member_user, settings):
    settings.CHIBO_COMMENT_LIMITS = {"burst": 100, "daily": 2, "challenge_after": 100}
    services.comment_post(actor=member_user, post=post, body="1")
    services.comment_post(actor=member_user, post=post, body="2")
    with pytest.raises(RuleViolation) as raised:
        services.comment_post(actor=member_user, post=post, body="3")
    assert raised.value.code == "handbook.comment_daily"


def test_after_several_comments_a_sum_must_be_answered(post, member_user, settings):
    settings.CHIBO_COMMENT_LIMITS = {"burst": 100, "daily": 100, "challenge_after": 2}
    services.comment_post(actor=member_user, post=post, body="1")
    assert not selectors.challenge_needed(member_user)
    services.comment_post(actor=member_user, post=post, body="2")
    assert selectors.challenge_needed(member_user)
    before = _writes()
    with pytest.raises(RuleViolation) as raised:
        services.comment_post(actor=member_user, post=post, body="3")
    assert raised.value.code == "handbook.challenge_required"
    with pytest.raises(RuleViolation) as raised:
        services.comment_post(
            actor=member_user, post=post, body="3", challenge_expected=7, challenge_answer="8"
        )
    assert raised.value.code == "handbook.challenge_failed"
    assert _writes() == before
    assert services.comment_post(
        actor=member_user, post=post, body="3", challenge_expected=7, challenge_answer=" 7 "
    )


def test_moderation_by_a_sibling_or_a_viewer_is_refused(tree, post, member_user):
    comment = services.comment_post(actor=member_user, post=post, body="Nhất trí")
    users = (user_with_role("bithub", "secretary", tree.b), user_with_role("xem", "viewer", tree.a))
    before = _writes()
    for user in users:
        with pytest.raises(PermissionDenied):
            services.comment_moderate(actor=user, comment=comment, decision="approved")
    assert _writes() == before
    comment.refresh_from_db()
    assert comment.state == "pending"


def test_a_comment_is_moderated_once(tree, post, member_user, board):
    comment = services.comment_post(actor=member_user, post=post, body="Nhất trí")
    with pytest.raises(RuleViolation) as raised:
        services.comment_moderate(actor=board, comment=comment, decision="deleted")
    assert raised.value.code == "handbook.unknown_decision"
    services.comment_moderate(actor=board, comment=comment, decision="rejected")
    with pytest.raises(RuleViolation) as raised:
        services.comment_moderate(actor=board, comment=comment, decision="approved")
    assert raised.value.code == "handbook.already_moderated"


def test_views_are_counted_once_per_reader_and_per_unit(tree, board):
    post = publish(tree.root)
    readers_a1 = [linked_user(tree.a1, f"a1-{i}", index=i) for i in range(3)]
    readers_b1 = [linked_user(tree.b1, f"b1-{i}", index=i) for i in range(2)]
    for user in [*readers_a1, *readers_b1, readers_a1[0], board]:
        services.post_view_record(actor=user, post=post)
    counted = {row.code: row.views for row in selectors.views_by_unit(post)}
    assert counted == {"A1": 3, "B1": 2, "": 1}
    assert PostView.objects.filter(post=post).count() == 6
    assert AuditEntry.objects.filter(action="handbook.post_view").count() == 6
    assert selectors.with_counts(Post.objects.filter(pk=post.pk)).get().view_count == 6


def test_a_reader_outside_the_scope_is_not_counted(tree, other_member_user):
    post = publish(tree.a)
    with pytest.raises(PermissionDenied):
        services.post_view_record(actor=other_member_user, post=post)
    assert not PostView.objects.exists()


def test_notify_members_and_the_inbox_with_meeting_notices(tree, member_user, other_member_user):
    member = member_user.member
    assert (
        services.notify_members(
            actor=None,
            member_ids=[member.pk, other_member_user.member.pk],
            kind="evaluation",
            title="Tự đánh giá",
        )
        == 2
    )
    with pytest.raises(RuleViolation):
        services.notify_members(actor=None, member_ids=[member.pk], kind="gossip", title="x")
    meeting_notice(tree.a1)
    items = selectors.inbox(member_user)
    assert {i.kind for i in items} == {"evaluation", "meeting"}
    assert selectors.unread_count(member_user) == 2
    notice = Notice.objects.select_related("member").get(member=member)
    assert services.meeting_notice_read(actor=member_user, notice=notice)
    assert not services.meeting_notice_read(actor=member_user, notice=notice)  # already read: no write
    assert selectors.inbox(member_user)[0].kind == "evaluation"  # unread first
    notification = Notification.objects.get(user=other_member_user)
    with pytest.raises(RuleViolation) as raised:
        services.notification_read(actor=member_user, notification=notification)
    assert raised.value.code == "handbook.not_own_notification"
    assert services.inbox_read_all(actor=member_user) == 1
    assert services.inbox_read_all(actor=member_user) == 0
    del member_user._handbook_unread
    assert selectors.unread_count(member_user) == 0 and selectors.unread_count(other_member_user) == 1


def test_a_correction_of_a_field_that_may_not_change_or_a_second_withdrawal_is_refused(tree, board):
    post = publish(tree.a)
    with pytest.raises(RuleViolation) as raised:
        services.post_update(actor=board, post=post, unit=tree.b, published_on=None)
    assert raised.value.code == "handbook.unknown_field"
    assert raised.value.params["fields"] == "published_on, unit"
    services.post_withdraw(actor=board, post=post, reason="Đăng nhầm")
    entries = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as raised:
        services.post_withdraw(actor=board, post=post, reason="Lần nữa")
    assert raised.value.code == "handbook.withdrawn" and AuditEntry.objects.count() == entries


def test_a_sibling_secretary_cannot_correct_or_withdraw(tree):
    post = publish(tree.a)
    sibling = user_with_role("bt-b", "secretary", tree.b)
    for change in (
        lambda: services.post_update(actor=sibling, post=post, title="x"),
        lambda: services.post_withdraw(actor=sibling, post=post, reason="x"),
    ):
        with pytest.raises(PermissionDenied):
            change()
    post.refresh_from_db()
    assert post.title != "x" and post.withdrawn_on is None
