"""The party badges API in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Same format as the matrix's CASES: url name → (url builder, action needed, method, api?, expected
overrides). Every object lies in tree.a's subtree: a round of chi bộ A1 on 3/2/2024 being prepared,
with the 30-year badge of a member of A1 admitted on 10/1/1994 (made once per tree). The matrix
POSTs no data, so an allowed step answers 400.

Two endpoints are not about an object of the URL. The badges recorded from the paper register
(``badge-history-list``) take the member from the body: without data every caller with a role gets
the same field error (400), the sibling and the one without the right included; test_api.py runs it
with data, where those callers are refused and the allowed ones are not (the round's preparation,
``POST badge-round-list``, likewise). The next award days (``badge-award-day-list``) are the same
for everyone with a role: a sibling reads them too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action

AWARD_DAY = date(2024, 2, 3)


def _objects(tree: Any) -> dict[str, int]:
    from chibo.badges import services
    from chibo.members import services as mem

    cache: dict[str, int] = tree.__dict__.setdefault("_badges_api", {})
    if not cache:
        spec = mem.MemberSpec(
            "Lý Văn Ba", "official", admitted_on=date(1994, 1, 10), official_on=date(1995, 1, 10)
        )
        member = mem.member_create(actor=None, unit=tree.a1, spec=spec)
        round_ = services.badge_round_prepare(actor=None, unit=tree.a1, award_date=AWARD_DAY)
        cache["round"] = round_.pk
        cache["award"] = round_.awards.get(member=member).pk
    return cache


def _url(name: str, kind: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_objects(tree)[kind]])


#: The steps: MANAGE on the round's unit (a round's list) or on the member's (a badge).
ROUND_STEPS = ["add", "approve", "discard"]
AWARD_STEPS = ["number", "remove"]

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "badge-round-list": (
        lambda t: reverse("badge-round-list"),
        Action.VIEW,
        "get",
        True,
        {"sibling": (200,)},
    ),
    "badge-round-detail": (_url("badge-round-detail", "round"), Action.VIEW, "get", True, {}),
    **{
        f"badge-round-{name}": (_url(f"badge-round-{name}", "round"), Action.MANAGE, "post", True, {})
        for name in ROUND_STEPS
    },
    "badge-award-detail": (_url("badge-award-detail", "award"), Action.VIEW, "get", True, {}),
    **{
        f"badge-award-{name}": (_url(f"badge-award-{name}", "award"), Action.MANAGE, "post", True, {})
        for name in AWARD_STEPS
    },
    "badge-history-list": (
        lambda t: reverse("badge-history-list"),
        Action.MANAGE,
        "post",
        True,
        {"sibling": (400,), "own_without_right": (400,)},
    ),
    "badge-award-day-list": (
        lambda t: reverse("badge-award-day-list"),
        Action.VIEW,
        "get",
        True,
        {"sibling": (200,)},
    ),
}
