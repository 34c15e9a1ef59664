"""Reads of the reports: the statistics of a unit's subtree as of any date, submitted reports, data
quality. Every figure is a handful of grouped queries, never one query per unit or member.

As of a date D (the limits are stated so readers of the figures know them):

* **Membership** comes from the membership periods (``MemberUnitPeriod``: a member belonged to a unit
  from ``valid_from`` until ``valid_to``, half-open), which the member services keep on every
  admission, recording, transfer, restructuring move, departure and re-admission. A member counts on
  D when a period covering D lies in the subtree. Records entered from paper start their period on
  the recording date given (``joined_on``, else the admission date), so the past before a record was
  entered is only as complete as that date.
* **The subtree** is today's: a period counts by its unit's *current* place in the tree. A unit moved
  under another parent later (``UnitPeriod``) is counted under its new parent on earlier dates too;
  members moved by a merger are right, since the restructuring services close and open their periods.
* **Admission**: a member counts from the (first) admission decision on, even when the period
  recorded from paper starts earlier.
* **Status on D** comes from the dates: official from ``official_on``; before the current admission
  decision (a re-admitted member's earlier membership) official; without an official date, the
  record's status. A re-admitted member's earlier official date is not kept by the record.
* **Other attributes** (sex, ethnicity, religion, education, theory) are the record's current values:
  corrections are not versioned. Ages and party ages are computed on D; party age counts from the
  first decision date without subtracting gaps (the member page shows the exact party age).
* **Flows** in a period (admissions, recognitions, transfers in and out of the subtree, departures by
  reason, deaths) are the member events dated in the period whose unit lies in the subtree; records
  entered from paper carry no admission or recognition event.

For D today or later the figures read the member records directly (status and unit path), which the
membership periods agree with (``chibo/reports/tests/test_statistics.py`` checks it, and checks past
dates against a naive reading of every period).

Speed (bench/reports.py, PostgreSQL, 5.6 M members): the member figures are one index-only scan of
the subtree index, which carries every column read here (``members.models.REPORTED_FIELDS``,
members 0012), each member classified once and hash-grouped by every dimension
(``REPORT_SETTINGS``: no sort, no JIT; ``MEMBER_SCAN_SETTINGS``: cached index pages); a past
date adds the periods opened or closed since D. Two partial indexes on ``members_memberunitperiod``
(``valid_from`` where ``valid_to`` is null, ``valid_to`` where it is not; members migration 0010)
keep a past date within 2× of today.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from dataclasses import fields as fields_of
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.utils.formats import number_format

from chibo.accounts.roles import Action
from chibo.core import regulations
from chibo.core.scoping import subtree_q, visible_to
from chibo.members.models import (
    LeaveReason,
    Member,
    MemberEvent,
    MemberStatus,
    MemberUnitPeriod,
    ProfessionalLevel,
    Sex,
    TheoryLevel,
)
from chibo.organizations.models import Unit, UnitLevel, UnitPeriod
from chibo.reports import aggregate
from chibo.reports.models import QualitySnapshot, SubmittedReport
from chibo.rules import organizations as org_rules
from chibo.rules.errors import RuleViolation

ACTIVE = (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL)
GRASSROOTS = (UnitLevel.DANG_BO_CO_SO, UnitLevel.CHI_BO_CO_SO)
CELLS = tuple(sorted(org_rules.CELLS))


# --- statistics ----------------------------------------------------------------------------------


def members_on(unit: Unit, day: date, *, history: bool | None = None) -> list[QuerySet[Member]]:
    """The members of ``unit``'s subtree on ``day`` (see the module's notes), with ``status_on``, as
    disjoint parts whose counts add up.

    From the history, a member of the subtree on ``day`` either (a) is in it now through an open
    membership period that began on or before ``day`` (the open period's unit is the record's unit,
    so the record's unit path and status tell), or (b) had a closed period covering ``day`` in it.
    Part (a) is the records minus the few periods opened since; part (b) is the few periods closed
    since: no join of every member with every period, so a past date costs about what today does.
    """
    if history is None:
        history = day < regulations.today()
    current = Member.objects.filter(subtree_q(unit.path, "unit_path"), status__in=ACTIVE)
    if not history:
        return [current.annotate(status_on=F("status"))]
    # an anti-join (NOT EXISTS), not NOT IN: PostgreSQL keeps the scan parallel
    opened_since = MemberUnitPeriod.objects.filter(
        member=OuterRef("pk"), valid_to__isnull=True, valid_from__gt=day
    )
    closed_covering = MemberUnitPeriod.objects.filter(
        subtree_q(unit.path, "unit__path"), valid_from__lte=day, valid_to__gt=day
    )
    status_on = Case(
        When(official_on__lte=day, then=Value(MemberStatus.OFFICIAL)),
        When(admitted_on__gt=day, then=Value(MemberStatus.OFFICIAL)),
        When(official_on__isnull=True, status=MemberStatus.OFFICIAL, then=Value(MemberStatus.OFFICIAL)),
        default=Value(MemberStatus.PROBATIONARY),
        output_field=CharField(),
    )
    admitted = (
        Q(first_admitted_on__lte=day)
        | Q(first_admitted_on__isnull=True, admitted_on__lte=day)
        | Q(admitted_on__isnull=True)  # unknown admission date: the period alone decides
    )
    parts = [
        current.filter(~Exists(opened_since)),
        Member.objects.filter(pk__in=closed_covering.values("member_id")),
    ]
    return [part.filter(admitted).annotate(status_on=status_on) for part in parts]


#: The values each coded dimension may take (anything else recorded counts as "unknown").
CODED = {
    "sex": {c for c, _label in Sex.choices},
    "education": {c for c, _label in ProfessionalLevel.choices},
    "theory": {c for c, _label in TheoryLevel.choices},
}


def _band_case(field: str, bands: dict[str, tuple[int, int | None]], day: date) -> Case:
    """The position of ``field``'s band on ``day`` in ``bands`` as one CASE (-1: no date, or after
    ``day``), so that each row is classified once rather than tested by every band. The bands
    follow each other, youngest first (chibo/reports/tests/test_aggregate.py checks it), so each
    one costs a single comparison; an integer groups faster than a label."""
    bounds = [aggregate.band_bounds(band, day) for band in bands.values()]
    whens = [When(Q(**{f"{field}__gt": bounds[0][1]}), then=Value(-1))]
    for i, (after, _up_to) in enumerate(bounds):
        condition = Q(**{f"{field}__gt": after}) if after is not None else Q(**{f"{field}__isnull": False})
        whens.append(When(condition, then=Value(i)))
    return Case(*whens, default=Value(-1), output_field=IntegerField())


def _band_label(position: int, bands: dict[str, tuple[int, int | None]]) -> str:
    return list(bands)[position] if position >= 0 else aggregate.UNKNOWN


#: The member columns a report groups by, with the report's name of each dimension.
GROUPED = {
    "ethnicity": "ethnicity",
    "religion": "religion",
    "sex": "sex",
    "education_professional": "education",
    "theory_level": "theory",
    "status_on": "status",
    "age": "age",
    "party_age": "party_age",
}


def _member_figures(parts: list[QuerySet[Member]], day: date) -> dict[str, Any]:
    """One pass over the members, each row classified once (its age and party-age bands by a CASE)
    and grouped by every dimension of the report: a hash aggregate of a few thousand groups at
    national scale, folded here. No sort and no per-member row leaves the database, whatever the
    size. (The second version counted each band and value with its own filtered count, ~45 tests
    of every row: 20–25% slower for the country, a little faster for a province; decision 13.)"""
    rows = [
        row
        for members in parts
        for row in members.annotate(party_from=Coalesce("first_admitted_on", "admitted_on"))
        .annotate(
            age=_band_case("birth_date", aggregate.AGE_BANDS, day),
            party_age=_band_case("party_from", aggregate.PARTY_AGE_BANDS, day),
        )
        .order_by()
        .values(*GROUPED)
        .annotate(n=Count("pk"))
    ]
    grouped: list[dict[str, Any]] = []
    identity: list[dict[str, Any]] = []
    for row in rows:
        values = {GROUPED[column]: value for column, value in row.items() if column in GROUPED}
        for name, known in CODED.items():
            if values[name] not in known:
                values[name] = aggregate.UNKNOWN
        values["age"] = _band_label(values["age"], aggregate.AGE_BANDS)
        values["party_age"] = _band_label(values["party_age"], aggregate.PARTY_AGE_BANDS)
        grouped.append({**values, "n": row["n"]})
        identity.append({"ethnicity": row["ethnicity"], "religion": row["religion"], "n": row["n"]})
    return aggregate.fold_member_rows(grouped, identity)


def _unit_figures(unit: Unit, day: date) -> dict[str, Any]:
    if day >= regulations.today():
        rows = (
            Unit.objects.filter(subtree_q(unit.path), dissolved_on__isnull=True)
            .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=day))
            .order_by()
            .values("level", "host_kind")
            .annotate(n=Count("pk"))
        )
    else:
        rows = (
            UnitPeriod.objects.filter(subtree_q(unit.path, "unit__path"), valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
            .order_by()
            .values("level", host_kind=F("unit__host_kind"))
            .annotate(n=Count("pk"))
        )
    by_level: dict[str, int] = {}
    by_host: dict[str, int] = {}
    for row in rows:
        by_level[row["level"]] = by_level.get(row["level"], 0) + row["n"]
        by_host[row["host_kind"]] = by_host.get(row["host_kind"], 0) + row["n"]
    return {
        "units_total": sum(by_level.values()),
        "grassroots_units": sum(by_level.get(level, 0) for level in GRASSROOTS),
        "cells": sum(by_level.get(level, 0) for level in CELLS),
        "units_by_level": by_level,
        "units_by_host_kind": by_host,
    }


FLOW_KINDS = (
    MemberEvent.Kind.ADMITTED,
    MemberEvent.Kind.READMITTED,
    MemberEvent.Kind.RECOGNISED,
    MemberEvent.Kind.TRANSFER_IN,
    MemberEvent.Kind.TRANSFER_OUT,
    MemberEvent.Kind.LEFT,
)


def _flows(unit: Unit, start: date, end: date) -> dict[str, Any]:
    """Events dated ``start``–``end`` (inclusive) in the subtree; transfers between two units of the
    subtree are neither in nor out of it."""
    rows = (
        MemberEvent.objects.filter(
            subtree_q(unit.path, "unit__path"),
            kind__in=FLOW_KINDS,
            effective_on__gte=start,
            effective_on__lte=end,
        )
        .annotate(
            inside=Case(
                When(subtree_q(unit.path, "other_unit__path"), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by()
        .values("kind", "inside", reason=F("details__reason"))
        .annotate(n=Count("pk"))
    )
    flows = {"admitted": 0, "readmitted": 0, "recognised": 0, "transferred_in": 0, "transferred_out": 0}
    left: dict[str, int] = {}
    names = {
        MemberEvent.Kind.ADMITTED: "admitted",
        MemberEvent.Kind.READMITTED: "readmitted",
        MemberEvent.Kind.RECOGNISED: "recognised",
        MemberEvent.Kind.TRANSFER_IN: "transferred_in",
        MemberEvent.Kind.TRANSFER_OUT: "transferred_out",
    }
    for row in rows:
        if row["kind"] == MemberEvent.Kind.LEFT:
            reason = str(row["reason"] or aggregate.UNKNOWN)
            left[reason] = left.get(reason, 0) + row["n"]
        elif row["kind"] in (MemberEvent.Kind.TRANSFER_IN, MemberEvent.Kind.TRANSFER_OUT) and row["inside"]:
            continue
        else:
            flows[names[row["kind"]]] += row["n"]
    return {**flows, "left": left, "left_total": sum(left.values()), "deaths": left.get(LeaveReason.DIED, 0)}


def statistics(
    *, unit: Unit, as_of: date, period_from: date | None = None, period_to: date | None = None
) -> dict[str, Any]:
    """The statistics report of ``unit``'s subtree on ``as_of``, with the flows of the period
    (default: 1 January of ``as_of``'s year to ``as_of``). Plain values, ready for JSON."""
    start = period_from or date(as_of.year, 1, 1)
    end = period_to or as_of
    with _report_session():
        return _statistics(unit, as_of, start, end)


#: Planner settings of the report's transaction on PostgreSQL (measured by bench/reports.py):
#: - no JIT: compiling the national report's expressions costs more than it saves;
#: - no sort: the planner multiplies the distinct values of the eight grouped columns (559,000
#:   groups estimated at national scale, 7,310 real) and would sort 5.6 million rows on disk
#:   (13.8 s) instead of hashing them in 2 MB (2.7 s); none of the report's queries asks for order;
#: - parallel index scans of a large subtree: the rows go to an aggregate, so handing them to the
#:   leader costs little; a province of 161,000 members 96–104 ms instead of 132–168 ms, while a
#:   small unit's plan stays serial (the setup cost still outweighs its few rows);
REPORT_SETTINGS = {
    "jit": "off",
    "enable_sort": "off",
    "parallel_tuple_cost": "0.001",
    "min_parallel_index_scan_size": "0",
}
#: For the member figures' scan only: index pages priced as the cache holds them (the usual value
#: for SSDs and a database in memory). The subtree index carries every column that query reads
#: (members 0012); with the default 4 the planner scans the whole 1.4 GB table for the country
#: instead (2.3 s against 1.9 s). Not for the flows and units: cheap index reads would tempt the
#: planner into nested loops over years of member events read from disk.
MEMBER_SCAN_SETTINGS = {"random_page_cost": "1.1"}


@contextmanager
def _report_session() -> Iterator[None]:
    """The report's queries in their own transaction (a savepoint inside a wider one) with
    ``REPORT_SETTINGS`` (PostgreSQL only). The report only reads, so the block is rolled back at
    the end: ``SET LOCAL`` ends with it even inside a wider transaction (a service submitting a
    report), whether the report finished or raised."""
    if connection.vendor != "postgresql":
        yield
        return
    settings = ", ".join("set_config(%s, %s, true)" for _ in REPORT_SETTINGS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT {settings}", [v for pair in REPORT_SETTINGS.items() for v in pair])
        yield
        transaction.set_rollback(True)


@contextmanager
def _member_scan() -> Iterator[None]:
    """``MEMBER_SCAN_SETTINGS`` for the queries inside the block, then the values before it, inside
    ``_report_session`` (whose rollback also ends them should a query raise)."""
    if connection.vendor != "postgresql":
        yield
        return
    ((name, value),) = MEMBER_SCAN_SETTINGS.items()
    with connection.cursor() as cursor:
        # the subquery (OFFSET 0: never merged into the outer one) reads the value before it is set
        cursor.execute(
            "SELECT before, set_config(%s, %s, true) FROM (SELECT current_setting(%s) AS before OFFSET 0) b",
            [name, value, name],
        )
        before = cursor.fetchone()[0]
        yield
        cursor.execute("SELECT set_config(%s, %s, true)", [name, before])


def _statistics(unit: Unit, as_of: date, start: date, end: date) -> dict[str, Any]:
    with _member_scan():
        members = _member_figures(members_on(unit, as_of), as_of)
    return {
        "unit": unit.code,
        "unit_name": unit.name,
        "as_of": as_of.isoformat(),
        "period_from": start.isoformat(),
        "period_to": end.isoformat(),
        **members,
        **_unit_figures(unit, as_of),
        "flows": _flows(unit, start, end),
    }


def report_units(*, user: Any) -> QuerySet[Unit]:
    """Units whose statistics the user may read."""
    return visible_to(Unit.objects.all(), user, Action.VIEW)


def submitted_list(*, user: Any, within: Unit | None = None) -> QuerySet[SubmittedReport]:
    reports = visible_to(SubmittedReport.objects.select_related("unit", "submitted_by"), user, Action.VIEW)
    if within is not None:
        reports = reports.filter(subtree_q(within.path, "unit__path"))
    return reports.order_by("-submitted_at", "-id")


@dataclass
class SubmittedView:
    report: SubmittedReport
    current: dict[str, Any]
    differences: list[tuple[str, int, int]]


def submitted_against_now(report: SubmittedReport) -> SubmittedView:
    """The submitted (frozen) figures beside a fresh computation with the same dates."""
    current = statistics(
        unit=report.unit, as_of=report.as_of, period_from=report.period_from, period_to=report.period_to
    )
    return SubmittedView(report, current, aggregate.differences(report.figures, current))


# --- data quality ----------------------------------------------------------------------------------

#: Fields every active member's record should hold (lý lịch and sổ danh sách, DOMAIN.md §11 [S51,
#: S51b]; CCCD keys the national database [S54]). Official members also need the official date and
#: the card number (the card is issued after recognition [S53]).
REQUIRED_FIELDS = (
    "birth_date",
    "sex",
    "ethnicity",
    "home_town",
    "cccd",
    "education_general",
    "education_professional",
    "theory_level",
    "admitted_on",
    "profile_number",
)
OFFICIAL_FIELDS = ("official_on", "card_number")
DATE_FIELDS = ("birth_date", "admitted_on", "ceremony_on", "official_on")

PROBLEM_KINDS = (
    "cccd_duplicate",
    "name_birth_duplicate",
    "no_unit",
    "birth_after_admission",
    "admitted_under_18",
    "ceremony_before_admission",
    "official_before_admission",
    "future_date",
)


def _filled(field: str) -> Q:
    if field in DATE_FIELDS:
        return Q(**{f"{field}__isnull": False})
    return ~Q(**{field: ""})


def completeness(unit: Unit) -> list[dict[str, Any]]:
    """Per required field: how many active members of the subtree have it filled, in one query."""
    members = Member.objects.filter(subtree_q(unit.path, "unit_path"), status__in=ACTIVE)
    official = Q(status=MemberStatus.OFFICIAL)
    counts = members.aggregate(
        total=Count("pk"),
        official_total=Count("pk", filter=official),
        **{f: Count("pk", filter=_filled(f)) for f in REQUIRED_FIELDS},
        **{f: Count("pk", filter=official & _filled(f)) for f in OFFICIAL_FIELDS},
    )
    rows = []
    for field in (*REQUIRED_FIELDS, *OFFICIAL_FIELDS):
        of = counts["official_total"] if field in OFFICIAL_FIELDS else counts["total"]
        rows.append(
            {
                "field": field,
                "label": str(Member._meta.get_field(field).verbose_name),
                "filled": counts[field],
                "of": of,
                "percent": round(100 * counts[field] / of, 1) if of else 100.0,
            }
        )
    return rows


def _yyyymmdd(field: str) -> Any:
    return ExtractYear(field) * 10000 + ExtractMonth(field) * 100 + ExtractDay(field)


def _problem_querysets(unit: Unit) -> dict[str, QuerySet[Member]]:
    """Per problem kind, the members of the subtree showing it (active members; the CCCD duplicates
    also look at members who left: the same person recorded again)."""
    now = regulations.today()
    subtree = Member.objects.filter(subtree_q(unit.path, "unit_path"))
    active = subtree.filter(status__in=ACTIVE)
    cccd_twice = (
        subtree.exclude(cccd="")
        .order_by()
        .values("cccd")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("cccd")
    )
    # active members of the subtree sharing their folded name and birth date with another: one
    # window over the subtree, partitioned by the pair (a grouped subquery run once per member,
    # then an EXISTS semi-join, were slower: decision 13)
    namesakes = Window(Count("pk"), partition_by=[F("name_folded"), F("birth_date")])
    twins = active.filter(birth_date__isnull=False).annotate(namesakes=namesakes).filter(namesakes__gt=1)
    open_period = MemberUnitPeriod.objects.filter(member=OuterRef("pk"), valid_to__isnull=True)
    age_at_admission = _yyyymmdd("admitted_on") - _yyyymmdd("birth_date")
    future = Q()
    for field in DATE_FIELDS:
        future |= Q(**{f"{field}__gt": now})
    return {
        "cccd_duplicate": subtree.filter(cccd__in=cccd_twice),
        "name_birth_duplicate": active.filter(pk__in=twins.values("pk")),
        "no_unit": active.filter(
            Q(unit__dissolved_on__isnull=False)
            | ~Q(unit__level__in=sorted(org_rules.MEMBER_LEVELS))
            | ~Exists(open_period)
        ),
        "birth_after_admission": active.filter(birth_date__gte=F("admitted_on")),
        "admitted_under_18": active.annotate(age_at=age_at_admission).filter(
            birth_date__lt=F("admitted_on"), age_at__lt=180000
        ),
        "ceremony_before_admission": active.filter(ceremony_on__lt=F("admitted_on")),
        "official_before_admission": active.filter(official_on__lt=F("admitted_on")),
        "future_date": active.filter(future),
    }


@dataclass
class Problem:
    kind: str
    member_id: int
    name: str
    unit_code: str
    detail: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.member_id}"


def _detail(kind: str, m: dict[str, Any]) -> str:
    fields = {
        "cccd_duplicate": ("cccd",),
        "name_birth_duplicate": ("birth_date",),
        "no_unit": (),
        "birth_after_admission": ("birth_date", "admitted_on"),
        "admitted_under_18": ("birth_date", "admitted_on"),
        "ceremony_before_admission": ("admitted_on", "ceremony_on"),
        "official_before_admission": ("admitted_on", "official_on"),
        "future_date": DATE_FIELDS,
    }[kind]
    # the CCCD is sensitive (Decree 13/2023): its last three digits tell the pairs apart; the
    # member's page shows it whole, to those who may read it, and audits the reading
    return " · ".join(
        f"{name}={_masked(m[name]) if name == 'cccd' else m[name]}" for name in fields if m.get(name)
    )


def _masked(cccd: str) -> str:
    return "•" * max(len(cccd) - 3, 0) + cccd[-3:]


def check_quality_size(unit: Unit) -> None:
    """Refuse (``quality.too_large``) a subtree with more active members than
    ``CHIBO_QUALITY_MAX_MEMBERS``: its check would outlast a request (the whole country takes
    80–90 s). One count on the (unit_path, status) index, stopped just past the limit."""
    limit = settings.CHIBO_QUALITY_MAX_MEMBERS
    members = Member.objects.filter(subtree_q(unit.path, "unit_path"), status__in=ACTIVE)
    if members[: limit + 1].count() > limit:
        raise RuleViolation(
            "quality.too_large", unit=unit.code, limit=number_format(limit, force_grouping=True)
        )


def quality(unit: Unit, *, limit: int | None = 200) -> dict[str, Any]:
    """The data quality of ``unit``'s subtree: completeness, counts and the first ``limit`` problems
    of each kind (every problem when ``limit`` is None), unit by unit in roster order."""
    counts: dict[str, int] = {}
    problems: list[Problem] = []
    columns = ("pk", "full_name", "unit__code", "cccd", *DATE_FIELDS)
    for kind, members in _problem_querysets(unit).items():
        # one pass per kind: the count rides on the rows (a window over the matches), and the
        # order is unit, then name, so that the database walks only the subtree's part of the
        # (unit_path, name_sort) index; in roster order alone PostgreSQL walked the whole
        # country's name index looking for 200 rare matches (a province took 3 minutes)
        rows = (
            members.annotate(matches=Window(Count("pk")))
            .order_by("unit_path", "name_sort", "pk")
            .values(*columns, "matches")
        )
        fetched = list(rows if limit is None else rows[:limit])
        counts[kind] = fetched[0]["matches"] if fetched else 0
        for m in fetched:
            problems.append(Problem(kind, m["pk"], m["full_name"], m["unit__code"], _detail(kind, m)))
    return {
        "unit": unit.code,
        "completeness": completeness(unit),
        "counts": counts,
        "problems_total": sum(counts.values()),
        "problems": problems,
    }


def quality_result(unit: Unit) -> dict[str, Any]:
    """``quality`` of any size as plain values, as a background run keeps it (field labels are
    added when shown, in the reader's language)."""
    found = quality(unit, limit=200)
    return {
        "completeness": [{k: v for k, v in row.items() if k != "label"} for row in found["completeness"]],
        "counts": found["counts"],
        "problems_total": found["problems_total"],
        "problems": [asdict(problem) for problem in found["problems"]],
    }


def quality_from_result(result: dict[str, Any]) -> dict[str, Any]:
    """A kept result (``quality_result``) in the shape of ``quality``, for the same page. Fields
    and problem kinds that no longer exist are left out (a result outlives code changes)."""
    fields = {f.name for f in Member._meta.get_fields()}
    completeness = [
        {**row, "label": str(Member._meta.get_field(row["field"]).verbose_name)}
        for row in result.get("completeness", [])
        if row.get("field") in fields
    ]
    columns = {f.name for f in fields_of(Problem)}
    problems = [
        Problem(**{k: v for k, v in row.items() if k in columns})
        for row in result.get("problems", [])
        if row.get("kind") in PROBLEM_KINDS and columns <= row.keys()
    ]
    return {
        "completeness": completeness,
        "counts": {kind: result.get("counts", {}).get(kind, 0) for kind in PROBLEM_KINDS},
        "problems_total": result.get("problems_total", 0),
        "problems": problems,
    }


def problem_keys(unit: Unit) -> list[str]:
    """Every open problem of the subtree as ``"<kind>:<member id>"`` (for a campaign snapshot)."""
    keys: list[str] = []
    for kind, members in _problem_querysets(unit).items():
        keys += [f"{kind}:{pk}" for pk in members.order_by().values_list("pk", flat=True)]
    return sorted(set(keys))


def snapshot_list(*, user: Any, unit: Unit) -> QuerySet[QualitySnapshot]:
    return visible_to(QualitySnapshot.objects.select_related("taken_by"), user, Action.VIEW).filter(unit=unit)


def campaign(snapshot: QualitySnapshot, current_keys: list[str]) -> dict[str, Any]:
    return aggregate.campaign_progress(snapshot.problems, current_keys)
