"""Reads of the yearly evaluation, already scoped: lists, results rolled up the tree, the comparison
with earlier years, streaks ("5 năm liền") and a member's grades by year."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from chibo.accounts.roles import Action
from chibo.core.scoping import subtree_q, visible_to
from chibo.evaluations.models import MemberEvaluation, ScoringTable, Status, UnitEvaluation
from chibo.members.models import Member
from chibo.organizations.models import Unit
from chibo.organizations.selectors import active_children_of
from chibo.rules import evaluation as rules

#: How many years the results page sets side by side.
COMPARED_YEARS = 5


def table_list(*, user: Any, within: Unit | None = None) -> QuerySet[ScoringTable]:
    tables = visible_to(ScoringTable.objects.select_related("unit"), user, Action.VIEW)
    if within is not None:
        tables = tables.filter(subtree_q(within.path, "unit__path"))
    return tables.annotate(criteria_count=Count("criteria")).order_by("-year", "unit__path", "subject")


def evaluation_list(
    *, user: Any, within: Unit | None = None, year: int | None = None, status: str = ""
) -> QuerySet[MemberEvaluation]:
    """Member evaluations in the user's scope, filtered by subtree, year and status, roster order."""
    rows = visible_to(MemberEvaluation.objects.select_related("member", "unit"), user, Action.VIEW)
    if within is not None:
        rows = rows.filter(subtree_q(within.path, "unit__path"))
    if year:
        rows = rows.filter(year=year)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-year", "unit__path", "member__name_sort", "pk")


def unit_evaluation_list(
    *, user: Any, within: Unit | None = None, year: int | None = None, status: str = ""
) -> QuerySet[UnitEvaluation]:
    rows = visible_to(UnitEvaluation.objects.select_related("unit", "deciding"), user, Action.VIEW)
    if within is not None:
        rows = rows.filter(subtree_q(within.path, "unit__path"))
    if year:
        rows = rows.filter(year=year)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-year", "unit__path", "pk")


def member_grades(member: Member) -> dict[int, str]:
    """The member's decided grade by year (corrections included), for the member's page."""
    rows = MemberEvaluation.objects.filter(member=member, status=Status.DECIDED).order_by("year")
    return dict(rows.values_list("year", "grade"))


def unit_grades(unit: Unit) -> dict[int, str]:
    rows = UnitEvaluation.objects.filter(unit=unit, status=Status.DECIDED).order_by("year")
    return dict(rows.values_list("year", "grade"))


# --- results ------------------------------------------------------------------------------------


@dataclass
class GradeCounts:
    """How many of each grade, with the percentages of the total (one decimal)."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(rules.GRADES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def percents(self) -> dict[str, float | None]:
        total = self.total
        return {g: round(100 * n / total, 1) if total else None for g, n in self.counts.items()}

    @property
    def cells(self) -> list[tuple[str, int, float | None]]:
        percents = self.percents
        return [(g, self.counts[g], percents[g]) for g in rules.GRADES]

    def add(self, grade: str, count: int) -> None:
        self.counts[grade] += count


@dataclass
class ResultRow:
    unit: Unit
    members: GradeCounts
    units: GradeCounts


@dataclass
class Results:
    """The results of ``unit``'s subtree in ``year``: the unit's own row (its whole subtree), a row
    per active sub-unit (each its subtree), and the subtree's figures for the last five years."""

    unit: Unit
    year: int
    rows: list[ResultRow]
    years: list[int]
    by_year: dict[int, ResultRow]


def _grouped(model: Any, unit: Unit, years: list[int]) -> list[tuple[str, int, str, int]]:
    return list(
        model.objects.filter(subtree_q(unit.path, "unit__path"), status=Status.DECIDED, year__in=years)
        .values_list("unit__path", "year", "grade")
        .annotate(n=Count("pk"))
        .order_by()
    )


def results(*, unit: Unit, year: int, compared: int = COMPARED_YEARS) -> Results:
    """Counts and percentages per grade, members and organisations separately, rolled up the tree
    (DOMAIN.md §6): two grouped queries for every row and year, whatever the size of the subtree."""
    years = list(range(year - compared + 1, year + 1))
    children = active_children_of([unit])[unit.pk]
    row_units = [unit, *children]
    rows = {u.pk: ResultRow(u, GradeCounts(), GradeCounts()) for u in row_units}
    by_year = {y: ResultRow(unit, GradeCounts(), GradeCounts()) for y in years}
    for kind, model in (("members", MemberEvaluation), ("units", UnitEvaluation)):
        for path, row_year, grade, n in _grouped(model, unit, years):
            getattr(by_year[row_year], kind).add(grade, n)
            if row_year != year:
                continue
            for row_unit in row_units:
                if path.startswith(row_unit.path):
                    getattr(rows[row_unit.pk], kind).add(grade, n)
    return Results(unit, year, [rows[u.pk] for u in row_units], years, by_year)


