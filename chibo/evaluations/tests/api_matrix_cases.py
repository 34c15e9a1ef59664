"""The evaluations API in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

The objects are the pages' (matrix_cases._objects): a table of A, the decided 2025 evaluation of a member
of chi bộ A1 and of A1 itself. The matrix POSTs no data, so an allowed step answers 400.

The steps that name their unit or member in the body (save or copy a table, review, decide) answer
400 to every caller with a role when the body is empty, the sibling and the one without the right
included: test_api.py runs them with data, where those callers are refused (403) and the allowed ones
are not. The self-assessment is a member's own step: a signed-in user without a member record is
refused (403) whatever their role.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action
from chibo.evaluations.tests.matrix_cases import MEMBER_ONLY, YEAR, _objects

BODY_NAMES_THE_UNIT = {"sibling": (400,), "own_without_right": (400,)}


def _pk(name: str, kind: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_objects(tree)[kind].pk])


def _list(name: str, query: str = ""):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name) + query


CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "scoring-table-list": (_list("scoring-table-list", "?unit=A"), Action.VIEW, "get", True, {}),
    "scoring-table-detail": (_pk("scoring-table-detail", "table"), Action.VIEW, "get", True, {}),
    "scoring-table-copy": (_list("scoring-table-copy"), Action.MANAGE, "post", True, BODY_NAMES_THE_UNIT),
    "member-evaluation-list": (
        _list("member-evaluation-list", f"?unit=A1&year={YEAR}"),
        Action.VIEW,
        "get",
        True,
        {},
    ),
    "member-evaluation-detail": (_pk("member-evaluation-detail", "evaluation"), Action.VIEW, "get", True, {}),
    "member-evaluation-self-assess": (
        _list("member-evaluation-self-assess"),
        Action.VIEW,
        "post",
        True,
        MEMBER_ONLY,
    ),
    "member-evaluation-review": (
        _list("member-evaluation-review"),
        Action.MANAGE,
        "post",
        True,
        BODY_NAMES_THE_UNIT,
    ),
    "member-evaluation-decide": (
        _list("member-evaluation-decide"),
        Action.MANAGE,
        "post",
        True,
        BODY_NAMES_THE_UNIT,
    ),
    "member-evaluation-correct": (
        _pk("member-evaluation-correct", "evaluation"),
        Action.MANAGE,
        "post",
        True,
        {},
    ),
    "unit-evaluation-list": (
        _list("unit-evaluation-list", f"?unit=A&year={YEAR}"),
        Action.VIEW,
        "get",
        True,
        {},
    ),
    "unit-evaluation-detail": (
        _pk("unit-evaluation-detail", "unit_evaluation"),
        Action.VIEW,
        "get",
        True,
        {},
    ),
    "unit-evaluation-review": (
        _list("unit-evaluation-review"),
        Action.MANAGE,
        "post",
        True,
        BODY_NAMES_THE_UNIT,
    ),
    "unit-evaluation-decide": (
        _list("unit-evaluation-decide"),
        Action.MANAGE,
        "post",
        True,
        BODY_NAMES_THE_UNIT,
    ),
    # the deciding committee (A) corrects: a viewer of A sees the evaluation but is refused
    "unit-evaluation-correct": (
        _pk("unit-evaluation-correct", "unit_evaluation"),
        Action.MANAGE,
        "post",
        True,
        {},
    ),
    "evaluation-result-list": (
        _list("evaluation-result-list", f"?unit=A&year={YEAR}"),
        Action.VIEW,
        "get",
        True,
        {},
    ),
}
