"""Writes to member records: creation, corrections and every life-cycle event.

Each public function is one transaction: it checks the actor's right (``require``),
asks the rules (``chibo.rules.members``, ``chibo.rules.party_age``), writes the record,
appends the member's history (``MemberEvent``) and the audit entry.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from chibo.accounts.roles import Action
from chibo.core import audit
from chibo.core.regulations import calendar_kwargs, profile, today
from chibo.core.scoping import require, subtree_q
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
from chibo.rules import members as rules
from chibo.rules import organizations as org_rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import fold, normalize, roster_sort_key

ACTIVE_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL)

#: Fields of the record a correction may change (life-cycle fields change through events).
EDITABLE_FIELDS = (
    "full_name",
    "birth_date",
    "sex",
    "ethnicity",
    "religion",
    "home_town",
    "residence",
    "cccd",
    "phone",
    "email",
    "education_general",
    "education_professional",
    "theory_level",
    "foreign_language",
    "job",
    "position",
    "host_unit_name",
    "admitted_on",
    "ceremony_on",
    "official_on",
    "card_number",
    "profile_number",
    "badge_numbers",
)
DATE_FIELDS = ("birth_date", "admitted_on", "ceremony_on", "official_on")


@dataclass(frozen=True)
class MemberSpec:
    """The values of a new record (the first six in this order for short calls)."""

    full_name: str
    status: str
    birth_date: date | None = None
    sex: str = ""
    admitted_on: date | None = None
    official_on: date | None = None
    ceremony_on: date | None = None
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
    foreign_language: str = ""
    job: str = ""
    position: str = ""
    host_unit_name: str = ""
    card_number: str = ""
    profile_number: str = ""
    badge_numbers: str = ""


SPEC_FIELDS = tuple(f.name for f in fields(MemberSpec))
TEXT_FIELDS = tuple(f.name for f in fields(MemberSpec) if f.type == "str" and f.name not in ("status", "sex"))


def _check_values(values: dict[str, Any], now: date | None = None) -> dict[str, Any]:
    """Normalise text, validate the CCCD and the order of dates; return the clean values."""
    clean = dict(values)
    for name in TEXT_FIELDS:
        if clean.get(name):
            clean[name] = normalize(clean[name])
        elif name in clean:
            clean[name] = ""
    if "full_name" in clean and not clean["full_name"]:
        raise RuleViolation("member.name_required")
    if clean.get("cccd"):
        clean["cccd"] = rules.validate_cccd(clean["cccd"])
    now = now or today()
    for name in DATE_FIELDS:
        if clean.get(name) and clean[name] > now:
            raise RuleViolation("date.in_future", day=clean[name], today=now, field=name)
    return clean


def _check_dates(member: Member) -> None:
    rules.check_dates_order(
        birth_date=member.birth_date,
        admitted_on=member.admitted_on,
        ceremony_on=member.ceremony_on,
        official_on=member.official_on,
    )


def _require_cccd_free(cccd: str, exclude_pk: int | None = None) -> None:
    if not cccd:
        return
    taken = Member.objects.filter(cccd=cccd, status__in=ACTIVE_STATUSES)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise RuleViolation("member.cccd_taken", cccd=cccd)


def _check_unit_holds_members(unit: Any) -> None:
    """Members belong to a cell (or its party group), never to a dissolved unit."""
    if unit.dissolved_on is not None:
        raise RuleViolation("restructure.target_dissolved", dissolved_on=unit.dissolved_on)
    org_rules.check_holds_members(unit.level)


def _new_member(unit: Any, spec: MemberSpec) -> Member:
    values = _check_values({name: getattr(spec, name) for name in SPEC_FIELDS})
    if values["status"] not in ACTIVE_STATUSES:
        raise RuleViolation("member.status_invalid", status=values["status"])
    member = Member(**values, unit=unit, unit_path=unit.path)
    member.name_folded, member.name_sort = fold(member.full_name), roster_sort_key(member.full_name)
    _check_dates(member)
    return member


#: Data-entry events: they say when the record was written, not when something happened to the
#: member, so they do not hold back life-cycle events dated earlier.
RECORD_KEEPING = frozenset({MemberEvent.Kind.RECORDED, MemberEvent.Kind.UPDATED})


def _event(member: Member, kind: str, on: date, actor: Any, **extra: Any) -> MemberEvent:
    # a planned event (an absence or exemption starting later) does not hold back today's events
    if (
        kind not in RECORD_KEEPING
        and on <= today()
        and (member.last_event_on is None or on > member.last_event_on)
    ):
        Member.objects.filter(pk=member.pk).update(last_event_on=on)
        member.last_event_on = on
    return MemberEvent.objects.create(
        member=member,
        kind=kind,
        effective_on=on,
        actor=actor if getattr(actor, "pk", None) else None,
        unit_id=extra.pop("unit_id", member.unit_id),
        **extra,
    )


def _lock(member: Member) -> Member:
    return Member.objects.select_for_update(of=("self",)).select_related("unit").get(pk=member.pk)


def _check_event(member: Member, on: date, *, planned: bool = False, ends_membership: bool = False) -> None:
    """The member is active, and ``on`` is in order: after birth, admission and the latest event; in
    the past unless the event is ``planned``. An event that ends the current membership period (a
    transfer, leaving) may not be dated before that period began: the periods would overlap."""
    rules.check_active(member.status)
    rules.check_event_date(
        on,
        today=max(today(), on) if planned else today(),
        admitted_on=member.admitted_on,
        last_event_on=member.last_event_on,
        birth_date=member.birth_date,
    )
    if ends_membership:
        joined = (
            MemberUnitPeriod.objects.filter(member=member, valid_to__isnull=True)
            .values_list("valid_from", flat=True)
            .first()
        )
        if joined and on < joined:
            raise RuleViolation("member.event_before_membership", day=on, joined_on=joined)


def _save(member: Member, *names: str) -> None:
    """Save the named fields and bump the version (optimistic locking of corrections)."""
    member.version += 1
    member.save(update_fields=[*names, "version"])


@transaction.atomic
def member_create(*, actor: Any, unit: Any, spec: MemberSpec, joined_on: date | None = None) -> Member:
    """Record a member in ``unit`` (an existing member entered, or one just admitted)."""
    require(actor, Action.MANAGE, unit)
    _check_unit_holds_members(unit)
    member = _new_member(unit, spec)
    _require_cccd_free(member.cccd)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as exc:  # the partial unique index: a concurrent record took the CCCD
        raise RuleViolation("member.cccd_taken", cccd=member.cccd) from exc
    on = joined_on or member.admitted_on or today()  # unknown: from the admission on
    MemberUnitPeriod.objects.create(member=member, unit=unit, valid_from=on, reason="recorded")
    _event(member, MemberEvent.Kind.RECORDED, on, actor)
    audit.record(actor=actor, action="member.create", target=member, unit=unit, after=audit.snapshot(member))
    return member


@transaction.atomic
def members_bulk_create(
    *, actor: Any, unit_specs: Iterable[tuple[Any, Sequence[MemberSpec]]], joined_on: date, batch_target: Any
) -> int:
    """Create many members at once (demo data, imports): all or nothing, one audit batch entry."""
    created = 0
    seen_cccd: set[str] = set()
    for unit, specs in unit_specs:
        require(actor, Action.MANAGE, unit)
        _check_unit_holds_members(unit)
        rows = [_new_member(unit, spec) for spec in specs]
        batch_cccd = [row.cccd for row in rows if row.cccd]
        duplicates = (set(batch_cccd) & seen_cccd) or {c for c in batch_cccd if batch_cccd.count(c) > 1}
        if duplicates:
            raise RuleViolation("member.cccd_taken", cccd=sorted(duplicates)[0])
        if batch_cccd and Member.objects.filter(cccd__in=batch_cccd, status__in=ACTIVE_STATUSES).exists():
            raise RuleViolation("member.cccd_taken", cccd=batch_cccd[0])
        seen_cccd.update(batch_cccd)
        Member.objects.bulk_create(rows, batch_size=1000)
        MemberUnitPeriod.objects.bulk_create(
            [MemberUnitPeriod(member=m, unit=unit, valid_from=joined_on, reason="recorded") for m in rows],
            batch_size=1000,
        )
        MemberEvent.objects.bulk_create(
            [
                MemberEvent(
                    member=m,
                    kind=MemberEvent.Kind.RECORDED,
                    effective_on=joined_on,
                    unit=unit,
                    actor=actor if getattr(actor, "pk", None) else None,
                )
                for m in rows
            ],
            batch_size=1000,
        )
        created += len(rows)
    audit.record_batch(
        actor=actor,
        action="member.bulk_create",
        target=batch_target,
        unit=batch_target,
        counts={"members_created": created},
        effective_on=joined_on,
    )
    return created


@transaction.atomic
def member_update(*, actor: Any, member: Member, version: int, changes: dict[str, Any]) -> Member:
    """Correct the record. ``version`` is the one the editor read: if someone saved in between,
    the correction is refused rather than silently overwriting theirs."""
    member = _lock(member)
    require(actor, Action.MANAGE, member.unit)
    rules.check_active(member.status)
    if member.version != version:
        raise RuleViolation("member.edited_concurrently")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise RuleViolation("member.field_not_editable", fields=", ".join(sorted(unknown)))
    changes = _check_values(changes)
    before = audit.snapshot(member, list(changes))
    for name, value in changes.items():
        setattr(member, name, value)
    _check_dates(member)
    if "cccd" in changes:
        _require_cccd_free(member.cccd, exclude_pk=member.pk)
    changed = [name for name in changes if before[name] != audit.snapshot(member, [name])[name]]
    if not changed:
        return member
    member.name_folded, member.name_sort = fold(member.full_name), roster_sort_key(member.full_name)
    try:
        with transaction.atomic():
            _save(member, *changed, "name_folded", "name_sort")
    except IntegrityError as exc:  # the partial unique index: a concurrent record took the CCCD
        raise RuleViolation("member.cccd_taken", cccd=member.cccd) from exc
    _event(member, MemberEvent.Kind.UPDATED, today(), actor, details={"fields": changed})
    audit.record(
        actor=actor,
        action="member.update",
        target=member,
        unit=member.unit,
        before={k: before[k] for k in changed},
        after=audit.snapshot(member, changed),
    )
    return member


@transaction.atomic
def member_sensitive_view(*, actor: Any, member: Member) -> dict[str, str]:
    """The sensitive fields (CCCD, religion, residence), for the organisation board or the member
    themself; every view is written to the audit trail (Decree 13/2023)."""
    is_self = getattr(actor, "pk", None) is not None and member.user_id == actor.pk
    if not is_self:
        require(actor, Action.SENSITIVE, member.unit)
    audit.record(
        actor=actor,
        action="member.view_sensitive",
        target=member,
        unit=member.unit,
        after={"fields": ["cccd", "religion", "residence"]},
    )
    return {"cccd": member.cccd, "religion": member.religion, "residence": member.residence}


@transaction.atomic
def member_list_exported(*, actor: Any, unit: Any, fmt: str, count: int, sensitive: bool, query: str) -> None:
    """Record that a list left the system as a file (PRODUCT.md, "Non-goals": exports are logged)."""
    if unit is not None:
        require(actor, Action.VIEW, unit)
    audit.record_batch(
        actor=actor,
        action="member.export",
        target=unit or actor,
        unit=unit,
        counts={"members": count},
        after={"format": fmt, "sensitive": sensitive, "query": query[:500]},
    )


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


def _move(member: Member, to_unit: Any, on: date, reason: str) -> None:
    MemberUnitPeriod.objects.filter(member=member, valid_to__isnull=True).update(valid_to=on)
    MemberUnitPeriod.objects.create(member=member, unit=to_unit, valid_from=on, reason=reason)
    member.unit, member.unit_path = to_unit, to_unit.path


@transaction.atomic
def member_transfer_internal(
    *,
    actor: Any,
    member: Member,
    to_unit: Any,
    effective_on: date,
    decision: str = "",
    temporary_until: date | None = None,
    purpose: str = rules.TEMPORARY_WORK,
) -> Transfer:
    """Transfer inside the tree, in one step (out of one unit, into another).

    Permanent: the member moves. Temporary (``temporary_until``): the member stays counted
    in the home unit and takes part in the receiving one until they return (DOMAIN.md §5).
    """
    member = _lock(member)
    require(actor, Action.MANAGE, member.unit)
    require(actor, Action.MANAGE, to_unit)
    _check_event(member, effective_on, ends_membership=temporary_until is None)
    if to_unit.dissolved_on is not None:
        raise RuleViolation("restructure.target_dissolved", dissolved_on=to_unit.dissolved_on)
    if to_unit.pk == member.unit_id:
        raise RuleViolation("member.same_unit")
    if member.activity == ActivityState.TEMP_OUT:
        raise RuleViolation("member.already_away")
    from_unit = member.unit
    transfer = Transfer(
        member=member,
        direction=Transfer.Direction.INTERNAL,
        from_unit=from_unit,
        to_unit=to_unit,
        decision_effective_on=effective_on,
        procedure_due=effective_on,
        arrived_on=effective_on,
        state=Transfer.State.ARRIVED,
    )
    if temporary_until is not None:
        rules.check_temporary_transfer(
            effective_on, temporary_until, purpose=purpose, profile=profile(effective_on)
        )
        transfer.kind, transfer.start_on, transfer.end_on, transfer.purpose = (
            Transfer.Kind.TEMPORARY,
            effective_on,
            temporary_until,
            purpose,
        )
        member.activity = ActivityState.TEMP_OUT
        _save(member, "activity")
        _event(
            member,
            MemberEvent.Kind.TEMP_OUT,
            effective_on,
            actor,
            other_unit=to_unit,
            decision=decision,
            details={"until": temporary_until.isoformat(), "purpose": purpose},
        )
    else:
        transfer.kind = Transfer.Kind.PERMANENT
        _move(member, to_unit, effective_on, "transfer")
        _save(member, "unit", "unit_path")
        _event(
            member,
            MemberEvent.Kind.TRANSFER_OUT,
            effective_on,
            actor,
            unit_id=from_unit.pk,
            other_unit=to_unit,
            decision=decision,
        )
        _event(
            member, MemberEvent.Kind.TRANSFER_IN, effective_on, actor, other_unit=from_unit, decision=decision
        )
    transfer.save()
    audit.record(
        actor=actor,
        action="member.transfer_internal",
        target=member,
        unit=from_unit,
        before={"unit": from_unit.code},
        after={"unit": to_unit.code, "kind": transfer.kind},
        effective_on=effective_on,
        note=decision,
    )
    return transfer


@transaction.atomic
def member_temporary_return(*, actor: Any, transfer: Transfer, returned_on: date) -> Transfer:
    """End a temporary transfer: the member is back in normal activity at home."""
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    member = _lock(transfer.member)
    require(actor, Action.MANAGE, member.unit)
    if transfer.kind != Transfer.Kind.TEMPORARY or transfer.state == Transfer.State.RETURNED:
        raise RuleViolation("transfer.not_temporary_open")
    _check_event(member, returned_on)
    transfer.state, transfer.end_on = Transfer.State.RETURNED, returned_on
    transfer.save(update_fields=["state", "end_on"])
    member.activity = ActivityState.NORMAL
    _save(member, "activity")
    _event(member, MemberEvent.Kind.TEMP_RETURN, returned_on, actor, other_unit=transfer.to_unit)
    audit.record(
        actor=actor,
        action="member.temporary_return",
        target=member,
        unit=member.unit,
        after={"returned_on": returned_on},
        effective_on=returned_on,
    )
    return transfer


@transaction.atomic
def member_transfer_out(
    *,
    actor: Any,
    member: Member,
    external_org: str,
    letter_number: str,
    letter_date: date,
    decision_effective_on: date,
    temporary_until: date | None = None,
    purpose: str = rules.TEMPORARY_WORK,
) -> Transfer:
    """Transfer to a party organisation outside the system, with a transfer letter.

    Permanent: the member leaves this system's numbers on the letter's date, and the transfer
    stays in progress until the receiving organisation confirms the arrival; the procedure
    is due 60 working days after the decision took effect and the letter must be presented
    within 30 working days of its date (DOMAIN.md §5). Temporary: the member stays counted here.
    """
    member = _lock(member)
    require(actor, Action.MANAGE, member.unit)
    _check_event(member, letter_date, ends_membership=temporary_until is None)
    if member.activity == ActivityState.TEMP_OUT:
        raise RuleViolation("member.already_away")
    if not normalize(external_org) or not normalize(letter_number):
        raise RuleViolation("transfer.letter_required")
    if decision_effective_on > letter_date:
        raise RuleViolation("transfer.letter_before_decision")
    cal = calendar_kwargs()
    regulation = profile(decision_effective_on)
    transfer = Transfer(
        member=member,
        direction=Transfer.Direction.OUT,
        from_unit=member.unit,
        external_org=normalize(external_org),
        letter_number=normalize(letter_number),
        letter_date=letter_date,
        decision_effective_on=decision_effective_on,
        procedure_due=rules.permanent_transfer_due(decision_effective_on, regulation, **cal),
        presentation_due=rules.letter_presentation_due(letter_date, regulation, **cal),
    )
    if temporary_until is not None:
        rules.check_temporary_transfer(letter_date, temporary_until, purpose=purpose, profile=regulation)
        transfer.kind, transfer.start_on, transfer.end_on, transfer.purpose = (
            Transfer.Kind.TEMPORARY,
            letter_date,
            temporary_until,
            purpose,
        )
        member.activity = ActivityState.TEMP_OUT
        _save(member, "activity")
        kind = MemberEvent.Kind.TEMP_OUT
    else:
        transfer.kind = Transfer.Kind.PERMANENT
        member.status, member.leave_reason, member.left_on = (
            MemberStatus.LEFT,
            rules.TRANSFERRED_OUT,
            letter_date,
        )
        MemberUnitPeriod.objects.filter(member=member, valid_to__isnull=True).update(valid_to=letter_date)
        _save(member, "status", "leave_reason", "left_on")
        kind = MemberEvent.Kind.TRANSFER_OUT
    transfer.save()
    _event(
        member,
        kind,
        letter_date,
        actor,
        decision=transfer.letter_number,
        details={"external_org": transfer.external_org},
    )
    audit.record(
        actor=actor,
        action="member.transfer_out",
        target=member,
        unit=member.unit,
        after={
            "external_org": transfer.external_org,
            "letter": transfer.letter_number,
            "kind": transfer.kind,
        },
        effective_on=letter_date,
    )
    return transfer


@transaction.atomic
def transfer_confirm_arrival(*, actor: Any, transfer: Transfer, arrived_on: date) -> Transfer:
    """The receiving organisation confirmed that the member presented the letter."""
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("member", "from_unit")
        .get(pk=transfer.pk)
    )
    require(actor, Action.MANAGE, transfer.from_unit or transfer.member.unit)
    if transfer.state != Transfer.State.IN_PROGRESS:
        raise RuleViolation("transfer.not_in_progress")
    if arrived_on < (transfer.letter_date or transfer.decision_effective_on) or arrived_on > today():
        raise RuleViolation("transfer.arrival_date", day=arrived_on)
    transfer.state, transfer.arrived_on = Transfer.State.ARRIVED, arrived_on
    transfer.save(update_fields=["state", "arrived_on"])
    audit.record(
        actor=actor,
        action="transfer.confirm_arrival",
        target=transfer,
        unit=transfer.from_unit,
        after={"arrived_on": arrived_on},
        effective_on=arrived_on,
    )
    return transfer


@transaction.atomic
def member_transfer_in(
    *,
    actor: Any,
    unit: Any,
    spec: MemberSpec,
    external_org: str,
    letter_number: str,
    letter_date: date,
    presented_on: date,
) -> Member:
    """A member arrives from outside the system with a transfer letter and presents it here."""
    if not normalize(external_org) or not normalize(letter_number):
        raise RuleViolation("transfer.letter_required")
    if presented_on < letter_date or presented_on > today():
        raise RuleViolation("transfer.arrival_date", day=presented_on)
    member = member_create(actor=actor, unit=unit, spec=spec, joined_on=presented_on)
    regulation = profile(letter_date)
    cal = calendar_kwargs()
    Transfer.objects.create(
        member=member,
        kind=Transfer.Kind.PERMANENT,
        direction=Transfer.Direction.IN,
        to_unit=unit,
        external_org=normalize(external_org),
        letter_number=normalize(letter_number),
        letter_date=letter_date,
        decision_effective_on=letter_date,
        procedure_due=letter_date,
        presentation_due=rules.letter_presentation_due(letter_date, regulation, **cal),
        arrived_on=presented_on,
        state=Transfer.State.ARRIVED,
    )
    _event(
        member,
        MemberEvent.Kind.TRANSFER_IN,
        presented_on,
        actor,
        decision=normalize(letter_number),
        details={"external_org": normalize(external_org)},
    )
    audit.record(
        actor=actor,
        action="member.transfer_in",
        target=member,
        unit=unit,
        after={"external_org": normalize(external_org), "letter": normalize(letter_number)},
        effective_on=presented_on,
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
        on=today(),
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
    if returned_on < absence.start_on or returned_on > today():
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
    if admitted_on > today():
        raise RuleViolation("date.in_future", day=admitted_on, today=today())
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


def members_transfer_all(
    *,
    actor: Any,
    from_unit: Any,
    to_unit: Any,
    on: date,
    reason: str,
    member_ids: Sequence[int] | None = None,
) -> int:
    """Move the active members of ``from_unit`` (or the listed ones) into ``to_unit`` from ``on``.

    Called by the restructuring services inside their transaction: they check the
    actor's rights on both units and write the batch audit entry with the count.
    """
    assert transaction.get_connection().in_atomic_block
    members = Member.objects.filter(unit=from_unit, status__in=ACTIVE_STATUSES)
    if member_ids is not None:
        members = members.filter(pk__in=list(member_ids))
    ids = list(members.values_list("pk", flat=True))
    if not ids:
        return 0
    MemberUnitPeriod.objects.filter(member_id__in=ids, valid_to__isnull=True).update(valid_to=on)
    MemberUnitPeriod.objects.bulk_create(
        [MemberUnitPeriod(member_id=pk, unit=to_unit, valid_from=on, reason=reason) for pk in ids],
        batch_size=1000,
    )
    MemberEvent.objects.bulk_create(
        [
            MemberEvent(
                member_id=pk,
                kind=MemberEvent.Kind.MOVED,
                effective_on=on,
                unit=to_unit,
                other_unit=from_unit,
                actor=actor if getattr(actor, "pk", None) else None,
                details={"reason": reason},
            )
            for pk in ids
        ],
        batch_size=1000,
    )
    Member.objects.filter(pk__in=ids).update(unit=to_unit, unit_path=to_unit.path)
    Member.objects.filter(Q(last_event_on__isnull=True) | Q(last_event_on__lt=on), pk__in=ids).update(
        last_event_on=on
    )
    return len(ids)


def member_paths_resync(*, unit_path: str) -> int:
    """Copy the current unit path onto the members of the subtree now at ``unit_path``.

    The unit path copied on member rows lets a subtree query skip the join; the
    restructuring services call this after a unit moved (its descendants' paths changed).
    """
    assert transaction.get_connection().in_atomic_block
    from chibo.organizations.models import Unit

    current = Unit.objects.filter(pk=OuterRef("unit_id")).values("path")[:1]
    units = Unit.objects.filter(subtree_q(unit_path)).values("pk")
    return Member.objects.filter(unit_id__in=units).update(unit_path=Subquery(current))


MEMBER_COPY_COLUMNS = [
    "full_name",
    "name_folded",
    "name_sort",
    *[n for n in SPEC_FIELDS if n != "full_name"],
    "unit_id",
    "unit_path",
    "activity",
    "leave_reason",
    "readmissions",
    "version",
]


@functools.lru_cache(maxsize=200_000)
def _name_keys(full_name: str) -> tuple[str, str, str]:
    name = normalize(full_name)
    return name, fold(name), roster_sort_key(name)


@transaction.atomic
def members_bulk_load(
    *, actor: Any, batch_target: Any, rows: Iterable[tuple[str, MemberSpec]], joined_on: date
) -> int:
    """Load members at national scale: each row (unit code, spec) is checked like ``member_create``,
    rows stream into the table with COPY, membership periods and RECORDED events follow set-based,
    and one audit batch entry records the count. All or nothing."""
    from chibo.core import bulk
    from chibo.organizations.models import Unit

    require(actor, Action.MANAGE, batch_target)
    units = {
        code: (pk, path, level, dissolved)
        for pk, code, path, level, dissolved in Unit.objects.filter(subtree_q(batch_target.path)).values_list(
            "pk", "code", "path", "level", "dissolved_on"
        )
    }
    seen_cccd: set[str] = set()
    now = today()

    def prepared() -> Iterable[list[Any]]:
        for code, spec in rows:
            if code not in units:
                raise RuleViolation("member.unit_unknown", code=code)
            pk, path, level, dissolved = units[code]
            if dissolved is not None:
                raise RuleViolation("restructure.target_dissolved", dissolved_on=dissolved)
            org_rules.check_holds_members(level)
            values = _check_values(
                {name: getattr(spec, name) for name in SPEC_FIELDS if name != "full_name"}, now
            )
            if values["status"] not in ACTIVE_STATUSES:
                raise RuleViolation("member.status_invalid", status=values["status"])
            if values["cccd"]:
                if values["cccd"] in seen_cccd:
                    raise RuleViolation("member.cccd_taken", cccd=values["cccd"])
                seen_cccd.add(values["cccd"])
            rules.check_dates_order(
                birth_date=values["birth_date"],
                admitted_on=values["admitted_on"],
                ceremony_on=values["ceremony_on"],
                official_on=values["official_on"],
            )
            name, folded, sort_key = _name_keys(spec.full_name)
            if not name:
                raise RuleViolation("member.name_required")
            yield [
                name,
                folded,
                sort_key,
                *[values[n] for n in SPEC_FIELDS if n != "full_name"],
                pk,
                path,
                ActivityState.NORMAL,
                "",
                0,
                1,
            ]

    first_id = bulk.max_id(Member)
    try:
        with transaction.atomic():
            written = bulk.copy_rows(Member, MEMBER_COPY_COLUMNS, prepared())
    except IntegrityError as exc:  # the unique index of CCCDs among active members
        raise RuleViolation("member.cccd_taken", cccd="") from exc
    member, period, event = (m._meta.db_table for m in (Member, MemberUnitPeriod, MemberEvent))
    typed = bulk.typed_params(["date", "varchar", "varchar", "timestamptz", "bigint", "varchar", "jsonb"])
    bulk.execute(
        f"INSERT INTO {period} (member_id, unit_id, valid_from, reason) "  # noqa: S608
        f"SELECT id, unit_id, {typed[0]}, {typed[1]} FROM {member} WHERE id > %s",
        [joined_on, "recorded", first_id],
    )
    bulk.execute(
        f"INSERT INTO {event} (member_id, kind, effective_on, recorded_at, actor_id, unit_id, "  # noqa: S608
        f"decision, details) SELECT id, {typed[2]}, {typed[0]}, {typed[3]}, {typed[4]}, unit_id, "
        f"{typed[5]}, {typed[6]} FROM {member} WHERE id > %s",
        [
            MemberEvent.Kind.RECORDED,
            joined_on,
            timezone.now(),
            getattr(actor, "pk", None),
            "",
            "{}",
            first_id,
        ],
    )
    audit.record_batch(
        actor=actor,
        action="member.bulk_load",
        target=batch_target,
        unit=batch_target,
        counts={"members_created": written},
        effective_on=joined_on,
    )
    return written
