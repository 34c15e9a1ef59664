"""The steps of the pipeline, from the awareness class to the recognition (or the closing)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from chibo.accounts.roles import Action
from chibo.admissions.models import Candidate, DossierPaper, Vote
from chibo.admissions.services._common import (
    _advance,
    _audit,
    _lock,
    _step,
    deciding_unit_for,
    grassroots_of,
    official_members_of,
)
from chibo.admissions.services.candidates import _introducer_facts
from chibo.core import regulations
from chibo.core.regulations import profile
from chibo.core.scoping import require
from chibo.members import services as member_services
from chibo.members.models import LeaveReason, MemberStatus
from chibo.rules import admission as rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import normalize


@transaction.atomic
def candidate_certificate(*, actor: Any, candidate: Candidate, number: str, issued_on: date) -> Candidate:
    """The awareness class is done: the Giấy chứng nhận bồi dưỡng nhận thức về Đảng (number, date)."""
    candidate = _lock(candidate)
    require(actor, Action.MANAGE, candidate.unit)
    _advance(candidate, rules.TRAINED, issued_on)
    if not number.strip():
        raise RuleViolation("admission.number_required")
    candidate.certificate_number, candidate.certificate_issued_on = normalize(number), issued_on
    _step(candidate, actor, rules.TRAINED, issued_on, reference=candidate.certificate_number)
    DossierPaper.objects.update_or_create(
        candidate=candidate,
        kind="certificate",
        defaults={"number": candidate.certificate_number, "issued_on": issued_on},
    )
    _audit(actor, "candidate.certificate", candidate, issued_on, number=candidate.certificate_number)
    return candidate


def _check_certificate(candidate: Candidate, on: date) -> None:
    issued = candidate.certificate_issued_on
    if issued is None or not rules.certificate_valid(issued, on, profile(on)):
        raise RuleViolation(
            "admission.certificate_expired",
            issued_on=issued,
            expired_on=rules.certificate_expires_on(issued, profile(on)) if issued else None,
        )


@transaction.atomic
def candidate_dossier_complete(*, actor: Any, candidate: Candidate, on: date) -> Candidate:
    """Every required paper is recorded, the certificate is valid and the introducers qualify."""
    candidate = _lock(candidate)
    require(actor, Action.MANAGE, candidate.unit)
    _advance(candidate, rules.DOSSIER, on)
    missing = rules.missing_papers(set(candidate.papers.values_list("kind", flat=True)))
    if missing:
        raise RuleViolation("admission.dossier_incomplete", missing=", ".join(missing), codes=missing)
    _check_certificate(candidate, on)
    rules.check_introducers(_introducer_facts(candidate, on), on=on, profile=profile(on))
    candidate.dossier_completed_on = on
    _step(candidate, actor, rules.DOSSIER, on)
    _audit(actor, "candidate.dossier_complete", candidate, on)
    return candidate


def _vote(candidate: Candidate, kind: str, held_on: date, in_favour: int, against: int) -> Vote:
    official = official_members_of(candidate.unit)
    passed = rules.check_vote(
        official_members=official, in_favour=in_favour, against=against, profile=profile(held_on)
    )
    return Vote.objects.create(
        candidate=candidate,
        kind=kind,
        held_on=held_on,
        official_members=official,
        in_favour=in_favour,
        against=against,
        required=rules.votes_required(official, profile(held_on)),
        passed=passed,
    )


@transaction.atomic
def candidate_cell_vote(
    *, actor: Any, candidate: Candidate, held_on: date, in_favour: int, against: int, note: str = ""
) -> Vote:
    """The chi bộ votes on the admission; it passes with ≥ 2/3 of its official members in favour.
    A failed vote is recorded and the candidacy stays where it was (after 3, report upward)."""
    candidate = _lock(candidate)
    require(actor, Action.MANAGE, candidate.unit)
    _advance(candidate, rules.CELL_RESOLVED, held_on)
    p = profile(held_on)
    rules.check_admission_age(
        candidate.birth_date, held_on, profile=p, over_age_approved=bool(candidate.over_age_approval)
    )
    _check_certificate(candidate, held_on)
    if candidate.dossier_completed_on and rules.dossier_stale(candidate.dossier_completed_on, held_on, p):
        raise RuleViolation("admission.dossier_stale", completed_on=candidate.dossier_completed_on)
    rules.check_introducers(_introducer_facts(candidate, held_on), on=held_on, profile=p)
    vote = _vote(candidate, Vote.Kind.ADMISSION, held_on, in_favour, against)
    if vote.passed:
        candidate.cell_resolution_on = held_on
        _step(candidate, actor, rules.CELL_RESOLVED, held_on, note=note)
    _audit(
        actor,
        "candidate.cell_vote",
        candidate,
        held_on,
        note,
        in_favour=in_favour,
        against=against,
        official_members=vote.official_members,
        passed=vote.passed,
    )
    return vote


@transaction.atomic
def candidate_dossier_redo(*, actor: Any, candidate: Candidate, on: date) -> Candidate:
    """A dossier older than 12 months without a chi bộ vote goes back to be redone: the papers of
    ``rules.REDO_PAPERS`` are dropped and must be recorded again (DOMAIN.md §2 [S14])."""
    candidate = _lock(candidate)
    require(actor, Action.MANAGE, candidate.unit)
    if candidate.stage != rules.DOSSIER:
        raise RuleViolation("admission.step_out_of_order", current=candidate.stage, target=rules.TRAINED)
    rules.check_step_date(on, previous_on=candidate.stage_on, today=regulations.today())
    if not rules.dossier_stale(candidate.dossier_completed_on, on, profile(on)):
        raise RuleViolation("admission.dossier_not_stale", completed_on=candidate.dossier_completed_on)
    dropped = list(candidate.papers.filter(kind__in=rules.REDO_PAPERS).values_list("kind", flat=True))
    candidate.papers.filter(kind__in=rules.REDO_PAPERS).delete()
    candidate.dossier_completed_on = None
    _step(candidate, actor, rules.TRAINED, on, note="redo: " + ", ".join(dropped))
    _audit(actor, "candidate.dossier_redo", candidate, on, dropped=dropped)
    return candidate


@transaction.atomic
def candidate_upper_resolution(*, actor: Any, candidate: Candidate, on: date, number: str) -> Candidate:
    """The đảng ủy cơ sở's resolution on a candidate of one of its chi bộ trực thuộc."""
    candidate = _lock(candidate)
    require(actor, Action.MANAGE, grassroots_of(candidate.unit))
    _advance(candidate, rules.UPPER_RESOLVED, on)
    if not number.strip():
        raise RuleViolation("admission.number_required")
    candidate.upper_resolution_on, candidate.upper_resolution_number = on, normalize(number)
    _step(candidate, actor, rules.UPPER_RESOLVED, on, reference=candidate.upper_resolution_number)
    _audit(actor, "candidate.upper_resolution", candidate, on, number=candidate.upper_resolution_number)
    return candidate


