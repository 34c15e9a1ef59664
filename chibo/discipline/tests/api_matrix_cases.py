"""The discipline API in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Every endpoint needs ``Action.DISCIPLINE``. Objects: a case of a member of A1 handled by A, a
programme of A (made once per tree). The matrix POSTs no data, so an allowed step answers 400.
Creating (programmes, cases, recorded cases) names the unit in the body: without data every caller
with the right anywhere gets the same field error (400), a sibling inspector included; test_api.py
runs them with data, where the sibling is refused.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action
from chibo.discipline.tests.matrix_cases import _objects


def _url(name: str, kind: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_objects(tree)[kind]])


LIST = {"sibling": (200,)}
BODY = {"sibling": (400,)}
CASE_STEPS = ["report", "review", "decide", "announce", "complaint", "ruling", "annul"]

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "inspection-programme-list": (
        lambda t: reverse("inspection-programme-list"),
        Action.DISCIPLINE,
        "get",
        True,
        LIST,
    ),
    "inspection-programme-detail": (
        _url("inspection-programme-detail", "programme"),
        Action.DISCIPLINE,
        "get",
        True,
        {},
    ),
    "inspection-programme-start": (
        _url("inspection-programme-start", "programme"),
        Action.DISCIPLINE,
        "post",
        True,
        {},
    ),
    "inspection-programme-conclude": (
        _url("inspection-programme-conclude", "programme"),
        Action.DISCIPLINE,
        "post",
        True,
        {},
    ),
    "discipline-case-list": (lambda t: reverse("discipline-case-list"), Action.DISCIPLINE, "get", True, LIST),
    "discipline-case-record": (
        lambda t: reverse("discipline-case-record"),
        Action.DISCIPLINE,
        "post",
        True,
        BODY,
    ),
    "discipline-case-detail": (_url("discipline-case-detail", "case"), Action.DISCIPLINE, "get", True, {}),
    **{
        f"discipline-case-{step}": (
            _url(f"discipline-case-{step}", "case"),
            Action.DISCIPLINE,
            "post",
            True,
            {},
        )
        for step in CASE_STEPS
    },
    "discipline-figures-list": (
        lambda t: reverse("discipline-figures-list"),
        Action.DISCIPLINE,
        "get",
        True,
        LIST,
    ),
}
