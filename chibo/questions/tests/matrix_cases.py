"""The questions pages in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Every object lies in tree.a's subtree: a question asked by a member of A1 to A (the grassroots
organisation), answered and published as FAQ to A (made once per tree). The matrix's personas are
staff users without a member record: asking and "my questions" need a member's own account (403 for
every one of them); the FAQ lets staff in within their scope (a sibling sees an empty list).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action


def _objects(tree: Any) -> dict[str, int]:
    from chibo.questions.tests.factories import answered, linked_user

    cache: dict[str, int] = tree.__dict__.setdefault("_questions", {})
    if not cache:
        asker = linked_user(tree.a1, "matrix-hoidap")
        cache["question"] = answered(asker, publish=True).pk
    return cache


def _url(name: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_objects(tree)["question"]])


#: a member's own page: staff personas without a member record are refused
_MEMBER_ONLY = {"no_role": (403,), "sibling": (403,), "own": (403,), "ancestor": (403,)}
_LIST = {"no_role": (403,), "sibling": (200,), "own": (200,), "ancestor": (200,)}

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    # staff pages
    "questions:list": (lambda t: reverse("questions:list"), Action.VIEW, "get", False, {"sibling": (200,)}),
    "questions:detail": (_url("questions:detail"), Action.VIEW, "get", False, {}),
    # allowed: the page comes back with the form's error (400) when nothing is sent
    "questions:answer": (_url("questions:answer"), Action.MANAGE, "post", False, {}),
    "questions:publish": (_url("questions:publish"), Action.MANAGE, "post", False, {}),
    # allowed: closed (302), or already closed (302 with an error)
    "questions:close": (_url("questions:close"), Action.MANAGE, "post", False, {}),
    # member pages
    "questions:ask": (lambda t: reverse("questions:ask"), Action.VIEW, "get", False, _MEMBER_ONLY),
    "questions:mine": (lambda t: reverse("questions:mine"), Action.VIEW, "get", False, _MEMBER_ONLY),
    "questions:faq": (lambda t: reverse("questions:faq"), Action.VIEW, "get", False, _LIST),
}
POST_DATA: dict[str, dict[str, Any]] = {}
