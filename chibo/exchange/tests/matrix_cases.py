"""The exchange pages in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Imports need Action.MANAGE (a checked import of a roster into A, made once per tree); the template
and the export need Action.VIEW. Pages not about an object (the imports list, the upload, the
template, the export) answer a caller with the right on a sibling subtree too: the list shows
their own imports, the upload without data is refused as a form (400), the export is their scope.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action


def _job_pk(tree: Any) -> int:
    from chibo.exchange.tests.jobs import cached_job

    return cached_job(tree).pk


def _job_url(name: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_job_pk(tree)])


CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "exchange:list": (lambda t: reverse("exchange:list"), Action.MANAGE, "get", False, {"sibling": (200,)}),
    "exchange:upload": (
        lambda t: reverse("exchange:upload"),
        Action.MANAGE,
        "post",
        False,
        {"sibling": (400,)},
    ),
    "exchange:detail": (_job_url("exchange:detail"), Action.MANAGE, "get", False, {}),
    "exchange:progress": (_job_url("exchange:progress"), Action.MANAGE, "get", False, {}),
    "exchange:confirm": (_job_url("exchange:confirm"), Action.MANAGE, "post", False, {}),
    "exchange:report": (_job_url("exchange:report"), Action.MANAGE, "get", False, {}),
    "exchange:template": (
        lambda t: reverse("exchange:template"),
        Action.VIEW,
        "get",
        False,
        {"sibling": (200,)},
    ),
    "exchange:export": (lambda t: reverse("exchange:export"), Action.VIEW, "get", False, {"sibling": (200,)}),
}
POST_DATA: dict[str, dict[str, Any]] = {}
