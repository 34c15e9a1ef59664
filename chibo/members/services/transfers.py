"""Transfers of party activity (DOMAIN.md §5), and the moves restructuring makes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery

from chibo.accounts.roles import Action
from chibo.core import audit, regulations
from chibo.core.regulations import calendar_kwargs, profile
from chibo.core.scoping import require, subtree_q
from chibo.members.models import (
    ActivityState,
    Member,
    MemberEvent,
    MemberStatus,
    MemberUnitPeriod,
    Transfer,
)
from chibo.members.services._common import (
    ACTIVE_STATUSES,
    MemberSpec,
    _check_event,
    _event,
    _lock,
    _move,
    _save,
)
from chibo.members.services.records import member_create
from chibo.rules import members as rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import normalize


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
    if (
        arrived_on < (transfer.letter_date or transfer.decision_effective_on)
        or arrived_on > regulations.today()
    ):
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
    if presented_on < letter_date or presented_on > regulations.today():
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
