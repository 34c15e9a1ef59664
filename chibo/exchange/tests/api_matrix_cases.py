"""The exchange API in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Same format as the matrix's CASES. The import job is a roster of A1 uploaded into A and checked
(made once per tree). The list of imports and the roster export are not about an object: a caller
with the right on a sibling subtree gets their own (200). The upload (``POST import-list``) is run
with data in test_api.py.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action


def _job_url(name: str):  # type: ignore[no-untyped-def]
    def url(tree: Any) -> str:
        from chibo.exchange.tests.jobs import cached_job

        return reverse(name, args=[cached_job(tree).pk])

    return url


CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "import-list": (lambda t: reverse("import-list"), Action.MANAGE, "get", True, {"sibling": (200,)}),
    "import-detail": (_job_url("import-detail"), Action.MANAGE, "get", True, {}),
    "import-confirm": (_job_url("import-confirm"), Action.MANAGE, "post", True, {}),
    "import-report": (_job_url("import-report"), Action.MANAGE, "get", True, {}),
    "roster-export-list": (
        lambda t: reverse("roster-export-list"),
        Action.VIEW,
        "get",
        True,
        {"sibling": (200,)},
    ),
}
