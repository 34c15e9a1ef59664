"""The reports pages in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Pages take the unit as ``?unit=A`` (tree.a: a sibling does not see it, 404). The POSTs send no data:
the submission's form is refused (400) for those allowed; a snapshot needs no data (302).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action


def _submitted_pk(tree: Any) -> int:
    from chibo.reports import services

    cache = tree.__dict__.setdefault("_reports", {})
    if "submitted" not in cache:
        from chibo.core.regulations import today

        cache["submitted"] = services.report_submit(actor=None, unit=tree.a, as_of=today()).pk
    return cache["submitted"]


def _q(name: str, *args: Any) -> Any:
    return lambda tree: reverse(name, args=list(args)) + "?unit=A"


CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "reports:statistics": (_q("reports:statistics"), Action.VIEW, "get", False, {}),
    "reports:statistics_export": (_q("reports:statistics_export", "xlsx"), Action.VIEW, "get", False, {}),
    "reports:submit": (lambda t: reverse("reports:submit", args=["A"]), Action.MANAGE, "post", False, {}),
    "reports:submitted_list": (_q("reports:submitted_list"), Action.VIEW, "get", False, {}),
    "reports:submitted_detail": (
        lambda t: reverse("reports:submitted_detail", args=[_submitted_pk(t)]),
        Action.VIEW,
        "get",
        False,
        {},
    ),
    "reports:quality": (_q("reports:quality"), Action.VIEW, "get", False, {}),
    "reports:quality_export": (_q("reports:quality_export"), Action.VIEW, "get", False, {}),
    "reports:snapshot": (lambda t: reverse("reports:snapshot", args=["A"]), Action.MANAGE, "post", False, {}),
    "reports:quality_run": (
        lambda t: reverse("reports:quality_run", args=["A"]),
        Action.MANAGE,
        "post",
        False,
        {},
    ),
}
POST_DATA: dict[str, dict[str, Any]] = {}
