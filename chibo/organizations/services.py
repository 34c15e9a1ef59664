"""Writes to the organisation tree: creation, details, and dated restructuring with history.

Every function is one transaction that checks permissions (``require``) and the
rules, writes the unit, its periods (for "the tree as of D"), its events (the
history users read) and the audit entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from chibo.accounts.roles import Action
from chibo.core import audit, bulk
from chibo.core.regulations import today
from chibo.core.scoping import require
from chibo.members import services as member_services
from chibo.members.models import Member
from chibo.organizations.models import Unit, UnitEvent, UnitPeriod
from chibo.rules import organizations as rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import fold, normalize

DETAIL_FIELDS = [
    "host_kind",
    "host_name",
    "workers_count",
    "has_committee",
    "size_exception",
    "admission_authority",
    "founded_on",
]


def _lock(unit: Unit) -> Unit:
    """Re-read the unit inside the transaction (fresh path, dates and counts)."""
    return Unit.objects.select_for_update().get(pk=unit.pk)


def _require_code_free(code: str) -> None:
    if Unit.objects.filter(code=code).exists():
        raise RuleViolation("unit.code_taken", code=code)


def _open_period(unit: Unit, parent: Unit | None, on: date) -> None:
    UnitPeriod.objects.create(unit=unit, parent=parent, name=unit.name, level=unit.level, valid_from=on)


def _close_period(unit: Unit, on: date) -> None:
    UnitPeriod.objects.filter(unit=unit, valid_to__isnull=True).update(valid_to=on)


def _event(unit: Unit, kind: str, on: date, actor: Any, **extra: Any) -> UnitEvent:
    unit.last_change_on = on
    Unit.objects.filter(pk=unit.pk).update(last_change_on=on)
    return UnitEvent.objects.create(
        unit=unit, kind=kind, effective_on=on, actor=actor if getattr(actor, "pk", None) else None, **extra
    )


def _not_before(unit: Unit) -> date | None:
    return unit.last_change_on or unit.founded_on


def _latest(*units: Unit) -> date | None:
    days = [d for d in map(_not_before, units) if d is not None]
    return max(days) if days else None


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    parent: Unit | None,
    code: str,
    name: str,
    level: str,
    founded_on: date | None = None,
    host_kind: str = "other",
    host_name: str = "",
    workers_count: int = 0,
    has_committee: bool = False,
    size_exception: str = "",
    decision: str = "",
) -> Unit:
    """Found a unit under ``parent`` (a root when ``parent`` is None: system or superuser only)."""
    if parent is None:
        if actor is not None and not getattr(actor, "is_superuser", False):
            raise RuleViolation("unit.root_requires_superuser")
    else:
        parent = _lock(parent)
        require(actor, Action.RESTRUCTURE, parent)
        rules.check_active(parent.dissolved_on, "target")
    rules.check_parent(level, parent.level if parent else None)
    rules.check_founded_on(founded_on, today=today(), parent_founded_on=parent.founded_on if parent else None)
    code = code.strip().upper()
    _require_code_free(code)
    name = normalize(name)
    values = dict(
        code=code,
        name=name,
        name_folded=fold(name),
        level=level,
        founded_on=founded_on,
        host_kind=host_kind,
        host_name=normalize(host_name),
        workers_count=workers_count,
        has_committee=has_committee,
        size_exception=size_exception,
        last_change_on=founded_on,
    )
    try:
        with transaction.atomic():
            unit = Unit.objects.add_child(parent, values) if parent else Unit.objects.add_root(values)
    except IntegrityError as exc:  # a concurrent creation took the code
        raise RuleViolation("unit.code_taken", code=code) from exc
    on = founded_on or today()
    _open_period(unit, parent, on)
    _event(unit, UnitEvent.Kind.FOUNDED, on, actor, other_unit=parent, decision=decision)
    audit.record(
        actor=actor, action="unit.create", target=unit, unit=unit, after=audit.snapshot(unit), effective_on=on
    )
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, **changes: Any) -> Unit:
    """Change a unit's details (not its name, place or life: those are dated restructurings)."""
    unit = _lock(unit)
    require(actor, Action.MANAGE, unit)
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not details of a unit: {sorted(unknown)}")
    if changes.get("admission_authority", unit.admission_authority) != unit.admission_authority:
        # the authority is delegated by the level above, not taken by the unit itself
        rules.check_admission_authority(unit.level, changes["admission_authority"])
        require(actor, Action.RESTRUCTURE, unit.parent_unit() or unit)
    if "founded_on" in changes:
        parent = unit.parent_unit()
        rules.check_founded_on(
            changes["founded_on"], today=today(), parent_founded_on=parent.founded_on if parent else None
        )
    before = audit.snapshot(unit, DETAIL_FIELDS)
    for name, value in changes.items():
        setattr(unit, name, normalize(value) if name == "host_name" else value)
    unit.save(update_fields=list(changes))
    after = audit.snapshot(unit, DETAIL_FIELDS)
    changed = {k: v for k, v in after.items() if before[k] != v}
    if changed:
        UnitEvent.objects.create(
            unit=unit,
            kind=UnitEvent.Kind.UPDATED,
            effective_on=today(),
            actor=actor if getattr(actor, "pk", None) else None,
            details={"changed": sorted(changed)},
        )
        audit.record(actor=actor, action="unit.update", target=unit, unit=unit, before=before, after=after)
    return unit


