"""The portal API in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Objects as in matrix_cases.py. The caller's own record, requests and meetings are for accounts
linked to a member record: every staff persona is refused (403). Staff list and close requests of
members they manage (MANAGE; a sibling's list is empty, its objects 404; no data → 400). The member
accounts of a unit need MANAGE on it (a sibling's unit is 404); issuing codes without data is a 400
for every caller with MANAGE somewhere, the sibling included, before any unit is read.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action
from chibo.portal.tests.matrix_cases import _MEMBER, _url

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "my-record-list": (lambda t: reverse("my-record-list"), Action.VIEW, "get", True, _MEMBER),
    "my-correction-request-list": (
        lambda t: reverse("my-correction-request-list"),
        Action.VIEW,
        "get",
        True,
        _MEMBER,
    ),
    "my-meeting-list": (lambda t: reverse("my-meeting-list"), Action.VIEW, "get", True, _MEMBER),
    "my-meeting-detail": (_url("my-meeting-detail", "meeting"), Action.VIEW, "get", True, _MEMBER),
    "my-meeting-attendance": (_url("my-meeting-attendance", "meeting"), Action.VIEW, "post", True, _MEMBER),
    "correction-request-list": (
        lambda t: reverse("correction-request-list"),
        Action.MANAGE,
        "get",
        True,
        {"sibling": (200,)},
    ),
    "correction-request-close": (
        _url("correction-request-close", "request"),
        Action.MANAGE,
        "post",
        True,
        {"own": (400,), "ancestor": (400,)},
    ),
    "member-account-list": (
        lambda t: reverse("member-account-list") + f"?unit={t.a1.code}",
        Action.MANAGE,
        "get",
        True,
        {},
    ),
    "member-account-issue": (
        lambda t: reverse("member-account-issue"),
        Action.MANAGE,
        "post",
        True,
        {"sibling": (400,), "own": (400,), "ancestor": (400,)},
    ),
}
