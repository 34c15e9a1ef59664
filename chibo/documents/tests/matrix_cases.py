"""The documents pages in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Every object lies in tree.a's subtree: a resolution with a PDF published to A, assigned for study to
A (made once per tree). The matrix's personas are staff users without a member record: the members'
pages let them in within their scope (so the defaults hold and are written out), except marking a
document studied, which only a member's own account may do (403 for every role that sees it).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action


def _objects(tree: Any) -> dict[str, int]:
    from chibo.documents import services
    from chibo.documents.tests.factories import publish, upload

    cache: dict[str, int] = tree.__dict__.setdefault("_documents", {})
    if not cache:
        document = publish(tree.a, file=upload())
        cache["document"] = document.pk
        cache["assignment"] = services.study_assign(actor=None, document=document, unit=tree.a).pk
    return cache


def _url(name: str, kind: str = "document"):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_objects(tree)[kind]])


#: a member page seen by staff users: no role → 403, sibling → 404 (or 200 on a list), own and above → allowed
_LIST = {"no_role": (403,), "sibling": (200,), "own": (200,), "ancestor": (200,)}
_READ = {"no_role": (403,), "sibling": (404,), "own": (200,), "ancestor": (200,)}

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    # staff pages
    "documents:list": (lambda t: reverse("documents:list"), Action.VIEW, "get", False, {"sibling": (200,)}),
    "documents:publish": (
        lambda t: reverse("documents:publish", args=["A"]),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "documents:detail": (_url("documents:detail"), Action.VIEW, "get", False, {}),
    "documents:edit": (_url("documents:edit"), Action.MANAGE, "get", False, {}),
    # allowed: the page comes back with the form's error (400) when no reason is sent
    "documents:withdraw": (_url("documents:withdraw"), Action.MANAGE, "post", False, {}),
    # the form to assign needs MANAGE somewhere; the unit is chosen among those the user manages
    "documents:assign": (_url("documents:assign"), Action.MANAGE, "get", False, {}),
    "documents:assignment": (_url("documents:assignment", "assignment"), Action.VIEW, "get", False, {}),
    # member pages
    "documents:library": (lambda t: reverse("documents:library"), Action.VIEW, "get", False, _LIST),
    "documents:read": (_url("documents:read"), Action.VIEW, "get", False, _READ),
    "documents:download": (_url("documents:download"), Action.VIEW, "get", False, _READ),
    "documents:bookmark": (
        _url("documents:bookmark"),
        Action.VIEW,
        "post",
        False,
        {"no_role": (403,), "sibling": (404,), "own": (302,), "ancestor": (302,)},
    ),
    "documents:bookmarks": (lambda t: reverse("documents:bookmarks"), Action.VIEW, "get", False, _LIST),
    "documents:my_study": (lambda t: reverse("documents:my_study"), Action.VIEW, "get", False, _LIST),
    "documents:mark": (
        _url("documents:mark", "assignment"),
        Action.VIEW,
        "post",
        False,
        {"no_role": (403,), "sibling": (404,), "own": (403,), "ancestor": (403,)},
    ),
}
POST_DATA: dict[str, dict[str, Any]] = {}
