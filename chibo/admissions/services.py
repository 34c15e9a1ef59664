"""Writes of the admission pipeline: each step is one dated, audited transaction.

Every step locks the candidacy, checks the actor's right, asks ``chibo.rules.admission`` whether the
step may follow the current stage on that date (and the step's own conditions), writes the candidacy,
appends a ``Step`` (its history) and the audit entry. From the admission decision on, the member
record is written through the member services (``member_admit``, ``member_ceremony_record``,
``member_recognise_official``, ``member_leave``), so the member's history has the same events.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db import transaction

from chibo.accounts.roles import Action
from chibo.admissions.models import Candidate, DossierPaper, Introducer, Stage, Step, Target, Vote
from chibo.core import audit, regulations
from chibo.core.regulations import profile
from chibo.core.scoping import require
from chibo.members import services as member_services
from chibo.members.models import LeaveReason, Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules import admission as rules
from chibo.rules import members as member_rules
from chibo.rules import organizations as org_rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import fold, normalize


@dataclass(frozen=True)
class CandidateSpec:
    """The person's details (the member fields that apply to someone not yet admitted)."""

    full_name: str
    birth_date: date
    sex: str = ""
    ethnicity: str = "Kinh"
    religion: str = ""
    home_town: str = ""
    residence: str = ""
    cccd: str = ""
    phone: str = ""
    email: str = ""
    education_general: str = ""
    education_professional: str = ""
    theory_level: str = ""
    job: str = ""
    position: str = ""
    host_unit_name: str = ""
    host_unit_joined_on: date | None = None
    source: str = "other"
    over_age_approval: str = ""


PERSON_FIELDS = tuple(f.name for f in fields(CandidateSpec))
_DATE_FIELDS = ("birth_date", "host_unit_joined_on")