def decided_list(*, unit: Unit, year: int) -> tuple[list[MemberEvaluation], list[UnitEvaluation]]:
    """The decided grades of ``unit``'s subtree in ``year``, in roster order (for Excel and PDF)."""
    members = list(
        MemberEvaluation.objects.filter(subtree_q(unit.path, "unit__path"), year=year, status=Status.DECIDED)
        .select_related("member", "unit")
        .order_by("unit__path", "member__name_sort", "pk")
    )
    units = list(
        UnitEvaluation.objects.filter(subtree_q(unit.path, "unit__path"), year=year, status=Status.DECIDED)
        .select_related("unit")
        .order_by("unit__path")
    )
    return members, units


def pending_for(*, unit: Unit, year: int) -> dict[str, Any]:
    """What waits for ``unit``'s committee in ``year``: member reviews (a grassroots committee) and
    organisation evaluations of its sub-units."""
    members = MemberEvaluation.objects.filter(grassroots=unit, year=year)
    organisations = UnitEvaluation.objects.filter(deciding=unit, year=year)
    return {
        "members": list(
            members.filter(status__in=[Status.SELF_ASSESSED, Status.REVIEWED])
            .select_related("member", "unit")
            .order_by("unit__path", "member__name_sort", "pk")
        ),
        "member_decided": rules.count_grades(
            members.filter(status=Status.DECIDED).values_list("grade", flat=True)
        ),
        "units": list(
            organisations.filter(status=Status.REVIEWED).select_related("unit").order_by("unit__path")
        ),
        "unit_decided": rules.count_grades(
            organisations.filter(status=Status.DECIDED).values_list("grade", flat=True)
        ),
    }


# --- streaks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StreakRow:
    kind: str  # "member" or "unit"
    member_id: int | None
    unit_id: int  # the member's unit, or the evaluated unit
    name: str  # member full name or unit name
    unit_name: str
    years: int  # consecutive years ending with `year`


def _roots_q(roots: Iterable[Unit], field: str) -> Q:
    q = Q(pk__in=[])
    for root in roots:
        q |= subtree_q(root.path, field)
    return q


def _streaks(
    rows: Iterable[tuple[int, int, str]], wanted: set[str], year: int, length: int
) -> dict[int, int]:
    by_key: dict[int, dict[int, str]] = defaultdict(dict)
    for key, row_year, grade in rows:
        by_key[key][row_year] = grade
    found = {key: rules.streak(grades, wanted, year) for key, grades in by_key.items()}
    return {key: years for key, years in found.items() if years >= length}


def streak_candidates(
    *, roots: Iterable[Unit], year: int, length: int = 5, grades: Collection[str] = ("HTXSNV",)
) -> list[StreakRow]:
    """Members and units inside the subtrees of ``roots`` with at least ``length`` consecutive decided
    grades in ``grades`` ending with ``year`` ("5 năm liền HTXSNV"; for organisations "trong sạch
    vững mạnh tiêu biểu"). Members first, each group in tree and roster order."""
    roots = list(roots)
    wanted = {rules.check_grade(g) for g in grades}
    if not roots or length < 1:
        return []
    member_ids = MemberEvaluation.objects.filter(
        _roots_q(roots, "member__unit_path"), year=year, status=Status.DECIDED, grade__in=wanted
    ).values("member_id")
    member_rows = MemberEvaluation.objects.filter(
        member_id__in=member_ids, status=Status.DECIDED, year__lte=year
    ).values_list("member_id", "year", "grade")
    members = _streaks(member_rows, wanted, year, length)
    unit_ids = UnitEvaluation.objects.filter(
        _roots_q(roots, "unit__path"), year=year, status=Status.DECIDED, grade__in=wanted
    ).values("unit_id")
    unit_rows = UnitEvaluation.objects.filter(unit_id__in=unit_ids, status=Status.DECIDED, year__lte=year)
    units = _streaks(unit_rows.values_list("unit_id", "year", "grade"), wanted, year, length)
    result = [
        StreakRow("member", m.pk, m.unit_id, m.full_name, m.unit.name, members[m.pk])
        for m in Member.objects.filter(pk__in=list(members))
        .select_related("unit")
        .order_by("unit_path", "name_sort", "pk")
    ]
    result += [
        StreakRow("unit", None, u.pk, u.name, u.name, units[u.pk])
        for u in Unit.objects.filter(pk__in=list(units)).order_by("path")
    ]
    return result
