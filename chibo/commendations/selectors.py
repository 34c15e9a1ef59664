"""Reads of commendations, already scoped: the list, the counts rolled up the tree, the candidates
proposed from evaluation streaks, and the discipline in effect of members being commended.

The streaks come from ``chibo.evaluations.selectors.streak_candidates`` and the discipline from
``chibo.discipline.selectors.in_effect``, each read through one function below (the one place to
change, and to replace in tests).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet

from chibo.accounts.roles import Action
from chibo.commendations.models import Commendation, Kind, Level
from chibo.core.scoping import subtree_q, visible_to
from chibo.discipline import selectors as discipline_selectors
from chibo.evaluations import selectors as evaluation_selectors
from chibo.organizations.models import Unit

COLLECTIVE, INDIVIDUAL = "collective", "individual"

# --- the other apps ---------------------------------------------------------------------------


def discipline_in_effect(member_ids: Iterable[int], on: date | None = None) -> dict[int, Any]:
    """Member id → the discipline case in effect on ``on`` (DOMAIN.md §7: no titles meanwhile)."""
    return dict(discipline_selectors.in_effect(list(member_ids), on))


def evaluation_streaks(*, roots: list[Unit], year: int, length: int, grades: tuple[str, ...]) -> list[Any]:
    """The members and units graded ``grades`` ``length`` years running up to ``year`` (DOMAIN.md §6)."""
    return list(evaluation_selectors.streak_candidates(roots=roots, year=year, length=length, grades=grades))


# --- the list ---------------------------------------------------------------------------------


def commendation_list(
    *,
    user: Any,
    within: Unit | None = None,
    year: int | None = None,
    kind: str = "",
    level: str = "",
    subject: str = "",
    include_annulled: bool = False,
) -> QuerySet[Commendation]:
    """The commendations the user sees, filtered; the latest year first."""
    rows = visible_to(Commendation.objects.select_related("unit", "member"), user, Action.VIEW)
    if within is not None:
        rows = rows.filter(subtree_q(within.path, "unit__path"))
    if year:
        rows = rows.filter(year=year)
    if kind:
        rows = rows.filter(kind=kind)
    if level:
        rows = rows.filter(level=level)
    if subject == COLLECTIVE:
        rows = rows.filter(member__isnull=True)
    elif subject == INDIVIDUAL:
        rows = rows.filter(member__isnull=False)
    if not include_annulled:
        rows = rows.filter(annulled_on__isnull=True)
    return rows.order_by("-year", "unit__path", "-decided_on", "-id")


# --- counts -----------------------------------------------------------------------------------


@dataclass
class Counts:
    """The commendations of one year in a unit's subtree (annulled ones not counted)."""

    unit: Unit
    collective: int = 0
    individual: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.collective + self.individual

    def kinds(self) -> list[tuple[str, str, int]]:
        return [(value, str(label), self.by_kind.get(value, 0)) for value, label in Kind.choices]

    def levels(self) -> list[tuple[str, str, int]]:
        return [(value, str(label), self.by_level.get(value, 0)) for value, label in Level.choices]


def commendation_counts(*, units: list[Unit], year: int) -> list[Counts]:
    """Per unit, the commendations for ``year`` in its subtree (rolled up the tree), collective and
    individual, by form and by level: one query for all the units."""
    counts = [Counts(unit=u) for u in units]
    if not units:
        return counts
    within = Q(pk__in=[])
    for unit in units:
        within |= subtree_q(unit.path, "unit__path")
    rows = (
        Commendation.objects.filter(within, year=year, annulled_on__isnull=True)
        .annotate(collective=ExpressionWrapper(Q(member__isnull=True), output_field=BooleanField()))
        .values("kind", "level", "collective")
        .annotate(**{f"u{u.pk}": Count("pk", filter=subtree_q(u.path, "unit__path")) for u in units})
        .order_by()
    )
    for row in rows:
        for entry in counts:
            n = row[f"u{entry.unit.pk}"]
            if not n:
                continue
            if row["collective"]:
                entry.collective += n
            else:
                entry.individual += n
            entry.by_kind[row["kind"]] = entry.by_kind.get(row["kind"], 0) + n
            entry.by_level[row["level"]] = entry.by_level.get(row["level"], 0) + n
    return counts


# --- candidates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A member or unit with a streak of grades, not yet commended for the year."""

    kind: str  # "member" | "unit"
    member_id: int | None
    unit_id: int
    unit_code: str
    unit_path: str
    name: str
    unit_name: str
    years: int


def commended_for(
    year: int, *, member_ids: Iterable[int], unit_ids: Iterable[int]
) -> tuple[set[int], set[int]]:
    """(members, units) among those given with a commendation, not annulled, for ``year``."""
    rows = Commendation.objects.filter(year=year, annulled_on__isnull=True).filter(
        Q(member_id__in=list(member_ids)) | Q(member__isnull=True, unit_id__in=list(unit_ids))
    )
    members: set[int] = set()
    units: set[int] = set()
    for member_id, unit_id in rows.values_list("member_id", "unit_id"):
        (members.add(member_id) if member_id else units.add(unit_id))
    return members, units


def candidates(
    *, roots: list[Unit], year: int, length: int = 5, grades: tuple[str, ...] = ("HTXSNV",)
) -> list[Candidate]:
    """The members and units graded ``grades`` ``length`` years running up to ``year`` in the subtrees
    of ``roots``, without those already commended for ``year`` (an annulled commendation does not count)."""
    streaks = evaluation_streaks(roots=roots, year=year, length=length, grades=grades)
    if not streaks:
        return []
    members, units = commended_for(
        year,
        member_ids=[r.member_id for r in streaks if r.kind == "member"],
        unit_ids=[r.unit_id for r in streaks if r.kind == "unit"],
    )
    units_of = {
        pk: (code, path)
        for pk, code, path in Unit.objects.filter(pk__in={r.unit_id for r in streaks}).values_list(
            "pk", "code", "path"
        )
    }
    found = []
    for row in streaks:
        if (row.kind == "member" and row.member_id in members) or (
            row.kind == "unit" and row.unit_id in units
        ):
            continue
        code, path = units_of.get(row.unit_id, ("", ""))
        found.append(
            Candidate(row.kind, row.member_id, row.unit_id, code, path, row.name, row.unit_name, row.years)
        )
    return found


def member_commendations(member: Any) -> QuerySet[Commendation]:
    return member.commendations.filter(annulled_on__isnull=True).order_by("-year", "-decided_on")


def by_subject_kind(rows: Iterable[Candidate]) -> dict[str, list[Candidate]]:
    grouped: dict[str, list[Candidate]] = defaultdict(list)
    for row in rows:
        grouped[row.kind].append(row)
    return grouped
