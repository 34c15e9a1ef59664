"""The admission pages in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Every object lies in tree.a's subtree (chi bộ A1); they are made once per tree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chibo.accounts.roles import Action


def _candidate(tree: Any, stage: str = "candidate") -> Any:
    from chibo.admissions.tests.conftest import advance, make_candidate

    cache = tree.__dict__.setdefault("_admissions", {})
    if stage not in cache:
        candidate = make_candidate(tree, full_name=f"Ứng viên {stage}")
        cache[stage] = advance(candidate, tree, stage) if stage != "candidate" else candidate
    return cache[stage]


def _with_introducer(tree: Any) -> int:
    from chibo.admissions.tests.conftest import introduce

    candidate = _candidate(tree)
    if not candidate.introducers.exists():
        introduce(candidate, tree, count=1)
    return candidate.introducers.first().pk


def _scanned_paper(tree: Any) -> int:
    from chibo.admissions import services

    candidate = _candidate(tree)
    paper = candidate.papers.filter(kind="application").first() or services.dossier_paper_record(
        actor=None,
        candidate=candidate,
        kind="application",
        number="1",
        issued_on=date(2024, 2, 1),
        scan=SimpleUploadedFile("don.pdf", b"%PDF-1.4"),
    )
    return paper.pk


CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "admissions:list": (lambda t: reverse("admissions:list"), Action.VIEW, "get", False, {"sibling": (200,)}),
    "admissions:deadlines": (
        lambda t: reverse("admissions:deadlines"),
        Action.VIEW,
        "get",
        False,
        {"sibling": (200,)},
    ),
    "admissions:targets": (
        lambda t: reverse("admissions:targets") + "?unit=A",
        Action.VIEW,
        "get",
        False,
        {},
    ),
    "admissions:target_set": (
        lambda t: reverse("admissions:target_set"),
        Action.MANAGE,
        "post",
        False,
        # allowed: the service refuses A's own secretary (targets come from above) with a message
        {"own": (403,), "ancestor": (302,)},
    ),
    "admissions:create": (
        lambda t: reverse("admissions:create", args=["A1"]),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "admissions:detail": (
        lambda t: reverse("admissions:detail", args=[_candidate(t).pk]),
        Action.VIEW,
        "get",
        False,
        {},
    ),
    "admissions:edit": (
        lambda t: reverse("admissions:edit", args=[_candidate(t).pk]),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "admissions:step": (
        lambda t: reverse("admissions:step", args=[_candidate(t).pk, "certificate"]),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "admissions:decision_pdf": (
        lambda t: reverse("admissions:decision_pdf", args=[_candidate(t, "decided").pk, "admission"]),
        Action.VIEW,
        "get",
        False,
        {},
    ),
    "admissions:introducer_release": (
        lambda t: reverse("admissions:introducer_release", args=[_with_introducer(t)]),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "admissions:paper_scan": (
        lambda t: reverse("admissions:paper_scan", args=[_scanned_paper(t)]),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
}

#: Data the POST cases send (the matrix sends none otherwise).
POST_DATA = {"admissions:target_set": {"unit": "A", "year": date.today().year, "target": 3}}