def _clean_person(values: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
    clean = {k: (normalize(v) if isinstance(v, str) else v) for k, v in values.items()}
    if "full_name" in clean and not clean["full_name"]:
        raise RuleViolation("member.name_required")
    today = regulations.today()
    for name in _DATE_FIELDS:
        if clean.get(name) and clean[name] > today:
            raise RuleViolation("date.in_future", day=clean[name], today=today, field=name)
    if clean.get("cccd"):
        clean["cccd"] = member_rules.validate_cccd(clean["cccd"])
        _require_cccd_free(clean["cccd"], exclude_pk)
    if "full_name" in clean:
        clean["name_folded"] = fold(clean["full_name"])
    return clean


def _require_cccd_free(cccd: str, exclude_pk: int | None) -> None:
    """A person is one candidacy at a time, and not a candidate while already a member."""
    if Member.objects.filter(cccd=cccd, status__in=member_services.ACTIVE_STATUSES).exists():
        raise RuleViolation("admission.cccd_member", cccd=cccd)
    others = Candidate.objects.filter(cccd=cccd, stage__in=rules.BEFORE_DECISION).exclude(pk=exclude_pk)
    if others.exists():
        raise RuleViolation("admission.cccd_candidate", cccd=cccd)


def _lock(candidate: Candidate) -> Candidate:
    return (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("unit", "member")
        .get(pk=candidate.pk)
    )


def _step(
    candidate: Candidate, actor: Any, stage: str, on: date, *, reference: str = "", note: str = ""
) -> None:
    """Move to ``stage`` on ``on``: save the candidacy, append the history row."""
    candidate.stage, candidate.stage_on = stage, on
    candidate.version += 1
    candidate.save()
    Step.objects.create(
        candidate=candidate,
        stage=stage,
        effective_on=on,
        actor=actor if getattr(actor, "pk", None) else None,
        reference=reference,
        note=note,
    )


def _advance(candidate: Candidate, target: str, on: date) -> None:
    """The step may follow the current stage, on a date not before the previous step's."""
    rules.check_transition(candidate.stage, target, cell_level=candidate.unit.level)
    rules.check_step_date(on, previous_on=candidate.stage_on, today=regulations.today())


def _audit(actor: Any, action: str, candidate: Candidate, on: date, note: str = "", **after: Any) -> None:
    audit.record(
        actor=actor,
        action=action,
        target=candidate,
        unit=candidate.unit,
        after={"stage": candidate.stage, **after},
        effective_on=on,
        note=note,
    )


def grassroots_of(unit: Unit) -> Unit:
    """The grassroots organisation (chi bộ cơ sở or đảng bộ cơ sở) the cell belongs to."""
    if unit.level in (org_rules.CHI_BO_CO_SO, org_rules.DANG_BO_CO_SO):
        return unit
    for ancestor in reversed(list(unit.ancestor_units())):
        if ancestor.level in (org_rules.CHI_BO_CO_SO, org_rules.DANG_BO_CO_SO):
            return ancestor
    raise RuleViolation("admission.no_grassroots")


def deciding_unit_for(cell: Unit) -> Unit:
    """The committee that decides admissions of ``cell``'s candidates (DOMAIN.md §2 [S9])."""
    grassroots = grassroots_of(cell)
    body = rules.deciding_body(grassroots.level, delegated=grassroots.admission_authority)
    if body == rules.GRASSROOTS_COMMITTEE:
        return grassroots
    upper = grassroots.parent_unit()
    if upper is None:
        raise RuleViolation("admission.no_upper_committee")
    return upper


def official_members_of(cell: Unit) -> int:
    """Official members of the chi bộ (its tổ đảng included): the base of the 2/3 votes."""
    from chibo.core.scoping import subtree_q

    return Member.objects.filter(subtree_q(cell.path, "unit_path"), status=MemberStatus.OFFICIAL).count()


# --- candidates -----------------------------------------------------------------------------


@transaction.atomic
def candidate_create(*, actor: Any, unit: Unit, spec: CandidateSpec, entered_on: date) -> Candidate:
    """Record a candidate (quần chúng ưu tú) of a chi bộ."""
    require(actor, Action.MANAGE, unit)
    org_rules.check_holds_members(unit.level)
    org_rules.check_active(unit.dissolved_on, "target")
    values = _clean_person({f: getattr(spec, f) for f in PERSON_FIELDS})
    rules.check_step_date(entered_on, previous_on=values["birth_date"], today=regulations.today())
    candidate = Candidate.objects.create(unit=unit, entered_on=entered_on, stage_on=entered_on, **values)
    Step.objects.create(
        candidate=candidate,
        stage=Stage.CANDIDATE,
        effective_on=entered_on,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor=actor,
        action="candidate.create",
        target=candidate,
        unit=unit,
        after=audit.snapshot(candidate, ["full_name", "birth_date", "source", "stage"]),
        effective_on=entered_on,
    )
    return candidate


@transaction.atomic
def candidate_update(*, actor: Any, candidate: Candidate, version: int, changes: dict[str, Any]) -> Candidate:
    """Correct the person's details; refused if someone saved in between (``version``)."""
    candidate = _lock(candidate)
    require(actor, Action.MANAGE, candidate.unit)
    if candidate.version != version:
        raise RuleViolation("member.edited_concurrently")
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not details of a candidate: {sorted(unknown)}")
    clean = _clean_person(changes, exclude_pk=candidate.pk)
    before = audit.snapshot(candidate, list(changes))
    for name, value in clean.items():
        setattr(candidate, name, value)
    candidate.version += 1
    candidate.save()
    after = audit.snapshot(candidate, list(changes))
    changed = {k: v for k, v in after.items() if before[k] != v}
    audit.record(
        actor=actor,
        action="candidate.update",
        target=candidate,
        unit=candidate.unit,
        before={k: before[k] for k in changed},
        after=changed,
    )
    return candidate


@transaction.atomic
def introducer_assign(
    *,
    actor: Any,
    candidate: Candidate,
    member: Member,
    together_since: date,
    assigned_on: date,
    replacement: bool,
) -> Introducer:
    """Assign an official member of the same grassroots organisation to help and introduce the candidate."""
    candidate = _lock(candidate)
    require(actor, Action.MANAGE, candidate.unit)
    if not candidate.is_open or candidate.stage not in rules.BEFORE_DECISION:
        raise RuleViolation("admission.closed")
    if member.status != MemberStatus.OFFICIAL:
        raise RuleViolation("admission.introducer_not_official", name=member.full_name)
    if not member.unit_path.startswith(grassroots_of(candidate.unit).path):
        raise RuleViolation("admission.introducer_elsewhere", name=member.full_name)
    if candidate.introducers.filter(member=member, released_on__isnull=True).exists():
        raise RuleViolation("admission.introducer_twice", name=member.full_name)
    rules.check_step_date(assigned_on, previous_on=candidate.entered_on, today=regulations.today())
    if together_since > assigned_on:
        raise RuleViolation(
            "admission.together_after_assignment", day=together_since, assigned_on=assigned_on
        )
    introducer = Introducer.objects.create(
        candidate=candidate,
        member=member,
        together_since=together_since,
        assigned_on=assigned_on,
        replacement=replacement,
    )
    _audit(actor, "candidate.introducer_assign", candidate, assigned_on, introducer=member.full_name)
    return introducer


@transaction.atomic
def introducer_release(*, actor: Any, introducer: Introducer, released_on: date, reason: str) -> Introducer:
    """Release an introducer (moved, disciplined…); the chi bộ then assigns a replacement."""
    candidate = _lock(introducer.candidate)
    require(actor, Action.MANAGE, candidate.unit)
    if introducer.released_on is not None:
        raise RuleViolation("admission.introducer_released")
    rules.check_step_date(released_on, previous_on=introducer.assigned_on, today=regulations.today())
    if not reason.strip():
        raise RuleViolation("admission.reason_required")
    introducer.released_on, introducer.released_reason = released_on, normalize(reason)
    introducer.save(update_fields=["released_on", "released_reason"])
    _audit(actor, "candidate.introducer_release", candidate, released_on, introducer=str(introducer.member))
    return introducer


def _introducer_facts(candidate: Candidate, on: date) -> list[rules.IntroducerFacts]:
    active = candidate.introducers.filter(released_on__isnull=True).select_related("member")
    return [
        rules.IntroducerFacts(
            name=i.member.full_name,
            official=i.member.status == MemberStatus.OFFICIAL
            and (i.member.official_on is None or i.member.official_on <= on),
            together_since=i.together_since,
            replacement=i.replacement,
        )
        for i in active
    ]


# --- dossier --------------------------------------------------------------------------------


@transaction.atomic
def dossier_paper_record(
    *, actor: Any, candidate: Candidate, kind: str, number: str, issued_on: date, scan: Any = None
) -> DossierPaper:
    """Record (or replace) one paper of the dossier; a replacement keeps the old values in the audit."""
    candidate = _lock(candidate)
    require(actor, Action.MANAGE, candidate.unit)
    if candidate.stage not in rules.BEFORE_DECISION:
        raise RuleViolation("admission.closed")
    rules.check_step_date(issued_on, previous_on=None, today=regulations.today())
    paper = DossierPaper.objects.filter(candidate=candidate, kind=kind).first()
    before = audit.snapshot(paper, ["number", "issued_on"]) if paper else None
    paper = paper or DossierPaper(candidate=candidate, kind=kind)
    paper.number, paper.issued_on = normalize(number), issued_on
    if scan:
        paper.scan = scan
    paper.save()
    audit.record(
        actor=actor,
        action="candidate.paper",
        target=candidate,
        unit=candidate.unit,
        before=before,
        after={"kind": kind, "number": paper.number, "issued_on": issued_on, "scan": bool(paper.scan)},
        effective_on=issued_on,
    )
    return paper


def dossier_scan_viewed(*, actor: Any, paper: DossierPaper) -> None:
    """Record that someone opened the scan of a dossier paper (personal data, Decree 13/2023)."""
    require(actor, Action.MANAGE, paper.candidate.unit)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="candidate.scan_view",
            target=paper.candidate,
            unit=paper.candidate.unit,
            after={"paper": paper.kind},
        )


