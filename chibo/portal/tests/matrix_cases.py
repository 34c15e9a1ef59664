"""The portal pages in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Objects lie in tree.a's subtree: a published meeting of A1 (in three days) with one material, and a
correction request by the last member of A1 (made once per tree). The matrix's personas are staff
users without a member record: the member's own pages refuse them all (403), whatever their scope.
The staff list of requests needs MANAGE (a sibling sees an empty list), and so do the member
accounts of a unit (A1) and issuing their codes (an empty form comes back to the list, 302).

The activation page is public (PUBLIC in the matrix test): its tests are in test_accounts_views.py.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action


def _objects(tree: Any) -> dict[str, int]:
    from chibo.portal import services
    from chibo.portal.tests.factories import linked_user, published_meeting

    cache: dict[str, int] = tree.__dict__.setdefault("_portal", {})
    if not cache:
        meeting = published_meeting(tree.a1)
        cache["meeting"] = meeting.pk
        cache["material"] = meeting.documents.get().pk
        user = linked_user(tree.a1, "portal-matrix-member", index=4)
        cache["request"] = services.correction_request_create(
            actor=user, member=user.member, field="card_number", text="Số thẻ đảng viên ghi sai một chữ số"
        ).pk
    return cache


def _url(name: str, kind: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_objects(tree)[kind]])


#: member pages: every staff persona (no member record) is refused
_MEMBER = {"no_role": (403,), "sibling": (403,), "own": (403,), "ancestor": (403,)}

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "portal:record": (lambda t: reverse("portal:record"), Action.VIEW, "get", False, _MEMBER),
    "portal:sensitive": (lambda t: reverse("portal:sensitive"), Action.VIEW, "post", False, _MEMBER),
    "portal:correct": (lambda t: reverse("portal:correct"), Action.VIEW, "post", False, _MEMBER),
    "portal:meetings": (lambda t: reverse("portal:meetings"), Action.VIEW, "get", False, _MEMBER),
    "portal:meeting": (_url("portal:meeting", "meeting"), Action.VIEW, "get", False, _MEMBER),
    "portal:attendance": (_url("portal:attendance", "meeting"), Action.VIEW, "post", False, _MEMBER),
    "portal:material": (_url("portal:material", "material"), Action.VIEW, "get", False, _MEMBER),
    "portal:requests": (
        lambda t: reverse("portal:requests"),
        Action.MANAGE,
        "get",
        False,
        {"sibling": (200,)},
    ),
    # allowed: an empty form comes back to the list (302) without closing the request
    "portal:request_close": (_url("portal:request_close", "request"), Action.MANAGE, "post", False, {}),
    # the menu's entry sends whoever manages somewhere to their own unit's accounts
    "portal:accounts_home": (
        lambda t: reverse("portal:accounts_home"),
        Action.MANAGE,
        "get",
        False,
        {"sibling": (302,), "own": (302,), "ancestor": (302,)},
    ),
    "portal:accounts": (
        lambda t: reverse("portal:accounts", args=[t.a1.code]),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "portal:accounts_issue": (
        lambda t: reverse("portal:accounts_issue", args=[t.a1.code]),
        Action.MANAGE,
        "post",
        False,
        {},
    ),
}
POST_DATA: dict[str, dict[str, Any]] = {}
