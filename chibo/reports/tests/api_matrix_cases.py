"""The reports API in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Statistics and quality take the unit as ``?unit=A`` (a sibling: 404). The submitted reports' list
without ``?unit`` lists what the caller sees (a sibling: 200, empty); submitting (POST on the list)
is run with data in test_api.py. The background data-quality runs likewise: the list reads the
caller's own scope (a sibling: 200, empty), a run of A is 404 to a sibling; asking for a run
(POST report-quality-run-list, MANAGE) needs a body naming a subtree above CHIBO_QUALITY_MAX_MEMBERS,
so test_api.py runs it through the matrix with data and a lowered limit
(``test_permission_matrix_of_a_run_request``).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action


def _submitted_pk(tree: Any) -> int:
    from chibo.core.regulations import today
    from chibo.reports import services

    cache = tree.__dict__.setdefault("_reports_api", {})
    if "submitted" not in cache:
        cache["submitted"] = services.report_submit(actor=None, unit=tree.a, as_of=today()).pk
    return cache["submitted"]


def _run_pk(tree: Any) -> int:
    """A background run of A's subtree, asked for by the system (made once per tree)."""
    from django.test import override_settings

    from chibo.reports import services

    cache = tree.__dict__.setdefault("_reports_api", {})
    if "run" not in cache:
        with override_settings(CHIBO_QUALITY_MAX_MEMBERS=1):  # A is above the limit
            cache["run"] = services.quality_run_request(actor=None, unit=tree.a).pk
    return cache["run"]


CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "report-statistics-list": (
        lambda t: reverse("report-statistics-list") + "?unit=A",
        Action.VIEW,
        "get",
        True,
        {},
    ),
    "report-submitted-list": (
        lambda t: reverse("report-submitted-list"),
        Action.VIEW,
        "get",
        True,
        {"sibling": (200,)},
    ),
    "report-submitted-detail": (
        lambda t: reverse("report-submitted-detail", args=[_submitted_pk(t)]),
        Action.VIEW,
        "get",
        True,
        {},
    ),
    "report-quality-list": (
        lambda t: reverse("report-quality-list") + "?unit=A",
        Action.VIEW,
        "get",
        True,
        {},
    ),
    "report-quality-run-list": (
        lambda t: reverse("report-quality-run-list"),
        Action.VIEW,
        "get",
        True,
        {"sibling": (200,)},
    ),
    "report-quality-run-detail": (
        lambda t: reverse("report-quality-run-detail", args=[_run_pk(t)]),
        Action.VIEW,
        "get",
        True,
        {},
    ),
}
