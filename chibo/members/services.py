"""Writes to member records. The full life cycle comes with the member-records work; the
foundation creates members and moves them when the tree is restructured."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery

from chibo.accounts.roles import Action
from chibo.core import audit
from chibo.core.regulations import today
from chibo.core.scoping import require, subtree_q
from chibo.members.models import Member, MemberStatus, MemberUnitPeriod
from chibo.rules.errors import RuleViolation
from chibo.rules.text import fold, normalize

ACTIVE_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL)


@dataclass(frozen=True)
class MemberSpec:
    full_name: str
    status: str
    birth_date: date | None = None
    sex: str = ""
    admitted_on: date | None = None
    official_on: date | None = None


def _check_spec(spec: MemberSpec) -> None:
    if not normalize(spec.full_name):
        raise RuleViolation("member.name_required")
    if spec.status not in ACTIVE_STATUSES:
        raise RuleViolation("member.status_invalid", status=spec.status)
    if spec.birth_date and spec.birth_date > today():
        raise RuleViolation("date.in_future", day=spec.birth_date, today=today())
    if spec.admitted_on and spec.admitted_on > today():
        raise RuleViolation("date.in_future", day=spec.admitted_on, today=today())
    if spec.official_on and spec.admitted_on and spec.official_on < spec.admitted_on:
        raise RuleViolation("member.official_before_admission")


def _new_member(unit: Any, spec: MemberSpec) -> Member:
    name = normalize(spec.full_name)
    return Member(
        full_name=name,
        name_folded=fold(name),
        birth_date=spec.birth_date,
        sex=spec.sex,
        unit=unit,
        unit_path=unit.path,
        status=spec.status,
        admitted_on=spec.admitted_on,
        official_on=spec.official_on,
    )


@transaction.atomic
def member_create(*, actor: Any, unit: Any, spec: MemberSpec, joined_on: date | None = None) -> Member:
    """Record an existing member in ``unit`` (membership from ``joined_on``, default today)."""
    require(actor, Action.MANAGE, unit)
    if unit.dissolved_on is not None:
        raise RuleViolation("restructure.target_dissolved", dissolved_on=unit.dissolved_on)
    _check_spec(spec)
    member = _new_member(unit, spec)
    member.save()
    MemberUnitPeriod.objects.create(
        member=member, unit=unit, valid_from=joined_on or today(), reason="recorded"
    )
    audit.record(actor=actor, action="member.create", target=member, unit=unit, after=audit.snapshot(member))
    return member


@transaction.atomic
def members_bulk_create(
    *, actor: Any, unit_specs: Iterable[tuple[Any, Sequence[MemberSpec]]], joined_on: date, batch_target: Any
) -> int:
    """Create many members at once (demo data, imports): one audit batch entry with the count."""
    created = 0
    for unit, specs in unit_specs:
        require(actor, Action.MANAGE, unit)
        rows = []
        for spec in specs:
            _check_spec(spec)
            rows.append(_new_member(unit, spec))
        Member.objects.bulk_create(rows, batch_size=1000)
        MemberUnitPeriod.objects.bulk_create(
            [MemberUnitPeriod(member=m, unit=unit, valid_from=joined_on, reason="recorded") for m in rows],
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
    Member.objects.filter(pk__in=ids).update(unit=to_unit, unit_path=to_unit.path)
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
