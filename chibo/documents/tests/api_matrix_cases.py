"""The documents API in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Every object lies in tree.a's subtree: a resolution with a PDF published to A, assigned for study to
A (made once per tree). The library is for members and staff alike: a staff persona reads what is
published in or above its scope (a sibling's lists are empty, its objects 404). Marking a document
studied is a member's own act: every staff persona that sees the assignment is refused (403).
Assigning (POST study-assignment-list) is in test_api.py with data.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action
from chibo.documents.tests.matrix_cases import _objects


def _url(name: str, kind: str = "document"):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_objects(tree)[kind]])


_LIST = {"no_role": (403,), "sibling": (200,), "own": (200,), "ancestor": (200,)}
_READ = {"no_role": (403,), "sibling": (404,), "own": (200,), "ancestor": (200,)}

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "document-list": (lambda t: reverse("document-list"), Action.VIEW, "get", True, _LIST),
    "document-detail": (_url("document-detail"), Action.VIEW, "get", True, _READ),
    "document-file": (_url("document-file"), Action.VIEW, "get", True, _READ),
    "document-bookmark": (_url("document-bookmark"), Action.VIEW, "post", True, _READ),
    "document-bookmarks": (lambda t: reverse("document-bookmarks"), Action.VIEW, "get", True, _LIST),
    "study-assignment-list": (lambda t: reverse("study-assignment-list"), Action.VIEW, "get", True, _LIST),
    "study-assignment-detail": (
        _url("study-assignment-detail", "assignment"),
        Action.VIEW,
        "get",
        True,
        _READ,
    ),
    "study-assignment-mark": (
        _url("study-assignment-mark", "assignment"),
        Action.VIEW,
        "post",
        True,
        {"no_role": (403,), "sibling": (404,), "own": (403,), "ancestor": (403,)},
    ),
    "study-assignment-completion": (
        _url("study-assignment-completion", "assignment"),
        Action.VIEW,
        "get",
        True,
        _READ,
    ),
    "study-assignment-members": (
        _url("study-assignment-members", "assignment"),
        Action.VIEW,
        "get",
        True,
        _READ,
    ),
}