@transaction.atomic
def unit_rename(*, actor: Any, unit: Unit, name: str, effective_on: date, decision: str = "") -> Unit:
    """Give a unit a new name from ``effective_on`` on; the old name stays in its history."""
    unit = _lock(unit)
    require(actor, Action.RESTRUCTURE, unit)
    rules.check_active(unit.dissolved_on, "source")
    rules.check_effective_date(effective_on, today=today(), not_before=_not_before(unit))
    name = normalize(name)
    if name == unit.name:
        raise RuleViolation("unit.same_name")
    before = {"name": unit.name}
    unit.name, unit.name_folded = name, fold(name)
    unit.save(update_fields=["name", "name_folded"])
    _close_period(unit, effective_on)
    _open_period(unit, unit.parent_unit(), effective_on)
    _event(
        unit,
        UnitEvent.Kind.RENAMED,
        effective_on,
        actor,
        decision=decision,
        details={"old_name": before["name"]},
    )
    audit.record(
        actor=actor,
        action="unit.rename",
        target=unit,
        unit=unit,
        before=before,
        after={"name": name},
        effective_on=effective_on,
        note=decision,
    )
    return unit


def _move_under(unit: Unit, new_parent: Unit, on: date) -> None:
    """Re-parent ``unit`` (with its subtree) and keep the members' path copies right."""
    rules.check_not_cycle(unit.path, new_parent.path)
    rules.check_parent(unit.level, new_parent.level)
    Unit.objects.move(unit, new_parent, "last-child")
    unit.refresh_from_db()
    member_services.member_paths_resync(unit_path=unit.path)
    _close_period(unit, on)
    _open_period(unit, new_parent, on)


@transaction.atomic
def unit_move(*, actor: Any, unit: Unit, new_parent: Unit, effective_on: date, decision: str = "") -> Unit:
    """Move a unit and its whole subtree under another parent from ``effective_on``."""
    unit, new_parent = _lock(unit), _lock(new_parent)
    require(actor, Action.RESTRUCTURE, unit)
    require(actor, Action.RESTRUCTURE, new_parent)
    rules.check_active(unit.dissolved_on, "source")
    rules.check_active(new_parent.dissolved_on, "target")
    rules.check_effective_date(effective_on, today=today(), not_before=_not_before(unit))
    old_parent = unit.parent_unit()
    if old_parent and old_parent.pk == new_parent.pk:
        raise RuleViolation("restructure.same_parent")
    _move_under(unit, new_parent, effective_on)
    _event(
        unit,
        UnitEvent.Kind.MOVED,
        effective_on,
        actor,
        other_unit=new_parent,
        decision=decision,
        details={"old_parent": old_parent.code if old_parent else None},
    )
    audit.record(
        actor=actor,
        action="unit.move",
        target=unit,
        unit=unit,
        before={"parent": old_parent.code if old_parent else None},
        after={"parent": new_parent.code},
        effective_on=effective_on,
        note=decision,
    )
    return unit


def _active_children(unit: Unit) -> list[Unit]:
    return list(unit.child_units().filter(dissolved_on__isnull=True))


def _hand_over(actor: Any, source: Unit, target: Unit, on: date, reason: str) -> dict[str, int]:
    """Move every active child unit and every member of ``source`` into ``target``."""
    rules.check_not_cycle(source.path, target.path)
    children = _active_children(source)
    for child in children:
        rules.check_parent(child.level, target.level)
    if Member.objects.filter(unit=source, status__in=member_services.ACTIVE_STATUSES).exists():
        rules.check_holds_members(target.level)
    for child in children:
        _move_under(child, _lock(target), on)
    moved = member_services.members_transfer_all(
        actor=actor, from_unit=source, to_unit=target, on=on, reason=reason
    )
    from chibo.admissions.services import candidates_transfer_all  # admissions builds on units

    candidates = candidates_transfer_all(actor=actor, from_unit=source, to_unit=target)
    return {"units_moved": len(children), "members_moved": moved, "candidates_moved": candidates}