def _member_spec(candidate: Candidate, decided_on: date) -> member_services.MemberSpec:
    person = {
        f: getattr(candidate, f)
        for f in member_services.SPEC_FIELDS
        if hasattr(Candidate, f) and f not in ("status", "admitted_on", "ceremony_on", "official_on")
    }
    return member_services.MemberSpec(status=MemberStatus.PROBATIONARY, admitted_on=decided_on, **person)


@transaction.atomic
def candidate_decide(
    *, actor: Any, candidate: Candidate, decided_on: date, number: str, received_on: date | None = None
) -> Candidate:
    """The competent committee signs the admission decision (Quyết định kết nạp): the member
    record is created, probationary, with the decision date from which party age counts."""
    candidate = _lock(candidate)
    deciding = deciding_unit_for(candidate.unit)
    require(actor, Action.MANAGE, deciding)
    _advance(candidate, rules.DECIDED, decided_on)
    received_on = received_on or decided_on
    if received_on < decided_on:
        raise RuleViolation("admission.step_before_previous", day=received_on, previous_on=decided_on)
    rules.check_step_date(received_on, previous_on=decided_on, today=regulations.today())
    if not number.strip():
        raise RuleViolation("admission.number_required")
    candidate.decision_number, candidate.decision_on = normalize(number), decided_on
    candidate.decision_received_on, candidate.deciding_unit = received_on, deciding
    candidate.member = member_services.member_admit(
        actor=actor,
        unit=candidate.unit,
        spec=_member_spec(candidate, decided_on),
        decision=candidate.decision_number,
    )
    _step(candidate, actor, rules.DECIDED, decided_on, reference=candidate.decision_number)
    _audit(
        actor,
        "candidate.decide",
        candidate,
        decided_on,
        number=candidate.decision_number,
        member=candidate.member.pk,
    )
    return candidate


@transaction.atomic
def candidate_ceremony(*, actor: Any, candidate: Candidate, held_on: date, consent: str = "") -> Candidate:
    """The admission ceremony (lễ kết nạp): within 30 working days of receiving the decision, later
    only with the upper committee's consent (recorded); probation runs 12 months from it."""
    candidate = _lock(candidate)
    require(actor, Action.MANAGE, candidate.unit)
    _advance(candidate, rules.PROBATION, held_on)
    received = candidate.decision_received_on or candidate.decision_on
    if held_on < received:
        raise RuleViolation("admission.step_before_previous", day=held_on, previous_on=received)
    due = rules.ceremony_due(received, profile(received), **regulations.calendar_kwargs())
    if held_on > due and not consent.strip():
        raise RuleViolation("admission.ceremony_late", due=due)
    candidate.member = member_services.member_ceremony_record(
        actor=actor, member=candidate.member, held_on=held_on
    )
    candidate.ceremony_on, candidate.ceremony_consent = held_on, normalize(consent)
    _step(candidate, actor, rules.PROBATION, held_on, note=candidate.ceremony_consent)
    _audit(
        actor,
        "candidate.ceremony",
        candidate,
        held_on,
        probation_ends=rules.probation_end(held_on, profile(held_on)),
    )
    return candidate


