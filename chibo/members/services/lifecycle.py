"""Life-cycle events: recognition, exemption, absence, leaving, re-admission."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from chibo.accounts.roles import Action
from chibo.core import audit, regulations
from chibo.core.regulations import profile
from chibo.core.scoping import require
from chibo.members.models import (
    Absence,
    ActivityState,
    Exemption,
    Member,
    MemberEvent,
    MemberStatus,
    MemberUnitPeriod,
    Transfer,
)
from chibo.members.services._common import (
    _check_event,
    _check_unit_holds_members,
    _event,
    _lock,
    _move,
    _require_cccd_free,
    _save,
)
from chibo.rules import members as rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import normalize


@transaction.atomic
def member_recognise_official(*, actor: Any, member: Member, decided_on: date, decision: str = "") -> Member:
    """Recognise a probationary member as official; the official date is the end of probation
    even when the vote or decision comes later (DOMAIN.md §2)."""
    member = _lock(member)
    require(actor, Action.MANAGE, member.unit)
    _check_event(member, decided_on)
    if member.ceremony_on is None:
        raise RuleViolation("member.ceremony_missing")
    official_on = rules.check_official_recognition(
        status=member.status, ceremony_date=member.ceremony_on, on=decided_on, profile=profile(decided_on)
    )
    member.status, member.official_on = MemberStatus.OFFICIAL, official_on
    _save(member, "status", "official_on")
    _event(
        member,
        MemberEvent.Kind.RECOGNISED,
        official_on,
        actor,
        decision=decision,
        details={"decided_on": decided_on.isoformat()},
    )
    audit.record(
        actor=actor,
        action="member.recognise",
        target=member,
        unit=member.unit,
        before={"status": MemberStatus.PROBATIONARY},
        after={"status": member.status, "official_on": official_on},
        effective_on=official_on,
        note=decision,
    )
    return member


@transaction.atomic
def member_ceremony_record(*, actor: Any, member: Member, held_on: date) -> Member:
    """Record the admission ceremony (lễ kết nạp): the ngày vào Đảng, from which probation runs
    12 months (DOMAIN.md §2)."""
    member = _lock(member)
    require(actor, Action.MANAGE, member.unit)
    _check_event(member, held_on)
    if member.status != MemberStatus.PROBATIONARY:
        raise RuleViolation("member.ceremony_not_probationary")
    if member.ceremony_on is not None:
        raise RuleViolation("member.ceremony_recorded", ceremony_on=member.ceremony_on)
    rules.check_dates_order(
        birth_date=member.birth_date, admitted_on=member.admitted_on, ceremony_on=held_on, official_on=None
    )
    member.ceremony_on = held_on
    _save(member, "ceremony_on")
    _event(member, MemberEvent.Kind.CEREMONY, held_on, actor)
    audit.record(
        actor=actor,
        action="member.ceremony",
        target=member,
        unit=member.unit,
        after={"ceremony_on": held_on},
        effective_on=held_on,
    )
    return member


@transaction.atomic
def member_exempt(
    *,
    actor: Any,
    member: Member,
    reason: str,
    start_on: date,
    end_on: date | None = None,
    decision: str = "",
    note: str = "",
) -> Exemption:
    """Exempt a member from work and meetings for a reason and period (DOMAIN.md §3)."""
    member = _lock(member)
    require(actor, Action.MANAGE, member.unit)
    rules.check_active(member.status)
    if member.activity == ActivityState.EXEMPT:
        raise RuleViolation("member.already_exempt")
    if member.activity == ActivityState.TEMP_OUT:
        raise RuleViolation("member.already_away")
    if member.birth_date is None or not member.sex:
        raise RuleViolation("member.birth_and_sex_required")
    regulation = profile(start_on)
    rules.check_exemption(
        reason=reason,
        start=start_on,
        end=end_on,
        birth_date=member.birth_date,
        sex=member.sex,
        on=regulations.today(),
        old_age_male_years=regulation.exemption_old_age_male_years,
        old_age_female_years=regulation.exemption_old_age_female_years,
    )
    _check_event(member, start_on, planned=True)
    exemption = Exemption.objects.create(
        member=member,
        reason=reason,
        start_on=start_on,
        end_on=end_on,
        decision=normalize(decision),
        note=normalize(note),
    )
    member.activity = ActivityState.EXEMPT
    _save(member, "activity")
    _event(
        member,
        MemberEvent.Kind.EXEMPTED,
        start_on,
        actor,
        decision=decision,
        details={"reason": reason, "until": end_on.isoformat() if end_on else None},
    )
    audit.record(
        actor=actor,
        action="member.exempt",
        target=member,
        unit=member.unit,
        after={"reason": reason, "start_on": start_on, "end_on": end_on},
        effective_on=start_on,
    )
    return exemption


@transaction.atomic
def member_exemption_end(*, actor: Any, exemption: Exemption, ended_on: date) -> Exemption:
    exemption = Exemption.objects.select_for_update().get(pk=exemption.pk)
    member = _lock(exemption.member)
    require(actor, Action.MANAGE, member.unit)
    if exemption.ended_on is not None:
        raise RuleViolation("member.exemption_already_ended")
    _check_event(member, ended_on)
    if ended_on < exemption.start_on:
        raise RuleViolation("date.end_not_after_start", start=exemption.start_on, end=ended_on)
    exemption.ended_on = ended_on
    exemption.save(update_fields=["ended_on"])
    member.activity = ActivityState.NORMAL
    _save(member, "activity")
    _event(member, MemberEvent.Kind.EXEMPTION_ENDED, ended_on, actor)
    audit.record(
        actor=actor,
        action="member.exemption_end",
        target=member,
        unit=member.unit,
        after={"ended_on": ended_on},
        effective_on=ended_on,
    )
    return exemption


@transaction.atomic
def member_absence_record(
    *,
    actor: Any,
    member: Member,
    kind: str,
    reason: str,
    start_on: date,
    end_on: date | None = None,
    country: str = "",
) -> Absence:
    """Record a member temporarily away or abroad (DOMAIN.md §12)."""
    member = _lock(member)
    require(actor, Action.MANAGE, member.unit)
    _check_event(member, start_on, planned=True)
    if kind not in Absence.Kind.values:
        raise RuleViolation("absence.kind_invalid")
    if kind == Absence.Kind.ABROAD and not normalize(country):
        raise RuleViolation("absence.country_required")
    if not normalize(reason):
        raise RuleViolation("absence.reason_required")
    if end_on is not None and end_on <= start_on:
        raise RuleViolation("date.end_not_after_start", start=start_on, end=end_on)
    absence = Absence.objects.create(
        member=member,
        kind=kind,
        reason=normalize(reason),
        start_on=start_on,
        end_on=end_on,
        country=normalize(country),
    )
    _event(member, MemberEvent.Kind.AWAY, start_on, actor, details={"kind": kind, "country": absence.country})
    audit.record(
        actor=actor,
        action="member.absence_record",
        target=member,
        unit=member.unit,
        after={"kind": kind, "country": absence.country, "start_on": start_on},
        effective_on=start_on,
    )
    return absence


@transaction.atomic
def member_absence_return(*, actor: Any, absence: Absence, returned_on: date, report: str) -> Absence:
    """The member is back and reported (the self-review after return, DOMAIN.md §12)."""
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    member = _lock(absence.member)
    require(actor, Action.MANAGE, member.unit)
    if absence.returned_on is not None:
        raise RuleViolation("absence.already_returned")
    if returned_on < absence.start_on or returned_on > regulations.today():
        raise RuleViolation("absence.return_date", day=returned_on)
    if not normalize(report):
        raise RuleViolation("absence.report_required")
    _check_event(member, returned_on)
    absence.returned_on, absence.report = returned_on, report.strip()
    absence.save(update_fields=["returned_on", "report"])
    _event(member, MemberEvent.Kind.AWAY_RETURNED, returned_on, actor)
    audit.record(
        actor=actor,
        action="member.absence_return",
        target=member,
        unit=member.unit,
        after={"returned_on": returned_on},
        effective_on=returned_on,
    )
    return absence


@transaction.atomic
def member_leave(*, actor: Any, member: Member, reason: str, on: date, decision: str = "") -> Member:
    """The member leaves: removal (xóa tên), expulsion (khai trừ), resignation or death."""
    member = _lock(member)
    require(actor, Action.MANAGE, member.unit)
    if reason not in (rules.REMOVED, rules.EXPELLED, rules.RESIGNED, rules.DIED):
        raise RuleViolation("member.leave_reason_invalid", reason=reason)
    if reason == rules.DIED:  # the more precise message first
        rules.check_dates_order(
            birth_date=member.birth_date, admitted_on=None, ceremony_on=None, official_on=None, died_on=on
        )
    _check_event(member, on, ends_membership=True)
    before = {"status": member.status, "activity": member.activity}
    member.status, member.leave_reason, member.left_on = MemberStatus.LEFT, reason, on
    member.activity = ActivityState.NORMAL
    MemberUnitPeriod.objects.filter(member=member, valid_to__isnull=True).update(valid_to=on)
    # what was open ends with the membership
    Transfer.objects.filter(member=member, kind=Transfer.Kind.TEMPORARY, state=Transfer.State.ARRIVED).update(
        state=Transfer.State.CANCELLED, end_on=on
    )
    Exemption.objects.filter(member=member, ended_on__isnull=True).update(ended_on=on)
    _save(member, "status", "leave_reason", "left_on", "activity")
    _event(member, MemberEvent.Kind.LEFT, on, actor, decision=decision, details={"reason": reason})
    if member.user_id:  # a member who leaves loses the member account
        type(member.user).objects.filter(pk=member.user_id).update(is_active=False)
    audit.record(
        actor=actor,
        action="member.leave",
        target=member,
        unit=member.unit,
        before=before,
        after={"status": member.status, "reason": reason},
        effective_on=on,
        note=decision,
    )
    return member


@transaction.atomic
def member_readmit(
    *,
    actor: Any,
    member: Member,
    unit: Any,
    admitted_on: date,
    ceremony_on: date | None = None,
    decision: str = "",
) -> Member:
    """Re-admit a member who left (once only); party age keeps the first decision date and
    skips the time out of the Party (DOMAIN.md §2)."""
    member = _lock(member)
    require(actor, Action.MANAGE, unit)
    _check_unit_holds_members(unit)
    rules.check_readmission(
        readmissions_so_far=member.readmissions,
        leave_reason=member.leave_reason or None,
        profile=profile(admitted_on),
    )
    if admitted_on > regulations.today():
        raise RuleViolation("date.in_future", day=admitted_on, today=regulations.today())
    if member.left_on and admitted_on <= member.left_on:
        raise RuleViolation("member.event_out_of_order", day=admitted_on, last_event_on=member.left_on)
    if ceremony_on and ceremony_on < admitted_on:
        raise RuleViolation(
            "member.ceremony_before_decision", ceremony_on=ceremony_on, admitted_on=admitted_on
        )
    _require_cccd_free(member.cccd, exclude_pk=member.pk)
    gap = [member.left_on.isoformat(), admitted_on.isoformat()] if member.left_on else None
    member.first_admitted_on = member.first_admitted_on or member.admitted_on
    member.admitted_on, member.ceremony_on, member.official_on = admitted_on, ceremony_on, None
    member.status, member.leave_reason, member.left_on = MemberStatus.PROBATIONARY, "", None
    member.readmissions += 1
    member.activity = ActivityState.NORMAL
    _move(member, unit, admitted_on, "readmission")
    _save(
        member,
        "first_admitted_on",
        "admitted_on",
        "ceremony_on",
        "official_on",
        "status",
        "leave_reason",
        "left_on",
        "readmissions",
        "activity",
        "unit",
        "unit_path",
    )
    _event(member, MemberEvent.Kind.READMITTED, admitted_on, actor, decision=decision, details={"gap": gap})
    audit.record(
        actor=actor,
        action="member.readmit",
        target=member,
        unit=unit,
        after={"admitted_on": admitted_on, "first_admitted_on": member.first_admitted_on},
        effective_on=admitted_on,
        note=decision,
    )
    return member
