"""The questions API in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

The objects of matrix_cases: a question of a member of A1 to A, answered and published to A. A
member's own questions need a member's own account (403 for the staff personas); the FAQ is read by
staff within their scope; the staff steps need MANAGE on the addressed unit (the matrix sends no
data: 400, or a refusal such as "already closed": 400).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action
from chibo.questions.tests.matrix_cases import _objects


def _url(name: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_objects(tree)["question"]])


_MEMBER_ONLY = {"no_role": (403,), "sibling": (403,), "own": (403,), "ancestor": (403,)}
_LIST = {"no_role": (403,), "sibling": (200,), "own": (200,), "ancestor": (200,)}

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "questions-mine-list": (lambda t: reverse("questions-mine-list"), Action.VIEW, "get", True, _MEMBER_ONLY),
    "questions-faq-list": (lambda t: reverse("questions-faq-list"), Action.VIEW, "get", True, _LIST),
    "questions-staff-list": (
        lambda t: reverse("questions-staff-list"),
        Action.VIEW,
        "get",
        True,
        {"sibling": (200,)},
    ),
    "questions-staff-detail": (_url("questions-staff-detail"), Action.VIEW, "get", True, {}),
    "questions-staff-answer": (_url("questions-staff-answer"), Action.MANAGE, "post", True, {}),
    "questions-staff-publish": (_url("questions-staff-publish"), Action.MANAGE, "post", True, {}),
    "questions-staff-unpublish": (_url("questions-staff-unpublish"), Action.MANAGE, "post", True, {}),
    "questions-staff-close": (_url("questions-staff-close"), Action.MANAGE, "post", True, {}),
}
