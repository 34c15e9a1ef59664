"""Fixtures of the admission tests: a frozen today and a candidate at any stage (the tree and the
organisation board ``board`` of its root come from the project's conftest)."""

from __future__ import annotations

from datetime import date

import pytest

from chibo.admissions import services as svc
from chibo.admissions.models import Candidate, PaperKind
from chibo.members.models import Member, MemberStatus

TODAY = date(2026, 6, 1)  # a Monday
BIRTH = date(1995, 4, 12)

#: The dates of one candidacy taken from candidate to official member (all working days).
ENTERED = date(2024, 1, 10)
CERTIFICATE = date(2024, 3, 1)
DOSSIER = date(2024, 4, 1)
CELL_VOTE = date(2024, 4, 15)
UPPER = date(2024, 5, 2)
DECISION = date(2024, 5, 20)
CEREMONY = date(2024, 6, 10)
RECOGNITION_VOTE = date(2025, 6, 20)
RECOGNITION = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def set_today(monkeypatch):
    def freeze(day: date) -> None:
        for name in (
            "chibo.members.selectors.today",
            "chibo.core.regulations.today",
            "chibo.organizations.services.today",
        ):
            monkeypatch.setattr(name, lambda day=day: day)

    freeze(TODAY)
    return freeze


def make_candidate(tree, actor=None, **values) -> Candidate:  # type: ignore[no-untyped-def]
    spec = {"full_name": "Lê Thị Hoa", "birth_date": BIRTH, "source": "youth_union", **values}
    return svc.candidate_create(actor=actor, unit=tree.a1, spec=svc.CandidateSpec(**spec), entered_on=ENTERED)


def introduce(candidate: Candidate, tree, count: int = 2) -> None:  # type: ignore[no-untyped-def]
    officials = Member.objects.filter(unit=tree.a1, status=MemberStatus.OFFICIAL).order_by("pk")[:count]
    for member in officials:
        svc.introducer_assign(
            actor=None,
            candidate=candidate,
            member=member,
            together_since=date(2020, 1, 1),
            assigned_on=ENTERED,
            replacement=False,
        )


def record_papers(candidate: Candidate, skip: tuple[str, ...] = ()) -> None:
    for kind in PaperKind.values:
        if kind not in skip and kind != "certificate":
            svc.dossier_paper_record(
                actor=None, candidate=candidate, kind=kind, number="1", issued_on=CERTIFICATE
            )


def _to_dossier(candidate: Candidate, tree) -> Candidate:  # type: ignore[no-untyped-def]
    introduce(candidate, tree)
    record_papers(candidate)
    return svc.candidate_dossier_complete(actor=None, candidate=candidate, on=DOSSIER)


def _cell_vote(candidate: Candidate) -> Candidate:
    vote = svc.candidate_cell_vote(actor=None, candidate=candidate, held_on=CELL_VOTE, in_favour=4, against=0)
    return vote.candidate


def _recognition_vote(candidate: Candidate) -> Candidate:
    vote = svc.candidate_recognition_vote(
        actor=None, candidate=candidate, held_on=RECOGNITION_VOTE, in_favour=4, against=0
    )
    return vote.candidate


def advance(candidate: Candidate, tree, to: str) -> Candidate:  # type: ignore[no-untyped-def]
    """Take ``candidate`` through the pipeline up to stage ``to`` (system actor, dates above)."""
    steps = [
        ("trained", lambda c: svc.candidate_certificate(
            actor=None, candidate=c, number="CN-1", issued_on=CERTIFICATE)),
        ("dossier", lambda c: _to_dossier(c, tree)),
        ("cell_resolved", _cell_vote),
        ("upper_resolved", lambda c: svc.candidate_upper_resolution(
            actor=None, candidate=c, on=UPPER, number="NQ-1")),
        ("decided", lambda c: svc.candidate_decide(
            actor=None, candidate=c, decided_on=DECISION, number="QĐ-1")),
        ("probation", lambda c: svc.candidate_ceremony(actor=None, candidate=c, held_on=CEREMONY)),
        ("recognition_voted", _recognition_vote),
        ("official", lambda c: svc.candidate_recognise(
            actor=None, candidate=c, decided_on=RECOGNITION, number="QĐ-2")),
    ]  # fmt: skip
    for stage, step in steps:
        candidate = step(candidate)
        candidate.refresh_from_db()
        if stage == to:
            return candidate
    raise AssertionError(f"unknown stage {to}")
