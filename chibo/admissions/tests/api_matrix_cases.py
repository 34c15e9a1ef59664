"""The admission API in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Same format as the matrix's CASES: url name → (url builder, action needed, method, api?, expected
overrides). Every object lies in tree.a's subtree (a candidate of chi bộ A1, made once per tree).
The matrix POSTs no data, so an allowed step answers 400; a step the caller's committee may not take
answers 403 before the input is read. The admission decision and the recognition are the deciding
committee's: for A1 that is R (A holds no delegated authority), so A's own secretary gets 403 there.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chibo.accounts.roles import Action


def _candidate_pk(tree: Any) -> int:
    from chibo.admissions.tests.conftest import make_candidate

    cache = tree.__dict__.setdefault("_admissions_api", {})
    if "candidate" not in cache:
        cache["candidate"] = make_candidate(tree, full_name="Ứng viên API").pk
    return cache["candidate"]  # type: ignore[no-any-return]


def _candidate_url(name: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_candidate_pk(tree)])


#: The steps: the chi bộ's own (MANAGE on the cell's subtree), or a committee above it.
CELL_STEPS = [
    "certificate",
    "papers",
    "introducers",
    "dossier-complete",
    "dossier-redo",
    "cell-vote",
    "ceremony",
    "recognition-vote",
    "withdraw",
    "reject",
]
GRASSROOTS_STEPS = ["upper-resolution"]  # the đảng ủy cơ sở: A, where the "own" persona sits
DECIDING_STEPS = ["decide", "recognise", "not-recognised"]  # R's standing board for A1

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "candidate-list": (lambda t: reverse("candidate-list"), Action.VIEW, "get", True, {"sibling": (200,)}),
    "candidate-detail": (_candidate_url("candidate-detail"), Action.VIEW, "get", True, {}),
    **{
        f"candidate-{name}": (_candidate_url(f"candidate-{name}"), Action.MANAGE, "post", True, {})
        for name in CELL_STEPS + GRASSROOTS_STEPS
    },
    **{
        f"candidate-{name}": (
            _candidate_url(f"candidate-{name}"),
            Action.MANAGE,
            "post",
            True,
            {"own": (403,)},
        )
        for name in DECIDING_STEPS
    },
    "admission-deadline-list": (
        lambda t: reverse("admission-deadline-list") + "?unit=A1",
        Action.VIEW,
        "get",
        True,
        {},
    ),
    "admission-funnel-list": (
        lambda t: reverse("admission-funnel-list") + "?unit=A1",
        Action.VIEW,
        "get",
        True,
        {},
    ),
    "admission-target-list": (
        lambda t: reverse("admission-target-list") + "?unit=A",
        Action.VIEW,
        "get",
        True,
        {},
    ),
}