@transaction.atomic
def candidate_recognition_vote(
    *, actor: Any, candidate: Candidate, held_on: date, in_favour: int, against: int, note: str = ""
) -> Vote:
    """The chi bộ considers the recognition after probation ends (≥ 2/3 in favour)."""
    candidate = _lock(candidate)
    require(actor, Action.MANAGE, candidate.unit)
    _advance(candidate, rules.RECOGNITION_VOTED, held_on)
    ends = rules.probation_end(candidate.ceremony_on, profile(candidate.ceremony_on))
    if held_on < ends:
        raise RuleViolation("member.probation_not_ended", ends=ends)
    vote = _vote(candidate, Vote.Kind.RECOGNITION, held_on, in_favour, against)
    if vote.passed:
        candidate.recognition_vote_on = held_on
        _step(candidate, actor, rules.RECOGNITION_VOTED, held_on, note=note)
    _audit(
        actor,
        "candidate.recognition_vote",
        candidate,
        held_on,
        note,
        in_favour=in_favour,
        against=against,
        official_members=vote.official_members,
        passed=vote.passed,
    )
    return vote


@transaction.atomic
def candidate_recognise(*, actor: Any, candidate: Candidate, decided_on: date, number: str) -> Candidate:
    """The committee's recognition decision: official member as of the end of probation."""
    candidate = _lock(candidate)
    deciding = candidate.deciding_unit or deciding_unit_for(candidate.unit)
    require(actor, Action.MANAGE, deciding)
    _advance(candidate, rules.OFFICIAL, decided_on)
    if not number.strip():
        raise RuleViolation("admission.number_required")
    candidate.member = member = member_services.member_recognise_official(
        actor=actor, member=candidate.member, decided_on=decided_on, decision=normalize(number)
    )
    candidate.recognition_decision_on, candidate.recognition_decision_number = decided_on, normalize(number)
    _step(candidate, actor, rules.OFFICIAL, decided_on, reference=candidate.recognition_decision_number)
    _audit(actor, "candidate.recognise", candidate, decided_on, official_on=member.official_on)
    return candidate


@transaction.atomic
def candidate_not_recognised(
    *, actor: Any, candidate: Candidate, decided_on: date, number: str, reason: str
) -> Candidate:
    """The member is not recognised as official: removed from the list (xóa tên), DOMAIN.md §2 [S7]."""
    candidate = _lock(candidate)
    deciding = candidate.deciding_unit or deciding_unit_for(candidate.unit)
    require(actor, Action.MANAGE, deciding)
    _advance(candidate, rules.NOT_RECOGNISED, decided_on)
    if not reason.strip():
        raise RuleViolation("admission.reason_required")
    candidate.member = member_services.member_leave(
        actor=actor,
        member=candidate.member,
        reason=LeaveReason.REMOVED,
        on=decided_on,
        decision=normalize(number),
    )
    candidate.closed_reason = normalize(reason)
    _step(
        candidate,
        actor,
        rules.NOT_RECOGNISED,
        decided_on,
        reference=normalize(number),
        note=candidate.closed_reason,
    )
    _audit(actor, "candidate.not_recognised", candidate, decided_on, candidate.closed_reason)
    return candidate


def _close(actor: Any, candidate: Candidate, stage: str, on: date, reason: str, action: str) -> Candidate:
    candidate = _lock(candidate)
    require(actor, Action.MANAGE, candidate.unit)
    _advance(candidate, stage, on)
    if not reason.strip():
        raise RuleViolation("admission.reason_required")
    candidate.closed_reason = normalize(reason)
    _step(candidate, actor, stage, on, note=candidate.closed_reason)
    _audit(actor, action, candidate, on, candidate.closed_reason)
    return candidate


@transaction.atomic
def candidate_withdraw(*, actor: Any, candidate: Candidate, on: date, reason: str) -> Candidate:
    """The person withdraws before the decision (or the chi bộ stops developing them)."""
    return _close(actor, candidate, rules.WITHDRAWN, on, reason, "candidate.withdraw")


@transaction.atomic
def candidate_reject(*, actor: Any, candidate: Candidate, on: date, reason: str) -> Candidate:
    """The candidacy is rejected before the decision, with the reason."""
    return _close(actor, candidate, rules.REJECTED, on, reason, "candidate.reject")
