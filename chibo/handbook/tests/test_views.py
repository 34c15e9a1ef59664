"""The pages: staff (publish, detail with moderation and view counts) and members (news, read,
comment, inbox), escaping of what users type, and pinned query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chibo.core.testing import user_with_role
from chibo.documents.tests.factories import EXE, upload
from chibo.handbook import services
from chibo.handbook.models import COMMENT_MAX_LENGTH, Comment, Notification, Post, PostView
from chibo.handbook.tests.factories import linked_user, meeting_notice, publish
from chibo.handbook.views import CHALLENGE_KEY
from chibo.meetings.models import Notice

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


def test_a_secretary_publishes_with_an_attachment(client, tree, member_user):
    client.force_login(user_with_role("bithu", "secretary", tree.a))
    data = {
        "kind": "news",
        "title": "Tin hoạt động",
        "body": "Dòng 1\nDòng 2",
        "attachment": upload("ảnh.pdf"),
    }
    response = client.post(reverse("handbook:publish", args=["A"]), data)
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("handbook:detail", args=[post.pk])
    assert post.kind == "news" and post.attachments.get().file_name == "ảnh.pdf"
    assert Notification.objects.filter(user=member_user).count() == 1


def test_publishing_an_executable_shows_the_refusal_and_writes_nothing(client, tree, board):
    client.force_login(board)
    data = {"kind": "notice", "title": "T", "body": "B", "attachment": upload("x.pdf", EXE)}
    response = client.post(reverse("handbook:publish", args=["A"]), data)
    assert response.status_code == 200 and not Post.objects.exists()
    assert response.context["form"].non_field_errors()


def test_script_in_a_post_body_and_in_a_comment_is_shown_as_text(client, tree, member_user, board):
    post = publish(tree.a, title=f"Tiêu đề {SCRIPT}", body=f"Nội dung {SCRIPT}\nDòng hai")
    comment = services.comment_post(actor=member_user, post=post, body=f"Bình luận {SCRIPT}")
    services.comment_moderate(actor=None, comment=comment, decision="approved")
    for user, name in ((member_user, "handbook:read"), (board, "handbook:detail")):
        client.force_login(user)
        html = client.get(reverse(name, args=[post.pk])).content.decode()
        assert SCRIPT not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
        assert html.count("&lt;script&gt;") >= 3  # title, body, comment


def test_a_member_gets_404_for_a_post_outside_their_scope(client, tree, member_user):
    post = publish(tree.b)
    client.force_login(member_user)
    assert client.get(reverse("handbook:read", args=[post.pk])).status_code == 404
    assert client.post(reverse("handbook:comment", args=[post.pk]), {"body": "x"}).status_code == 404
    assert not PostView.objects.exists() and not Comment.objects.exists()


def test_reading_counts_the_member_once(client, tree, member_user):
    post = publish(tree.a)
    client.force_login(member_user)
    client.get(reverse("handbook:read", args=[post.pk]))
    client.get(reverse("handbook:read", args=[post.pk]))
    view = PostView.objects.get()
    assert view.user == member_user and view.unit == tree.a1


def test_a_member_comments_and_sees_it_waiting(client, tree, member_user):
    post = publish(tree.a)
    client.force_login(member_user)
    response = client.post(reverse("handbook:comment", args=[post.pk]), {"body": "Tôi nhất trí"})
    assert response.status_code == 302
    page = client.get(reverse("handbook:read", args=[post.pk])).content.decode()
    assert "Tôi nhất trí" in page and 'data-state="pending"' in page


def test_a_refused_comment_keeps_the_typed_text(client, tree, member_user):
    post = publish(tree.a)
    client.force_login(member_user)
    long_text = "Ý kiến dài " + "x" * COMMENT_MAX_LENGTH
    response = client.post(reverse("handbook:comment", args=[post.pk]), {"body": long_text})
    assert response.status_code == 400 and not Comment.objects.exists()
    assert long_text in response.content.decode()
    assert response.context["form"].non_field_errors()


def test_after_several_comments_the_page_asks_a_sum_kept_in_the_session(client, tree, member_user, settings):
    settings.CHIBO_COMMENT_LIMITS = {"burst": 100, "daily": 100, "challenge_after": 1}
    post = publish(tree.a)
    client.force_login(member_user)
    url = reverse("handbook:comment", args=[post.pk])
    assert client.post(url, {"body": "Một"}).status_code == 302
    page = client.get(reverse("handbook:read", args=[post.pk]))
    assert page.context["question"] and 'id="id_answer"' in page.content.decode()
    expected = client.session[CHALLENGE_KEY]
    wrong = client.post(url, {"body": "Hai", "answer": str(expected + 1)})
    assert wrong.status_code == 400 and "Hai" in wrong.content.decode() and Comment.objects.count() == 1
    expected = client.session[CHALLENGE_KEY]  # a fresh sum for the next try
    assert client.post(url, {"body": "Hai", "answer": str(expected)}).status_code == 302
    assert Comment.objects.count() == 2


def test_the_secretary_moderates_and_sees_views_per_unit(client, tree, member_user):
    post = publish(tree.a)
    comment = services.comment_post(actor=member_user, post=post, body="Nhất trí")
    readers = [member_user, linked_user(tree.a1, "dv2", index=1)]
    for user in readers:
        services.post_view_record(actor=user, post=post)
    secretary = user_with_role("bithu", "secretary", tree.a)
    client.force_login(secretary)
    detail = client.get(reverse("handbook:detail", args=[post.pk]))
    rows = {row.code: row.views for row in detail.context["views_by_unit"]}
    assert rows == {"A1": PostView.objects.filter(unit=tree.a1).count()} == {"A1": 2}
    assert detail.context["view_total"] == 2
    response = client.post(reverse("handbook:moderate", args=[comment.pk]), {"decision": "approved"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.state == "approved" and comment.moderated_by == secretary


def test_a_viewer_cannot_moderate(client, tree, member_user):
    comment = services.comment_post(actor=member_user, post=publish(tree.a), body="Nhất trí")
    client.force_login(user_with_role("xem", "viewer", tree.a))
    assert (
        client.post(reverse("handbook:moderate", args=[comment.pk]), {"decision": "approved"}).status_code
        == 403
    )
    comment.refresh_from_db()
    assert comment.state == "pending"


def test_the_inbox_opens_marks_read_and_marks_all_read(client, tree, member_user):
    post = publish(tree.a)
    meeting_notice(tree.a1)
    client.force_login(member_user)
    inbox = client.get(reverse("handbook:inbox"))
    assert [i.kind for i in inbox.context["items"]] == ["meeting", "notice"]
    assert 'id="unread-badge">2<' in inbox.content.decode()
    notification = Notification.objects.get(user=member_user)
    response = client.get(reverse("handbook:open", args=[notification.pk]))
    assert response["Location"] == reverse("handbook:read", args=[post.pk])
    notification.refresh_from_db()
    assert notification.read_at is not None
    notice = Notice.objects.get(member__user=member_user)
    assert client.get(reverse("handbook:meeting_notice", args=[notice.pk])).status_code == 200
    notice.refresh_from_db()
    assert notice.read_at is not None
    meeting_notice(tree.a1)
    client.post(reverse("handbook:read_all"))
    assert not Notice.objects.filter(member__user=member_user, read_at__isnull=True).exists()


def test_staff_list_query_count_is_pinned(client, tree, board, member_user, django_assert_num_queries):
    for i in range(30):
        post = publish(tree.a, title=f"Thông báo {i}")
        services.post_view_record(actor=member_user, post=post)
        services.comment_post(actor=board, post=post, body="Ý kiến") if i < 3 else None
    client.force_login(board)
    client.get(reverse("handbook:list"))
    # session, user, grants, own member, count, scope roots, the page of posts with its counts
    with django_assert_num_queries(7):
        response = client.get(reverse("handbook:list"))
    page = response.context["page"]
    assert len(page) == 30 and all(p.view_count == 1 for p in page)
    assert sum(p.pending_count for p in page) == 3


def test_member_news_and_inbox_query_counts_are_pinned(client, tree, member_user, django_assert_num_queries):
    for i in range(25):
        publish(tree.a, title=f"Tin {i}", kind="news")
    client.force_login(member_user)
    client.get(reverse("handbook:news"))
    # session, user, own member, grants, count, the page, the unread count of the tabs
    with django_assert_num_queries(7):
        response = client.get(reverse("handbook:news"))
    assert len(response.context["page"]) == 20
    # session, user, own member, grants, notifications, meeting notices, the unread count
    with django_assert_num_queries(7):
        response = client.get(reverse("handbook:inbox"))
    assert len(response.context["items"]) == 25


def test_a_flood_of_comments_is_refused_with_the_text_kept(client, tree, member_user, settings):
    settings.CHIBO_COMMENT_LIMITS = {"burst": 2, "burst_seconds": 600, "daily": 20, "challenge_after": 100}
    post = publish(tree.a)
    client.force_login(member_user)
    url = reverse("handbook:comment", args=[post.pk])
    for i in range(2):
        assert client.post(url, {"body": f"Ý kiến {i}"}).status_code == 302
    refused = client.post(url, {"body": "Ý kiến thứ ba, đừng mất"})
    assert refused.status_code == 400 and Comment.objects.count() == 2
    assert "Ý kiến thứ ba, đừng mất" in refused.content.decode()
    assert "10" in str(refused.context["form"].non_field_errors())
