"""The discipline pages in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Every page needs ``Action.DISCIPLINE`` (inspection committee, organisation board): a viewer or a
secretary of the unit gets 403, a sibling inspector 404 on objects. The lists show a sibling its own
(empty) scope. Objects: a case of chi bộ A1's member handled by A, a programme of A (made once per tree).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action


def _objects(tree: Any) -> dict[str, int]:
    from chibo.discipline import services as svc
    from chibo.discipline.tests.conftest import open_case

    cache: dict[str, int] = tree.__dict__.setdefault("_discipline", {})
    if not cache:
        cache["case"] = open_case(tree).pk
        cache["programme"] = svc.programme_create(
            actor=None,
            unit=tree.a,
            year=2025,
            kind="inspection",
            topic="Kiểm tra",
            starts_on=date(2025, 3, 1),
            ends_on=date(2025, 6, 30),
        ).pk
    return cache


def _url(name: str, kind: str, *extra: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_objects(tree)[kind], *extra])


LIST = {"sibling": (200,)}

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "discipline:list": (lambda t: reverse("discipline:list"), Action.DISCIPLINE, "get", False, LIST),
    "discipline:export": (lambda t: reverse("discipline:export"), Action.DISCIPLINE, "get", False, LIST),
    "discipline:figures": (lambda t: reverse("discipline:figures"), Action.DISCIPLINE, "get", False, LIST),
    "discipline:programmes": (
        lambda t: reverse("discipline:programmes"),
        Action.DISCIPLINE,
        "get",
        False,
        LIST,
    ),
    "discipline:case_create": (
        lambda t: reverse("discipline:case_create", args=["A"]),
        Action.DISCIPLINE,
        "get",
        False,
        {},
    ),
    "discipline:case_detail": (_url("discipline:case_detail", "case"), Action.DISCIPLINE, "get", False, {}),
    # allowed: the form comes back with its errors (400) when nothing valid is sent
    "discipline:case_action": (
        _url("discipline:case_action", "case", "report"),
        Action.DISCIPLINE,
        "post",
        False,
        {},
    ),
    "discipline:programme_create": (
        lambda t: reverse("discipline:programme_create", args=["A"]),
        Action.DISCIPLINE,
        "get",
        False,
        {},
    ),
    "discipline:programme_detail": (
        _url("discipline:programme_detail", "programme"),
        Action.DISCIPLINE,
        "get",
        False,
        {},
    ),
    "discipline:programme_edit": (
        _url("discipline:programme_edit", "programme"),
        Action.DISCIPLINE,
        "get",
        False,
        {},
    ),
    "discipline:programme_action": (
        _url("discipline:programme_action", "programme", "start"),
        Action.DISCIPLINE,
        "post",
        False,
        {},
    ),
}
POST_DATA: dict[str, dict[str, Any]] = {}