# --- steps ----------------------------------------------------------------------------------


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


# --- targets --------------------------------------------------------------------------------


@transaction.atomic
def target_set(*, actor: Any, unit: Unit, year: int, target: int) -> Target:
    """Set a unit's admission target for ``year``; targets are set by the level above."""
    parent = unit.parent_unit()
    require(actor, Action.MANAGE, parent or unit)
    if parent is None and not getattr(actor, "is_superuser", actor is None):
        raise RuleViolation("admission.target_from_above")
    if target < 0:
        raise RuleViolation("admission.target_negative")
    this_year = regulations.today().year
    if not this_year - 1 <= year <= this_year + 1:
        raise RuleViolation("admission.target_year", year=year, first=this_year - 1, last=this_year + 1)
    existing = Target.objects.select_for_update().filter(unit=unit, year=year).first()
    before = {"target": existing.target} if existing else None
    row, _created = Target.objects.update_or_create(unit=unit, year=year, defaults={"target": target})
    audit.record(
        actor=actor,
        action="admission.target_set",
        target=row,
        unit=unit,
        before=before,
        after={"target": target},
    )
    return row


def candidates_transfer_all(*, actor: Any, from_unit: Unit, to_unit: Unit) -> int:
    """Open candidacies of a cell that is merged or dissolved follow its members to ``to_unit``
    (called by the restructuring services inside their transaction; they audit the batch)."""
    assert transaction.get_connection().in_atomic_block
    candidates = Candidate.objects.filter(unit=from_unit).exclude(stage__in=rules.CLOSED)
    if not candidates.exists():
        return 0
    org_rules.check_holds_members(to_unit.level)
    return candidates.update(unit=to_unit)
