"""Services of chibo.discipline: every write, in one transaction, with its audit entry.

Programmes of inspection and supervision (create, update, start, conclude) and discipline cases
(open, report, review, decide, announce, complaint, complaint ruling, annul; and the recording of
a case already decided, e.g. from the paper register). Every service requires
``Action.DISCIPLINE`` on the owning unit (inspection committee, organisation board).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from chibo.accounts.roles import Action
from chibo.core import audit, regulations
from chibo.core.scoping import can, require
from chibo.discipline.models import Case, Programme
from chibo.members.models import LeaveReason, Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules import discipline as rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import normalize

PROGRAMME_FIELDS = ("year", "kind", "mode", "topic", "starts_on", "ends_on")


# --- shared checks -------------------------------------------------------------------------


def _not_future(day: date) -> None:
    if day > regulations.today():
        raise RuleViolation("date.in_future", day=day, today=regulations.today())


def _within(unit: Unit, path: str, *, strictly: bool = False) -> bool:
    return path.startswith(unit.path) and not (strictly and path == unit.path)


def _check_targets(unit: Unit, units: Iterable[Unit], members: Iterable[Member]) -> tuple[list, list]:
    units, members = list(units), list(members)
    for target in units:
        if not _within(unit, target.path):
            raise RuleViolation("discipline.target_outside", name=target.name, unit=unit.name)
    for member in members:
        if not _within(unit, member.unit_path):
            raise RuleViolation("discipline.target_outside", name=member.full_name, unit=unit.name)
    return units, members


def _check_programme_values(values: dict[str, Any]) -> None:
    if not normalize(values.get("topic") or ""):
        raise RuleViolation("discipline.topic_required")
    if values["kind"] not in Programme.Kind.values or values["mode"] not in Programme.Mode.values:
        raise RuleViolation("discipline.kind_unknown")
    if values["ends_on"] < values["starts_on"]:
        raise RuleViolation("date.end_not_after_start", start=values["starts_on"], end=values["ends_on"])
    if values["starts_on"].year != values["year"]:
        raise RuleViolation("discipline.period_outside_year", year=values["year"], start=values["starts_on"])


# --- programmes ----------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    kind: str,
    topic: str,
    starts_on: date,
    ends_on: date,
    mode: str = Programme.Mode.REGULAR,
    target_units: Iterable[Unit] = (),
    target_members: Iterable[Member] = (),
) -> Programme:
    """Plan a programme of inspection or supervision of ``unit``'s committee for ``year``; the
    organisations and members it targets lie in ``unit``'s subtree."""
    require(actor, Action.DISCIPLINE, unit)
    values = {
        "year": year,
        "kind": kind,
        "mode": mode,
        "topic": topic,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    _check_programme_values(values)
    units, members = _check_targets(unit, target_units, target_members)
    programme = Programme.objects.create(unit=unit, **{**values, "topic": normalize(topic)})
    programme.target_units.set(units)
    programme.target_members.set(members)
    after = {
        **audit.snapshot(programme, list(PROGRAMME_FIELDS)),
        "units": len(units),
        "members": len(members),
    }
    audit.record(actor=actor, action="discipline.programme_create", target=programme, unit=unit, after=after)
    return programme


def _lock_programme(programme: Programme) -> Programme:
    return Programme.objects.select_for_update(of=("self",)).select_related("unit").get(pk=programme.pk)


@transaction.atomic
def programme_update(
    *,
    actor: Any,
    programme: Programme,
    changes: dict[str, Any],
    target_units: Iterable[Unit] | None = None,
    target_members: Iterable[Member] | None = None,
) -> Programme:
    """Change a programme not yet concluded: its kind, topic, period and targets."""
    programme = _lock_programme(programme)
    require(actor, Action.DISCIPLINE, programme.unit)
    if programme.status == Programme.Status.CONCLUDED:
        raise RuleViolation("discipline.programme_concluded")
    unknown = set(changes) - set(PROGRAMME_FIELDS)
    if unknown:
        raise RuleViolation("discipline.field_not_editable", fields=", ".join(sorted(unknown)))
    before = audit.snapshot(programme, list(PROGRAMME_FIELDS))
    values = {**{f: getattr(programme, f) for f in PROGRAMME_FIELDS}, **changes}
    _check_programme_values(values)
    units, members = _check_targets(programme.unit, target_units or (), target_members or ())
    for name, value in values.items():
        setattr(programme, name, normalize(value) if name == "topic" else value)
    programme.save()
    if target_units is not None:
        programme.target_units.set(units)
    if target_members is not None:
        programme.target_members.set(members)
    audit.record(
        actor=actor,
        action="discipline.programme_update",
        target=programme,
        unit=programme.unit,
        before=before,
        after=audit.snapshot(programme, list(PROGRAMME_FIELDS)),
    )
    return programme


@transaction.atomic
def programme_start(*, actor: Any, programme: Programme, on: date) -> Programme:
    """Planned → in progress, on ``on`` (not in the future)."""
    programme = _lock_programme(programme)
    require(actor, Action.DISCIPLINE, programme.unit)
    if programme.status != Programme.Status.PLANNED:
        raise RuleViolation("discipline.programme_not_planned")
    _not_future(on)
    programme.status, programme.started_on = Programme.Status.IN_PROGRESS, on
    programme.save(update_fields=["status", "started_on"])
    audit.record(
        actor=actor, action="discipline.programme_start", target=programme, unit=programme.unit,
        after={"status": programme.status, "started_on": on}, effective_on=on,
    )  # fmt: skip
    return programme


@transaction.atomic
def programme_conclude(*, actor: Any, programme: Programme, on: date, conclusion: str) -> Programme:
    """In progress → concluded, with the conclusion (kết luận) and its date."""
    programme = _lock_programme(programme)
    require(actor, Action.DISCIPLINE, programme.unit)
    if programme.status != Programme.Status.IN_PROGRESS:
        raise RuleViolation("discipline.programme_not_in_progress")
    if not normalize(conclusion):
        raise RuleViolation("discipline.conclusion_required")
    _not_future(on)
    if programme.started_on and on < programme.started_on:
        raise RuleViolation(
            "discipline.step_before_previous",
            step="conclusion",
            day=on,
            previous="start",
            previous_on=programme.started_on,
        )
    programme.status, programme.concluded_on = Programme.Status.CONCLUDED, on
    programme.conclusion = conclusion.strip()
    programme.save(update_fields=["status", "concluded_on", "conclusion"])
    audit.record(
        actor=actor, action="discipline.programme_conclude", target=programme, unit=programme.unit,
        after={"status": programme.status, "concluded_on": on}, effective_on=on,
    )  # fmt: skip
    return programme


# --- discipline cases ----------------------------------------------------------------------


def _check_subject(unit: Unit, member: Member | None, target_unit: Unit | None) -> str:
    """The subject of a new case: a member of ``unit``'s subtree, or an organisation below it."""
    if (member is None) == (target_unit is None):
        raise RuleViolation("discipline.subject_required")
    if member is not None:
        if member.status == MemberStatus.LEFT:
            raise RuleViolation("discipline.member_left", name=member.full_name)
        if not _within(unit, member.unit_path):
            raise RuleViolation("discipline.target_outside", name=member.full_name, unit=unit.name)
        return rules.MEMBER
    assert target_unit is not None
    if target_unit.dissolved_on is not None:
        raise RuleViolation("discipline.unit_dissolved", name=target_unit.name)
    if not _within(unit, target_unit.path, strictly=True):
        raise RuleViolation("discipline.target_outside", name=target_unit.name, unit=unit.name)
    return rules.ORGANISATION


def _new_case(
    *,
    unit: Unit,
    member: Member | None,
    target_unit: Unit | None,
    category: str,
    description: str,
    violation_on: date,
    opened_on: date,
    programme: Programme | None,
) -> Case:
    subject = _check_subject(unit, member, target_unit)
    if category not in rules.CATEGORIES:
        raise RuleViolation("discipline.category_unknown", category=category)
    if not normalize(description):
        raise RuleViolation("discipline.description_required")
    _not_future(opened_on)
    rules.check_steps_in_order([("violation", violation_on), ("opening", opened_on)])
    if (
        programme is not None
        and not _within(programme.unit, unit.path)
        and not _within(unit, programme.unit.path)
    ):
        raise RuleViolation("discipline.target_outside", name=str(programme), unit=unit.name)
    return Case(
        unit=unit,
        subject=subject,
        member=member,
        target_unit=target_unit,
        programme=programme,
        category=category,
        description=description.strip(),
        violation_on=violation_on,
        opened_on=opened_on,
    )


@transaction.atomic
def case_open(
    *,
    actor: Any,
    unit: Unit,
    category: str,
    description: str,
    violation_on: date,
    opened_on: date,
    member: Member | None = None,
    target_unit: Unit | None = None,
    programme: Programme | None = None,
) -> Case:
    """Open a case against a member of ``unit``'s subtree or an organisation below ``unit``."""
    require(actor, Action.DISCIPLINE, unit)
    case = _new_case(
        unit=unit, member=member, target_unit=target_unit, category=category, description=description,
        violation_on=violation_on, opened_on=opened_on, programme=programme,
    )  # fmt: skip
    case.save()
    audit.record(
        actor=actor, action="discipline.case_open", target=case, unit=unit, effective_on=opened_on,
        after=audit.snapshot(case, ["subject", "member_id", "target_unit_id", "category", "violation_on"]),
    )  # fmt: skip
    return case


def _lock_case(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("unit", "member", "member__unit", "target_unit")
        .get(pk=case.pk)
    )


def _steps(case: Case) -> list[tuple[str, date | None]]:
    return [
        ("violation", case.violation_on),
        ("opening", case.opened_on),
        ("report", case.reported_on),
        ("review", case.reviewed_on),
        ("decision", case.decided_on),
        ("announcement", case.announced_on),
        ("complaint", case.complaint_on),
        ("complaint_ruling", case.complaint_ruled_on),
    ]


def _step(case: Case, step: str, allowed_from: tuple[str, ...], on: date) -> None:
    if case.state not in allowed_from:
        raise RuleViolation("discipline.step_out_of_order", step=step, state=case.get_state_display())
    _not_future(on)


def _record_step(actor: Any, case: Case, action: str, fields: list[str], on: date, note: str = "") -> None:
    rules.check_steps_in_order(_steps(case))
    case.save(update_fields=["state", *fields])
    audit.record(
        actor=actor, action=action, target=case, unit=case.unit, effective_on=on, note=note,
        after={"state": case.state, **audit.snapshot(case, fields)},
    )  # fmt: skip


@transaction.atomic
def case_report(*, actor: Any, case: Case, on: date, note: str = "") -> Case:
    """The report or self-criticism (tự kiểm điểm) of the member or organisation, DOMAIN.md §7."""
    case = _lock_case(case)
    require(actor, Action.DISCIPLINE, case.unit)
    _step(case, "report", (Case.State.OPENED,), on)
    case.state, case.reported_on, case.report_note = Case.State.REPORTED, on, note.strip()
    _record_step(actor, case, "discipline.case_report", ["reported_on"], on)
    return case


@transaction.atomic
def case_review(*, actor: Any, case: Case, on: date, body: str, note: str = "") -> Case:
    """The review by the competent body (chi bộ, đảng ủy, ủy ban kiểm tra), which proposes a form."""
    case = _lock_case(case)
    require(actor, Action.DISCIPLINE, case.unit)
    _step(case, "review", (Case.State.REPORTED,), on)
    if not normalize(body):
        raise RuleViolation("discipline.body_required")
    case.state, case.reviewed_on = Case.State.REVIEWED, on
    case.reviewing_body, case.review_note = normalize(body), note.strip()
    _record_step(actor, case, "discipline.case_review", ["reviewed_on", "reviewing_body"], on)
    return case


def holds_office(member: Member) -> bool:
    """Whether the member holds an office (chức vụ) and so can be removed from it (cách chức):
    the member record's position (``Member.position``, chức vụ Đảng / chính quyền / đoàn thể) is
    not empty. DOMAIN.md §7 [S41; 69 art.7]. The value is kept on the case at the decision."""
    return bool(normalize(member.position or ""))


def _apply_decision(case: Case, *, form: str, decided_on: date, number: str, body: str) -> None:
    """Check the form and the limitation period and write the decision's fields on ``case``."""
    _not_future(decided_on)
    if not normalize(number):
        raise RuleViolation("discipline.number_required")
    if not normalize(body):
        raise RuleViolation("discipline.body_required")
    member = case.member
    probationary = member is not None and member.status == MemberStatus.PROBATIONARY
    office = member is not None and holds_office(member)
    if case.subject == rules.MEMBER:
        rules.check_form(form, case.subject, probationary=probationary, holds_office=office)
    else:
        rules.check_form(form, case.subject)
    rules.check_within_limitation(
        case.violation_on,
        form,
        decided_on,
        subject=case.subject,
        profile=regulations.profile(decided_on),
        no_limit=not rules.limitation_applies(case.category),
    )
    case.state, case.form, case.decided_on = Case.State.DECIDED, form, decided_on
    case.decision_number, case.deciding_body, case.holds_office = normalize(number), normalize(body), office


DECISION_FIELDS = ["form", "decided_on", "decision_number", "deciding_body", "holds_office"]


@transaction.atomic
def case_decide(
    *, actor: Any, case: Case, form: str, decided_on: date, decision_number: str, deciding_body: str
) -> Case:
    """The discipline decision: a form the subject can receive (``rules.allowed_forms``; a
    probationary member only khiển trách / cảnh cáo, cách chức only for a member holding an office,
    see :func:`holds_office`), taken within the limitation period (``rules.check_within_limitation``;
    none for the categories of ``rules.NO_LIMIT_CATEGORIES``)."""
    case = _lock_case(case)
    require(actor, Action.DISCIPLINE, case.unit)
    _step(case, "decision", (Case.State.REVIEWED,), decided_on)
    _apply_decision(case, form=form, decided_on=decided_on, number=decision_number, body=deciding_body)
    _record_step(
        actor, case, "discipline.case_decide", DECISION_FIELDS, decided_on, note=case.decision_number
    )
    return case


def _expel(actor: Any, case: Case, on: date) -> None:
    """Khai trừ takes the member out of the Party through the member services (party age stops),
    in the caller's transaction. The member services require MANAGE: an inspection committee
    acting under its own DISCIPLINE right leaves it as a system step (its own audit entry names
    the actor)."""
    from chibo.members.services import member_leave

    member = case.member
    assert member is not None
    acting = actor if actor is None or can(actor, Action.MANAGE, member.unit) else None
    member_leave(
        actor=acting, member=member, reason=LeaveReason.EXPELLED, on=on, decision=case.decision_number
    )


def _apply_announcement(actor: Any, case: Case, on: date) -> None:
    _not_future(on)
    case.state, case.announced_on = Case.State.ANNOUNCED, on
    case.effect_ends_on = rules.effect_ends(on, case.form, regulations.profile(on))
    rules.check_steps_in_order(_steps(case))
    if case.form == rules.KHAI_TRU:
        _expel(actor, case, on)


@transaction.atomic
def case_announce(*, actor: Any, case: Case, on: date) -> Case:
    """The announcement: the discipline takes effect, until ``rules.effect_ends`` (12 months; never
    ends for khai trừ / giải tán). Khai trừ: the member leaves (``member_leave``, reason expelled)
    in the same transaction. Giải tán: recorded only; the organisation board dissolves the unit
    through the restructuring (``unit_dissolve``)."""
    case = _lock_case(case)
    require(actor, Action.DISCIPLINE, case.unit)
    _step(case, "announcement", (Case.State.DECIDED,), on)
    _apply_announcement(actor, case, on)
    _record_step(actor, case, "discipline.case_announce", ["announced_on", "effect_ends_on"], on)
    return case


@transaction.atomic
def case_complaint(*, actor: Any, case: Case, on: date) -> Case:
    """A complaint against the announced discipline: its automatic end is suspended until the
    ruling is announced (``rules.effect_ends``: counted from the ruling's announcement)."""
    case = _lock_case(case)
    require(actor, Action.DISCIPLINE, case.unit)
    _step(case, "complaint", (Case.State.ANNOUNCED,), on)
    if case.complaint_on is not None:
        raise RuleViolation("discipline.complaint_recorded", day=case.complaint_on)
    case.complaint_on, case.effect_ends_on = on, None
    _record_step(actor, case, "discipline.case_complaint", ["complaint_on", "effect_ends_on"], on)
    return case


@transaction.atomic
def case_complaint_ruling(*, actor: Any, case: Case, on: date, ruling: str) -> Case:
    """The ruling upholding the discipline was announced on ``on``: the 12 months count from it.
    A ruling that cancels the discipline is recorded with :func:`case_annul`."""
    case = _lock_case(case)
    require(actor, Action.DISCIPLINE, case.unit)
    _step(case, "complaint_ruling", (Case.State.ANNOUNCED,), on)
    if case.complaint_on is None or case.complaint_ruled_on is not None:
        raise RuleViolation("discipline.no_pending_complaint")
    if not normalize(ruling):
        raise RuleViolation("discipline.ruling_required")
    case.complaint_ruled_on, case.complaint_ruling = on, normalize(ruling)
    case.effect_ends_on = rules.effect_ends(on, case.form, regulations.profile(on))
    fields = ["complaint_ruled_on", "complaint_ruling", "effect_ends_on"]
    _record_step(actor, case, "discipline.case_complaint_ruling", fields, on)
    return case


@transaction.atomic
def case_annul(*, actor: Any, case: Case, on: date, decision: str) -> Case:
    """A higher decision annuls the discipline (decided or announced): it stops being in effect and
    no longer counts in the year's figures. An expelled member does not come back by this: the
    re-admission or rehabilitation is recorded by the member services."""
    case = _lock_case(case)
    require(actor, Action.DISCIPLINE, case.unit)
    _step(case, "annulment", (Case.State.DECIDED, Case.State.ANNOUNCED), on)
    if not normalize(decision):
        raise RuleViolation("discipline.number_required")
    if case.decided_on and on < case.decided_on:
        raise RuleViolation(
            "discipline.step_before_previous", step="annulment", day=on, previous="decision",
            previous_on=case.decided_on,
        )  # fmt: skip
    case.state, case.annulled_on, case.annulment_decision = Case.State.ANNULLED, on, normalize(decision)
    case.save(update_fields=["state", "annulled_on", "annulment_decision"])
    audit.record(
        actor=actor, action="discipline.case_annul", target=case, unit=case.unit, effective_on=on,
        before={"form": case.form, "decided_on": case.decided_on}, after={"state": case.state},
        note=case.annulment_decision,
    )  # fmt: skip
    return case


@transaction.atomic
def case_record_decided(
    *,
    actor: Any,
    unit: Unit,
    category: str,
    description: str,
    violation_on: date,
    form: str,
    decided_on: date,
    decision_number: str,
    deciding_body: str,
    announced_on: date | None = None,
    member: Member | None = None,
    target_unit: Unit | None = None,
    programme: Programme | None = None,
) -> Case:
    """Record a case already decided (from the paper register, or decided elsewhere), with the
    same checks as the steps: the subject in ``unit``'s subtree, the form allowed, the limitation
    period, the dates in order; announced when ``announced_on`` is given (khai trừ: the member
    leaves). Other apps create their test data with it."""
    require(actor, Action.DISCIPLINE, unit)
    case = _new_case(
        unit=unit, member=member, target_unit=target_unit, category=category, description=description,
        violation_on=violation_on, opened_on=decided_on, programme=programme,
    )  # fmt: skip
    _apply_decision(case, form=form, decided_on=decided_on, number=decision_number, body=deciding_body)
    if announced_on is not None:
        _apply_announcement(actor, case, announced_on)
    rules.check_steps_in_order(_steps(case))
    case.save()
    audit.record(
        actor=actor, action="discipline.case_record", target=case, unit=unit, effective_on=decided_on,
        after={
            **audit.snapshot(case, ["subject", "member_id", "target_unit_id", "category", *DECISION_FIELDS]),
            "announced_on": announced_on,
        },
        note=case.decision_number,
    )  # fmt: skip
    return case
