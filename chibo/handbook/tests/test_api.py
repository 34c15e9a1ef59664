"""The handbook API: posts, comments with the sum, moderation, the inbox."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from chibo.core.testing import user_with_role
from chibo.handbook import services
from chibo.handbook.models import Comment, Notification, PostView
from chibo.handbook.tests.factories import meeting_notice, publish
from chibo.meetings.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_member_lists_and_reads_posts_of_their_scope(api, tree, member_user, django_assert_num_queries):
    mine = publish(tree.a, pinned=True)
    for i in range(4):
        publish(tree.a1, title=f"Tin {i}", kind="news")
    outside = publish(tree.b)
    api.force_authenticate(member_user)
    api.get(reverse("handbook-post-list"))
    with django_assert_num_queries(2):  # count, page (the member record stays on the forced user)
        response = api.get(reverse("handbook-post-list"))
    ids = [row["id"] for row in response.json()["results"]]
    assert ids[0] == mine.pk and outside.pk not in ids and len(ids) == 5
    assert len(api.get(reverse("handbook-post-list"), {"kind": "news"}).json()["results"]) == 4
    assert api.get(reverse("handbook-post-list"), {"kind": "x"}).status_code == 400
    detail = api.get(reverse("handbook-post-detail", args=[mine.pk]))
    assert detail.status_code == 200 and "\n" in detail.json()["body"]
    assert PostView.objects.filter(user=member_user, post=mine).count() == 1
    assert api.get(reverse("handbook-post-detail", args=[outside.pk])).status_code == 404


def test_comment_moderate_and_list(api, tree, member_user, settings):
    settings.CHIBO_COMMENT_LIMITS = {"burst": 100, "daily": 100, "challenge_after": 1}
    post = publish(tree.a)
    api.force_login(member_user)
    url = reverse("handbook-post-comments", args=[post.pk])
    created = api.post(url, {"body": "<b>Nhất trí</b>"}, format="json")
    assert created.status_code == 201 and created.json()["state"] == "pending"
    refused = api.post(url, {"body": "Lần hai"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "handbook.challenge_required"
    a, b = (int(x) for x in refused.json()["params"]["question"].split(" + "))
    again = api.post(url, {"body": "Lần hai", "answer": str(a + b)}, format="json")
    assert again.status_code == 201
    secretary = user_with_role("bithu", "secretary", tree.a)
    api.force_login(secretary)
    first = Comment.objects.order_by("pk").first()
    assert api.post(reverse("handbook-comment-approve", args=[first.pk])).json()["state"] == "approved"
    assert api.post(reverse("handbook-comment-approve", args=[first.pk])).status_code == 400
    other = user_with_role("xem", "viewer", tree.root)
    api.force_login(other)
    bodies = [c["body"] for c in api.get(url).json()["results"]]
    assert bodies == ["<b>Nhất trí</b>"]  # JSON carries the text as typed; pages escape it


def test_a_sibling_secretary_cannot_moderate(api, tree, member_user):
    comment = services.comment_post(actor=member_user, post=publish(tree.a), body="x")
    api.force_authenticate(user_with_role("bithub", "secretary", tree.b))
    assert api.post(reverse("handbook-comment-reject", args=[comment.pk])).status_code == 404
    comment.refresh_from_db()
    assert comment.state == "pending"


def test_inbox_unread_and_mark_read(api, tree, member_user):
    publish(tree.a)
    meeting_notice(tree.a1)
    api.force_authenticate(member_user)
    items = api.get(reverse("handbook-inbox-list")).json()
    assert {i["kind"] for i in items} == {"notice", "meeting"}
    assert api.get(reverse("handbook-inbox-unread")).json() == {"unread": 2}
    notification = Notification.objects.get(user=member_user)
    assert api.post(reverse("handbook-inbox-read", args=[f"n{notification.pk}"])).json() == {"unread": 1}
    notice = Notice.objects.get(member__user=member_user)
    assert api.post(reverse("handbook-inbox-read", args=[f"m{notice.pk}"])).json() == {"unread": 0}
    meeting_notice(tree.a1)
    assert api.post(reverse("handbook-inbox-read-all")).json() == {"unread": 0}
    assert not Notice.objects.filter(member__user=member_user, read_at__isnull=True).exists()


def test_someone_elses_inbox_item_is_404(api, tree, member_user, other_member_user):
    publish(tree.a)
    notification = Notification.objects.get(user=member_user)
    api.force_authenticate(other_member_user)
    assert api.post(reverse("handbook-inbox-read", args=[f"n{notification.pk}"])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
