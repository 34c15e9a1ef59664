"""The commendations API in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Same format as the matrix's CASES. Every object lies in tree.a's subtree: a collective commendation of
chi bộ A1 for 2024 (made once per tree). The matrix POSTs no data, so an allowed step answers 400.

Recording (``POST commendation-list``) takes the subject from the body: a caller without the right to
manage anywhere is refused first (403); without data a sibling gets the field error (400) — test_api.py
runs it with data, where the sibling is refused. The list, the candidates and the counts read the
caller's own scope: a sibling reads its own, 200.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action
from chibo.commendations.tests.matrix_cases import _commendation_pk


def _url(name: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_commendation_pk(tree)])


def _list(name: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name)


CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "commendation-list": (_list("commendation-list"), Action.VIEW, "get", True, {"sibling": (200,)}),
    "commendation-detail": (_url("commendation-detail"), Action.VIEW, "get", True, {}),
    "commendation-correct": (_url("commendation-correct"), Action.MANAGE, "post", True, {}),
    "commendation-annul": (_url("commendation-annul"), Action.MANAGE, "post", True, {}),
    "commendation-candidate-list": (
        _list("commendation-candidate-list"),
        Action.VIEW,
        "get",
        True,
        {"sibling": (200,)},
    ),
    "commendation-count-list": (
        _list("commendation-count-list"),
        Action.VIEW,
        "get",
        True,
        {"sibling": (200,)},
    ),
}
