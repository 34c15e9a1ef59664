"""The handbook pages in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Every object lies in tree.a's subtree: a notice with a PDF published to A, a comment on it by a
member of A1, a notification and a meeting notice of that member (made once per tree). The
matrix's personas are staff users without a member record: the members' pages let them in within
their scope (the codes are written out), and the inbox items of someone else are 404 to everyone.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action


def _objects(tree: Any) -> dict[str, int]:
    from chibo.documents.tests.factories import upload
    from chibo.handbook import services
    from chibo.handbook.models import Notification
    from chibo.handbook.tests.factories import linked_user, meeting_notice, publish
    from chibo.meetings.models import Notice

    cache: dict[str, int] = tree.__dict__.setdefault("_handbook", {})
    if not cache:
        author = linked_user(tree.a1, "matrix-dangvien")
        post = publish(tree.a, files=[upload()])
        cache["post"] = post.pk
        cache["attachment"] = post.attachments.get().pk
        cache["comment"] = services.comment_post(actor=author, post=post, body="Đồng ý.").pk
        cache["notification"] = Notification.objects.filter(user=author).first().pk  # type: ignore[union-attr]
        meeting_notice(tree.a1)
        cache["notice"] = Notice.objects.filter(member__user=author).first().pk  # type: ignore[union-attr]
    return cache


def _url(name: str, kind: str = "post"):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_objects(tree)[kind]])


#: a member page seen by staff users: no role → 403, sibling → 404 (or 200 on a list), own and above → allowed
_LIST = {"no_role": (403,), "sibling": (200,), "own": (200,), "ancestor": (200,)}
_READ = {"no_role": (403,), "sibling": (404,), "own": (200,), "ancestor": (200,)}
#: someone else's inbox item
_NOT_MINE = {"no_role": (403,), "sibling": (404,), "own": (404,), "ancestor": (404,)}

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    # staff pages
    "handbook:list": (lambda t: reverse("handbook:list"), Action.VIEW, "get", False, {"sibling": (200,)}),
    "handbook:publish": (lambda t: reverse("handbook:publish", args=["A"]), Action.MANAGE, "get", False, {}),
    "handbook:detail": (_url("handbook:detail"), Action.VIEW, "get", False, {}),
    "handbook:edit": (_url("handbook:edit"), Action.MANAGE, "get", False, {}),
    # allowed: the page comes back with the form's error (400) when no reason is sent
    "handbook:withdraw": (_url("handbook:withdraw"), Action.MANAGE, "post", False, {}),
    # allowed: back to the post (302) with an error when no decision is sent
    "handbook:moderate": (_url("handbook:moderate", "comment"), Action.MANAGE, "post", False, {}),
    # member pages
    "handbook:news": (lambda t: reverse("handbook:news"), Action.VIEW, "get", False, _LIST),
    "handbook:read": (_url("handbook:read"), Action.VIEW, "get", False, _READ),
    "handbook:comment": (
        _url("handbook:comment"),
        Action.VIEW,
        "post",
        False,
        {"no_role": (403,), "sibling": (404,), "own": (400,), "ancestor": (400,)},
    ),
    "handbook:attachment": (
        lambda t: reverse("handbook:attachment", args=[_objects(t)["post"], _objects(t)["attachment"]]),
        Action.VIEW,
        "get",
        False,
        _READ,
    ),
    "handbook:inbox": (lambda t: reverse("handbook:inbox"), Action.VIEW, "get", False, _LIST),
    "handbook:open": (_url("handbook:open", "notification"), Action.VIEW, "get", False, _NOT_MINE),
    "handbook:meeting_notice": (
        _url("handbook:meeting_notice", "notice"),
        Action.VIEW,
        "get",
        False,
        _NOT_MINE,
    ),
    "handbook:read_all": (
        lambda t: reverse("handbook:read_all"),
        Action.VIEW,
        "post",
        False,
        {"no_role": (403,), "sibling": (302,), "own": (302,), "ancestor": (302,)},
    ),
}
POST_DATA: dict[str, dict[str, Any]] = {}