def _has_open_candidates(unit: Unit) -> bool:
    from chibo.admissions.models import OPEN_STAGES  # admissions builds on units

    return unit.candidates.filter(stage__in=OPEN_STAGES).exists()


def _dissolve(unit: Unit, on: date, merged_into: Unit | None) -> None:
    unit.dissolved_on, unit.merged_into = on, merged_into
    unit.save(update_fields=["dissolved_on", "merged_into"])
    _close_period(unit, on)


@transaction.atomic
def unit_merge(*, actor: Any, source: Unit, target: Unit, effective_on: date, decision: str = "") -> Unit:
    """Merge ``source`` into ``target``: its cells and members move, it is dissolved."""
    if source.pk == target.pk:
        raise RuleViolation("restructure.same_unit")
    source, target = _lock(source), _lock(target)
    require(actor, Action.RESTRUCTURE, source)
    require(actor, Action.RESTRUCTURE, target)
    rules.check_active(source.dissolved_on, "source")
    rules.check_active(target.dissolved_on, "target")
    rules.check_effective_date(effective_on, today=today(), not_before=_latest(source, target))
    counts = _hand_over(actor, source, target, effective_on, reason="merge")
    _dissolve(source, effective_on, merged_into=target)
    _event(
        source,
        UnitEvent.Kind.MERGED_INTO,
        effective_on,
        actor,
        other_unit=target,
        decision=decision,
        details=counts,
    )
    _event(
        target,
        UnitEvent.Kind.ABSORBED,
        effective_on,
        actor,
        other_unit=source,
        decision=decision,
        details=counts,
    )
    audit.record_batch(
        actor=actor,
        action="unit.merge",
        target=source,
        unit=target,
        counts=counts,
        after={"merged_into": target.code},
        effective_on=effective_on,
        note=decision,
    )
    return target


@dataclass
class SplitPart:
    """One new unit of a split: its identity and what it takes from the source."""

    code: str
    name: str
    member_ids: Sequence[int] = field(default_factory=list)
    child_ids: Sequence[int] = field(default_factory=list)


@transaction.atomic
def unit_split(
    *,
    actor: Any,
    source: Unit,
    parts: Sequence[SplitPart],
    effective_on: date,
    dissolve_source: bool = False,
    decision: str = "",
) -> list[Unit]:
    """Split ``source``: each part becomes a new sibling unit of the same level taking the members
    and child units named; with ``dissolve_source`` every member and child must be taken."""
    source = _lock(source)
    parent = source.parent_unit()
    if parent is None:
        raise RuleViolation("restructure.split_root")
    require(actor, Action.RESTRUCTURE, source)
    require(actor, Action.RESTRUCTURE, parent)
    rules.check_active(source.dissolved_on, "source")
    rules.check_effective_date(effective_on, today=today(), not_before=_not_before(source))
    if not parts:
        raise RuleViolation("restructure.split_no_parts")
    _check_split_parts(source, parts, dissolve_source)
    created: list[Unit] = []
    for part in parts:
        new_unit = _split_part_create(actor, source, parent, part, effective_on, decision)
        created.append(new_unit)
    counts = {
        "units_created": len(created),
        "members_moved": sum(len(p.member_ids) for p in parts),
        "units_moved": sum(len(p.child_ids) for p in parts),
    }
    if dissolve_source:
        _dissolve(source, effective_on, merged_into=None)
        _event(source, UnitEvent.Kind.DISSOLVED, effective_on, actor, decision=decision, details=counts)
    audit.record_batch(
        actor=actor,
        action="unit.split",
        target=source,
        unit=parent,
        counts=counts,
        after={"parts": [u.code for u in created], "source_dissolved": dissolve_source},
        effective_on=effective_on,
        note=decision,
    )
    return created


