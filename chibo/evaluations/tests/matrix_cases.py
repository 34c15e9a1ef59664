"""The evaluations pages in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Every object lies in tree.a's subtree, made once per tree: a scoring table of A, the decided evaluation
of a member of chi bộ A1 and the decided evaluation of A1 itself (both 2025).

The self-assessment page (``evaluations:self``) is a member's page, not a staff page: a signed-in user
without a member record is refused (403) whatever their role; the anonymous are sent to sign in.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action

YEAR = 2025


def _objects(tree: Any) -> dict[str, Any]:
    cache: dict[str, Any] = tree.__dict__.setdefault("_evaluations", {})
    if not cache:
        from chibo.core.regulations import today
        from chibo.evaluations import services as svc
        from chibo.evaluations.tests.conftest import make_table
        from chibo.members.models import Member

        cache["table"] = make_table(tree.a, year=YEAR)
        member = Member.objects.filter(unit=tree.a1, status="official").order_by("pk").first()
        cache["member"] = member
        cache["evaluation"] = svc.member_evaluation_review(
            actor=None, member=member, year=YEAR, score=80, on=today()
        )
        svc.member_grades_decide(actor=None, unit=tree.a, year=YEAR, decision_number="1", decided_on=today())
        cache["unit_evaluation"] = svc.unit_evaluation_review(
            actor=None, unit=tree.a1, year=YEAR, score=80, on=today()
        )
        svc.unit_grades_decide(actor=None, unit=tree.a, year=YEAR, decision_number="2", decided_on=today())
    return cache


def _pk(name: str, kind: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_objects(tree)[kind].pk])


MEMBER_ONLY = {"no_role": (403,), "sibling": (403,), "own": (403,), "ancestor": (403,)}

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "evaluations:list": (
        lambda t: reverse("evaluations:list") + f"?unit=A1&year={YEAR}",
        Action.VIEW,
        "get",
        False,
        {},
    ),
    "evaluations:self": (lambda t: reverse("evaluations:self"), Action.VIEW, "get", False, MEMBER_ONLY),
    "evaluations:detail": (_pk("evaluations:detail", "evaluation"), Action.VIEW, "get", False, {}),
    "evaluations:correct": (_pk("evaluations:correct", "evaluation"), Action.MANAGE, "get", False, {}),
    "evaluations:review": (
        lambda t: reverse("evaluations:review", args=[_objects(t)["member"].pk, YEAR]),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "evaluations:decide": (
        lambda t: reverse("evaluations:decide", args=["A", YEAR]),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "evaluations:units": (
        lambda t: reverse("evaluations:units") + f"?unit=A&year={YEAR}",
        Action.VIEW,
        "get",
        False,
        {},
    ),
    "evaluations:unit_review": (
        lambda t: reverse("evaluations:unit_review", args=["A1", YEAR]),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "evaluations:unit_decide": (
        lambda t: reverse("evaluations:unit_decide", args=["A", YEAR]),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "evaluations:unit_correct": (
        _pk("evaluations:unit_correct", "unit_evaluation"),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "evaluations:tables": (
        lambda t: reverse("evaluations:tables") + "?unit=A",
        Action.VIEW,
        "get",
        False,
        {},
    ),
    "evaluations:table": (_pk("evaluations:table", "table"), Action.VIEW, "get", False, {}),
    "evaluations:table_edit": (
        lambda t: reverse("evaluations:table_edit", args=["A", YEAR, "member"]),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    # allowed: a refusal (the table exists) goes back to the tables page with its message (302)
    "evaluations:table_copy": (
        lambda t: reverse("evaluations:table_copy", args=["A", YEAR, "member"]),
        Action.MANAGE,
        "post",
        False,
        {},
    ),
    "evaluations:results": (
        lambda t: reverse("evaluations:results") + f"?unit=A&year={YEAR}",
        Action.VIEW,
        "get",
        False,
        {},
    ),
    "evaluations:results_export": (
        lambda t: reverse("evaluations:results_export", args=["A", YEAR, "xlsx"]),
        Action.VIEW,
        "get",
        False,
        {},
    ),
}
POST_DATA: dict[str, dict[str, Any]] = {}
