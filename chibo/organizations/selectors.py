"""Reads of the organisation tree, always scoped to the user."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from chibo.accounts.roles import Action
from chibo.core.regulations import profile
from chibo.core.scoping import paths_for, subtree_q, visible_to
from chibo.members.models import Member, MemberStatus
from chibo.organizations.models import Unit, UnitEvent, UnitLevel, UnitPeriod
from chibo.rules.organizations import Headcount, structure_warnings
from chibo.rules.text import fold

ACTIVE = (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL)


def unit_list(
    *,
    user: Any,
    q: str = "",
    level: str = "",
    within: Unit | None = None,
    include_dissolved: bool = False,
    action: Action = Action.VIEW,
) -> QuerySet[Unit]:
    """Units the user may see, filtered by a folded name/code search, level and subtree."""
    units = visible_to(Unit.objects.all(), user, action)
    if within is not None:
        units = units.filter(subtree_q(within.path))
    if not include_dissolved:
        units = units.filter(dissolved_on__isnull=True)
    if level in UnitLevel.values:
        units = units.filter(level=level)
    if q:
        folded = fold(q)
        units = units.filter(Q(name_folded__contains=folded) | Q(code__iexact=q.strip()))
    return units.order_by("path")


def scope_roots(*, user: Any, action: Action = Action.VIEW) -> list[Unit]:
    """The top units on which the user may do ``action`` (the units those grants sit on, minimal):
    with ``Action.MANAGE``, where they may publish or assign, even below a wider view-only role."""
    paths = paths_for(user, action)
    if paths == [""]:
        return list(Unit.objects.get_root_nodes())
    return list(Unit.objects.filter(path__in=paths).order_by("path"))


def subtree_headcounts(units: list[Unit]) -> dict[int, Headcount]:
    """Active members of each unit's subtree, for units of the same depth, in one query."""
    if not units:
        return {}
    length = len(units[0].path)
    assert all(len(u.path) == length for u in units), "units of one depth only"
    q = Q(pk__in=[])
    for unit in units:
        q |= subtree_q(unit.path, "unit_path")
    rows = (
        Member.objects.filter(q, status__in=ACTIVE)
        .annotate(prefix=Substr("unit_path", 1, length))
        .values("prefix", "status")
        .annotate(n=Count("pk"))
    )
    by_prefix: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        by_prefix[row["prefix"]][row["status"]] = row["n"]
    return {
        u.pk: Headcount(
            official=by_prefix[u.path].get(MemberStatus.OFFICIAL, 0),
            probationary=by_prefix[u.path].get(MemberStatus.PROBATIONARY, 0),
        )
        for u in units
    }


@dataclass
class TreeNode:
    unit: Unit
    headcount: Headcount
    active_children: int


def tree_children(*, user: Any, parent: Unit | None, include_dissolved: bool = False) -> list[TreeNode]:
    """The children of ``parent`` (or the scope's roots) with member counts: three queries."""
    if parent is None:
        units = scope_roots(user=user)
    else:
        units = list(
            visible_to(Unit.objects.filter(depth=parent.depth + 1), user)
            .filter(subtree_q(parent.path))
            .filter(Q() if include_dissolved else Q(dissolved_on__isnull=True))
            .order_by("name")
        )
    headcounts = subtree_headcounts(units)
    child_counts = _active_child_counts(units)
    return [TreeNode(u, headcounts[u.pk], child_counts.get(u.path, 0)) for u in units]


def _active_child_counts(units: list[Unit]) -> dict[str, int]:
    if not units:
        return {}
    length = len(units[0].path)
    q = Q(pk__in=[])
    for unit in units:
        q |= subtree_q(unit.path)
    rows = (
        Unit.objects.filter(q, depth=units[0].depth + 1, dissolved_on__isnull=True)
        .annotate(prefix=Substr("path", 1, length))
        .values("prefix")
        .annotate(n=Count("pk"))
    )
    return {row["prefix"]: row["n"] for row in rows}


