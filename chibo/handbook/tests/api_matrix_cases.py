"""The handbook API in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

The objects of matrix_cases: a notice published to A, a member's comment on it, the member's
notification and meeting notice. Staff personas read what is published in or above their scope;
moderation needs MANAGE on the post's unit (the second allowed persona finds the comment already
moderated: 400); someone else's inbox item is 404 to everyone.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action
from chibo.handbook.tests.matrix_cases import _objects


def _url(name: str, kind: str = "post"):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_objects(tree)[kind]])


_LIST = {"no_role": (403,), "sibling": (200,), "own": (200,), "ancestor": (200,)}
_READ = {"no_role": (403,), "sibling": (404,), "own": (200,), "ancestor": (200,)}
_NOT_MINE = {"no_role": (403,), "sibling": (404,), "own": (404,), "ancestor": (404,)}

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "handbook-post-list": (lambda t: reverse("handbook-post-list"), Action.VIEW, "get", True, _LIST),
    "handbook-post-detail": (_url("handbook-post-detail"), Action.VIEW, "get", True, _READ),
    "handbook-post-comments": (_url("handbook-post-comments"), Action.VIEW, "get", True, _READ),
    "handbook-comment-approve": (
        _url("handbook-comment-approve", "comment"),
        Action.MANAGE,
        "post",
        True,
        {},
    ),
    "handbook-comment-reject": (_url("handbook-comment-reject", "comment"), Action.MANAGE, "post", True, {}),
    "handbook-inbox-list": (lambda t: reverse("handbook-inbox-list"), Action.VIEW, "get", True, _LIST),
    "handbook-inbox-unread": (lambda t: reverse("handbook-inbox-unread"), Action.VIEW, "get", True, _LIST),
    "handbook-inbox-read": (
        lambda t: reverse("handbook-inbox-read", args=[f"n{_objects(t)['notification']}"]),
        Action.VIEW,
        "post",
        True,
        _NOT_MINE,
    ),
    "handbook-inbox-read-all": (
        lambda t: reverse("handbook-inbox-read-all"),
        Action.VIEW,
        "post",
        True,
        _LIST,
    ),
}
