"""The badge pages in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Every object lies in tree.a's subtree; made once per tree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action


def _round(tree: Any) -> Any:
    from chibo.badges import services as svc
    from chibo.members import services as mem

    cache = tree.__dict__.setdefault("_badges", {})
    if "round" not in cache:
        spec = mem.MemberSpec(
            "Lý Văn Ba", "official", admitted_on=date(1994, 1, 10), official_on=date(1995, 1, 10)
        )
        cache["member"] = mem.member_create(actor=None, unit=tree.a1, spec=spec)
        cache["round"] = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 2, 3))
    return cache["round"]


def _award_pk(tree: Any) -> int:
    return _round(tree).awards.first().pk


def _member_pk(tree: Any) -> int:
    _round(tree)
    return tree.__dict__["_badges"]["member"].pk


CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "badges:list": (lambda t: reverse("badges:list"), Action.VIEW, "get", False, {"sibling": (200,)}),
    "badges:prepare": (lambda t: reverse("badges:prepare", args=["A"]), Action.MANAGE, "get", False, {}),
    "badges:detail": (lambda t: reverse("badges:detail", args=[_round(t).pk]), Action.VIEW, "get", False, {}),
    "badges:pdf": (lambda t: reverse("badges:pdf", args=[_round(t).pk]), Action.VIEW, "get", False, {}),
    # allowed: the form comes back with the refusal (400) when nothing valid is sent
    "badges:round_action": (
        lambda t: reverse("badges:round_action", args=[_round(t).pk, "approve"]),
        Action.MANAGE,
        "post",
        False,
        {},
    ),
    # allowed: an invalid form goes back to the round's page with a message
    "badges:award_action": (
        lambda t: reverse("badges:award_action", args=[_award_pk(t), "number"]),
        Action.MANAGE,
        "post",
        False,
        {},
    ),
    "badges:history": (
        lambda t: reverse("badges:history", args=[_member_pk(t)]),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
}