def headcounts_rolled_up(units: list[Unit]) -> dict[int, Headcount]:
    """Subtree headcounts of many units of any depth: one GROUP BY, rolled up in Python."""
    if not units:
        return {}
    q = Q(pk__in=[])
    for root in _minimal_units(units):
        q |= subtree_q(root.path, "unit_path")
    direct: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = Member.objects.filter(q, status__in=ACTIVE).values("unit_path", "status").annotate(n=Count("pk"))
    for row in rows:
        direct[row["unit_path"]][row["status"]] += row["n"]
    wanted = {u.path: u.pk for u in units}
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for path, counts in direct.items():
        for end in range(4, len(path) + 1, 4):
            prefix = path[:end]
            if prefix in wanted:
                for status, n in counts.items():
                    totals[prefix][status] += n
    return {
        pk: Headcount(
            official=totals[path][MemberStatus.OFFICIAL], probationary=totals[path][MemberStatus.PROBATIONARY]
        )
        for path, pk in wanted.items()
    }


def _minimal_units(units: list[Unit]) -> list[Unit]:
    result: list[Unit] = []
    for unit in sorted(units, key=lambda u: u.path):
        if not result or not unit.path.startswith(result[-1].path):
            result.append(unit)
    return result


@dataclass
class UnitWarnings:
    unit: Unit
    headcount: Headcount
    codes: list[str]


def unit_warnings(unit: Unit, headcount: Headcount) -> list[str]:
    return structure_warnings(
        level=unit.level,
        headcount=headcount,
        has_committee=unit.has_committee,
        size_exception=bool(unit.size_exception),
        profile=profile(),
    )


def warnings_in_scope(*, user: Any, within: Unit | None = None) -> list[UnitWarnings]:
    """Every active unit of the scope with at least one structural warning."""
    units = list(unit_list(user=user, within=within))
    counts = headcounts_rolled_up(units)
    result = []
    for unit in units:
        codes = unit_warnings(unit, counts[unit.pk])
        if codes:
            result.append(UnitWarnings(unit, counts[unit.pk], codes))
    return result


def unit_history(*, unit: Unit) -> QuerySet[UnitEvent]:
    return unit.events.select_related("other_unit", "actor").order_by("-effective_on", "-id")


@dataclass
class AsOfNode:
    period: UnitPeriod
    depth: int


def tree_as_of(*, user: Any, day: date, within: Unit | None = None) -> list[AsOfNode]:
    """The tree as it stood on ``day``: names, levels and parents of that day, in tree order.

    Scoped by today's position of the units (a unit that moved into the user's
    scope later is shown with its old parent).
    """
    units = visible_to(Unit.objects.all(), user)
    if within is not None:
        units = units.filter(subtree_q(within.path))
    periods = list(
        UnitPeriod.objects.filter(unit__in=units.values("pk"), valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .select_related("unit")
    )
    children: dict[int | None, list[UnitPeriod]] = defaultdict(list)
    present = {p.unit_id for p in periods}
    for period in periods:
        parent_id = period.parent_id if period.parent_id in present else None
        children[parent_id].append(period)
    ordered: list[AsOfNode] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for period in sorted(children.get(parent_id, []), key=lambda p: fold(p.name)):
            ordered.append(AsOfNode(period, depth))
            walk(period.unit_id, depth + 1)

    walk(None, 0)
    return ordered


def unit_on(*, unit: Unit, day: date) -> UnitPeriod | None:
    """Which parent, name and level ``unit`` had on ``day`` (None before it existed or after its end)."""
    return (
        unit.periods.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .select_related("parent")
        .first()
    )


def scope_figures(*, user: Any) -> dict[str, Any]:
    """The dashboard's figures: active units by level, members by status, workers."""
    units = visible_to(Unit.objects.filter(dissolved_on__isnull=True), user)
    by_level = {row["level"]: row["n"] for row in units.values("level").annotate(n=Count("pk"))}
    members = visible_to(Member.objects.all(), user)
    by_status = {row["status"]: row["n"] for row in members.values("status").annotate(n=Count("pk"))}
    grassroots = units.filter(level__in=[UnitLevel.DANG_BO_CO_SO, UnitLevel.CHI_BO_CO_SO])
    workers = grassroots.aggregate(n=Sum("workers_count"))["n"] or 0
    return {"units_by_level": by_level, "members_by_status": by_status, "workers": workers}


def active_children_of(roots: list[Unit]) -> dict[int, list[Unit]]:
    """Each root's active direct sub-units in tree order (the rows of a roll-up table)."""
    return {
        root.pk: list(root.child_units().filter(dissolved_on__isnull=True).order_by("path")) for root in roots
    }
