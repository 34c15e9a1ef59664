"""Candidates, their introducers and their dossier papers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from chibo.accounts.roles import Action
from chibo.admissions.models import Candidate, DossierPaper, Introducer, PaperKind, Stage, Step
from chibo.admissions.services._common import (
    PERSON_FIELDS,
    CandidateSpec,
    _audit,
    _clean_person,
    _lock,
    grassroots_of,
)
from chibo.core import audit, regulations
from chibo.core.scoping import require
from chibo.members.models import Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules import admission as rules
from chibo.rules import organizations as org_rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import normalize


@transaction.atomic
def candidate_create(*, actor: Any, unit: Unit, spec: CandidateSpec, entered_on: date) -> Candidate:
    """Record a candidate (quần chúng ưu tú) of a chi bộ."""
    require(actor, Action.MANAGE, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)  # fresh: a dissolution may have just landed
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
        raise RuleViolation("member.field_not_editable", fields=", ".join(sorted(unknown)))
    clean = _clean_person(changes, exclude_pk=candidate.pk)
    if clean.get("birth_date") and clean["birth_date"] > candidate.entered_on:
        raise RuleViolation(
            "admission.step_before_previous", day=candidate.entered_on, previous_on=clean["birth_date"]
        )
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
    if kind == "certificate":  # the certificate is a step of its own (it moves the stage)
        raise RuleViolation("admission.certificate_is_a_step")
    if kind not in PaperKind.values:
        raise RuleViolation("admission.paper_unknown", kind=kind)
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