def _check_split_parts(source: Unit, parts: Sequence[SplitPart], dissolve_source: bool) -> None:
    member_ids = set(
        Member.objects.filter(unit=source, status__in=member_services.ACTIVE_STATUSES).values_list(
            "pk", flat=True
        )
    )
    child_ids = {c.pk for c in _active_children(source)}
    taken_members: list[int] = [m for p in parts for m in p.member_ids]
    taken_children: list[int] = [c for p in parts for c in p.child_ids]
    codes = [p.code.strip().upper() for p in parts]
    if len(set(codes)) != len(codes):
        raise RuleViolation("restructure.split_duplicate_code")
    for code in codes:
        _require_code_free(code)
    if len(set(taken_members)) != len(taken_members) or len(set(taken_children)) != len(taken_children):
        raise RuleViolation("restructure.split_overlap")
    if not set(taken_members) <= member_ids or not set(taken_children) <= child_ids:
        raise RuleViolation("restructure.split_foreign")
    if dissolve_source and (set(taken_members) != member_ids or set(taken_children) != child_ids):
        raise RuleViolation("restructure.source_not_empty")
    if dissolve_source and _has_open_candidates(source):  # candidacies are not split: they stay
        raise RuleViolation("restructure.source_not_empty")


def _split_part_create(
    actor: Any, source: Unit, parent: Unit, part: SplitPart, on: date, decision: str
) -> Unit:
    name = normalize(part.name)
    new_unit = Unit.objects.add_child(
        _lock(parent),
        dict(
            code=part.code.strip().upper(),
            name=name,
            name_folded=fold(name),
            level=source.level,
            host_kind=source.host_kind,
            host_name=source.host_name,
            founded_on=on,
            last_change_on=on,
        ),
    )
    _open_period(new_unit, parent, on)
    for child in Unit.objects.filter(pk__in=part.child_ids):
        _move_under(child, _lock(new_unit), on)
    member_services.members_transfer_all(
        actor=actor, from_unit=source, to_unit=new_unit, on=on, reason="split", member_ids=part.member_ids
    )
    _event(new_unit, UnitEvent.Kind.SPLIT_FROM, on, actor, other_unit=source, decision=decision)
    _event(source, UnitEvent.Kind.SPLIT_OFF, on, actor, other_unit=new_unit, decision=decision)
    return new_unit


@transaction.atomic
def unit_dissolve(
    *, actor: Any, unit: Unit, effective_on: date, successor: Unit | None = None, decision: str = ""
) -> Unit:
    """Dissolve a unit. Its members and cells go to ``successor``; without one it must be empty,
    because members are never left without a unit."""
    unit = _lock(unit)
    require(actor, Action.RESTRUCTURE, unit)
    rules.check_active(unit.dissolved_on, "source")
    rules.check_effective_date(effective_on, today=today(), not_before=_not_before(unit))
    counts = {"units_moved": 0, "members_moved": 0, "candidates_moved": 0}
    if successor is not None:
        if successor.pk == unit.pk:
            raise RuleViolation("restructure.same_unit")
        successor = _lock(successor)
        require(actor, Action.RESTRUCTURE, successor)
        rules.check_active(successor.dissolved_on, "target")
        counts = _hand_over(actor, unit, successor, effective_on, reason="dissolution")
    elif (
        _active_children(unit)
        or Member.objects.filter(unit=unit, status__in=member_services.ACTIVE_STATUSES).exists()
        or _has_open_candidates(unit)
    ):
        raise RuleViolation("restructure.dissolve_not_empty")
    _dissolve(unit, effective_on, merged_into=successor)
    _event(
        unit,
        UnitEvent.Kind.DISSOLVED,
        effective_on,
        actor,
        other_unit=successor,
        decision=decision,
        details=counts,
    )
    if successor is not None:
        _event(
            successor,
            UnitEvent.Kind.RECEIVED,
            effective_on,
            actor,
            other_unit=unit,
            decision=decision,
            details=counts,
        )
    audit.record_batch(
        actor=actor,
        action="unit.dissolve",
        target=unit,
        unit=unit,
        counts=counts,
        after={"dissolved_on": effective_on, "successor": successor.code if successor else None},
        effective_on=effective_on,
        note=decision,
    )
    return unit


@dataclass(frozen=True)
class BulkUnit:
    """A unit of a bulk load; ``parent_code`` None puts it directly under the load's parent."""

    code: str
    name: str
    level: str
    parent_code: str | None
    founded_on: date
    host_kind: str = "other"
    host_name: str = ""
    workers_count: int = 0
    has_committee: bool = False


def _next_step(parent: Unit | None) -> int:
    last = Unit.objects.get_last_child(parent) if parent else Unit.objects.get_last_root_node()
    return Unit._str2int(last.path[-Unit.steplen :]) + 1 if last else 1


