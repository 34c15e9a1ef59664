"""The commendations pages in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Every object lies in tree.a's subtree: a collective commendation of chi bộ A1 for 2024 (made once per
tree). The list, the candidates and the counts read the caller's own scope: a sibling sees its own
(empty) list, 200.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action


def _commendation_pk(tree: Any) -> int:
    from chibo.commendations import services

    cache = tree.__dict__.setdefault("_commendations", {})
    if "pk" not in cache:
        cache["pk"] = services.commendation_record(
            actor=None,
            unit=tree.a1,
            kind="giay_khen",
            level="co_so",
            year=2024,
            decision_number="12-QĐ/ĐU",
            decided_on=date(2025, 1, 20),
        ).pk
    return int(cache["pk"])


def _url(name: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_commendation_pk(tree)])


CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "commendations:list": (
        lambda t: reverse("commendations:list"),
        Action.VIEW,
        "get",
        False,
        {"sibling": (200,)},
    ),
    "commendations:candidates": (
        lambda t: reverse("commendations:candidates"),
        Action.VIEW,
        "get",
        False,
        {"sibling": (200,)},
    ),
    "commendations:counts": (
        lambda t: reverse("commendations:counts"),
        Action.VIEW,
        "get",
        False,
        {"sibling": (200,)},
    ),
    "commendations:record": (
        lambda t: reverse("commendations:record", args=["A1"]),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "commendations:detail": (_url("commendations:detail"), Action.VIEW, "get", False, {}),
    "commendations:correct": (_url("commendations:correct"), Action.MANAGE, "get", False, {}),
    # allowed: the form comes back with its errors (200) when nothing valid is sent
    "commendations:annul": (
        _url("commendations:annul"),
        Action.MANAGE,
        "post",
        False,
        {"own": (200,), "ancestor": (200,)},
    ),
}
POST_DATA: dict[str, dict[str, Any]] = {}