@transaction.atomic
def units_bulk_load(*, actor: Any, parent: Unit | None, units: Sequence[BulkUnit], decision: str = "") -> int:
    """Load a whole subtree at once (national data, imports): every unit is checked like
    ``unit_create`` (code, level nesting, dates), paths are computed here, rows go in with COPY,
    periods and founding events follow set-based, and one audit batch entry records the count."""

    if parent is None:
        if actor is not None and not getattr(actor, "is_superuser", False):
            raise RuleViolation("unit.root_requires_superuser")
    else:
        parent = _lock(parent)
        require(actor, Action.RESTRUCTURE, parent)
        rules.check_active(parent.dissolved_on, "target")
    placed: dict[str | None, list[Any]] = {
        None: [
            parent.path if parent else None,
            parent.level if parent else None,
            parent.depth if parent else 0,
            _next_step(parent),
            0,
        ]
    }
    rows, now, codes = [], today(), set(Unit.objects.values_list("code", flat=True))
    for spec in units:
        code = spec.code.strip().upper()
        if code in codes:
            raise RuleViolation("unit.code_taken", code=code)
        if spec.parent_code is not None and spec.parent_code not in placed:
            raise RuleViolation("unit.parent_unknown", code=spec.parent_code)
        holder = placed[spec.parent_code]
        rules.check_parent(spec.level, holder[1])
        rules.check_founded_on(spec.founded_on, today=now, parent_founded_on=None)
        path = Unit._get_path(holder[0], holder[2] + 1, holder[3])
        holder[3] += 1
        holder[4] += 1
        codes.add(code)
        name = normalize(spec.name)
        row = [
            path,
            holder[2] + 1,
            0,
            code,
            name,
            fold(name),
            spec.level,
            spec.host_kind,
            normalize(spec.host_name),
            spec.workers_count,
            spec.has_committee,
            "",
            False,
            spec.founded_on,
            spec.founded_on,
        ]
        placed[code] = [path, spec.level, holder[2] + 1, 1, 0, row]
        rows.append(row)
    for code, holder in placed.items():
        if code is not None:
            holder[5][2] = holder[4]  # numchild
    ids = bulk.reserve_ids(Unit, len(rows))  # the history below is for these units only
    written = bulk.copy_rows(
        Unit,
        [
            "id",
            "path",
            "depth",
            "numchild",
            "code",
            "name",
            "name_folded",
            "level",
            "host_kind",
            "host_name",
            "workers_count",
            "has_committee",
            "size_exception",
            "admission_authority",
            "founded_on",
            "last_change_on",
        ],
        ([pk, *row] for pk, row in zip(ids, rows, strict=True)),
    )
    loaded = bulk.IdRanges()
    loaded.add(ids)
    if parent is not None:
        Unit.objects.filter(pk=parent.pk).update(numchild=parent.numchild + placed[None][4])
    _bulk_history(loaded, actor, decision)
    target = parent or Unit.objects.get(path=rows[0][0])
    audit.record_batch(
        actor=actor,
        action="unit.bulk_load",
        target=target,
        unit=target,
        counts={"units_created": written},
        note=decision,
    )
    return written


def _bulk_history(ids: bulk.IdRanges, actor: Any, decision: str) -> None:
    """Periods and founding events of the units loaded under ``ids`` (``bulk.IdRanges``), set-based."""

    unit = Unit._meta.db_table
    parent_of = f"p.path = SUBSTR(u.path, 1, LENGTH(u.path) - {Unit.steplen})"
    typed = bulk.typed_params(["varchar", "timestamptz", "bigint", "varchar", "jsonb"])
    for first, last in ids:
        bulk.execute(
            f"INSERT INTO {UnitPeriod._meta.db_table} (unit_id, parent_id, name, level, valid_from) "  # noqa: S608
            f"SELECT u.id, p.id, u.name, u.level, u.founded_on FROM {unit} u "
            f"LEFT JOIN {unit} p ON {parent_of} WHERE u.id BETWEEN %s AND %s",
            [first, last],
        )
        bulk.execute(
            f"INSERT INTO {UnitEvent._meta.db_table} (unit_id, kind, effective_on, recorded_at, actor_id, "  # noqa: S608
            "other_unit_id, decision, details) "
            f"SELECT u.id, {typed[0]}, u.founded_on, {typed[1]}, {typed[2]}, p.id, {typed[3]}, {typed[4]} "
            f"FROM {unit} u LEFT JOIN {unit} p ON {parent_of} WHERE u.id BETWEEN %s AND %s",
            [UnitEvent.Kind.FOUNDED, timezone.now(), getattr(actor, "pk", None), decision, "{}", first, last],
        )
