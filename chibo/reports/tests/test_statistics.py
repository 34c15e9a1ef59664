"""The statistics report: figures against counts made independently, as of past dates across
transfers and departures, flows of a period, units by level, query counts."""

from __future__ import annotations

import random
from collections import Counter
from contextlib import nullcontext
from datetime import date, timedelta

import pytest

from chibo.core.testing import make_unit
from chibo.members import services as mem
from chibo.members.models import Member
from chibo.reports import aggregate, selectors
from chibo.rules.party_age import add_months

pytestmark = pytest.mark.django_db

ON = date(2024, 6, 30)


def _spec(name: str, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("admitted_on", date(2010, 1, 1))
    status = kw.pop("status", "official")
    if status == "official":
        kw.setdefault("official_on", date(2011, 1, 1))
    return mem.MemberSpec(name, status, **kw)


def _random_members(tree, count: int, seed: int = 7) -> list[Member]:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    made = []
    for i in range(count):
        official = rng.random() < 0.8
        admitted = date(rng.randint(1975, 2023), rng.randint(1, 12), rng.randint(1, 28))
        birth = date(admitted.year - rng.randint(18, 40), rng.randint(1, 12), rng.randint(1, 28))
        spec = mem.MemberSpec(
            f"Người Thử {i}",
            "official" if official else "probationary",
            birth_date=birth,
            sex=rng.choice(["M", "F", ""]),
            admitted_on=admitted,
            official_on=date(admitted.year + 1, admitted.month, admitted.day) if official else None,
            ethnicity=rng.choice(["Kinh", "Kinh", "Tày", "Thái", "Mường"]),
            religion=rng.choice(["", "", "", "Phật giáo", "Công giáo"]),
            education_professional=rng.choice(["", "bachelor", "master", "college"]),
            theory_level=rng.choice(["", "elementary", "intermediate", "advanced"]),
        )
        made.append(mem.member_create(actor=None, unit=tree.a1, spec=spec, joined_on=date(2015, 1, 1)))
    return made


def _expected(members: list[Member], on: date) -> dict[str, int]:
    """The headline figures counted in Python, member by member."""
    counts: Counter[str] = Counter()
    for m in members:
        counts["members_total"] += 1
        counts[m.status] += 1
        counts["female"] += m.sex == "F"
        counts["ethnic_minority"] += m.ethnicity != "Kinh"
        counts["religious"] += bool(m.religion)
        age = aggregate.completed_years(m.birth_date, on)
        counts["under_30"] += age is not None and age < 30
    return counts


def test_figures_match_counts_made_member_by_member(tree):
    # given 60 members of known attributes in A1 (plus the tree's 5)
    made = _random_members(tree, 60)
    everyone = list(Member.objects.filter(unit_path__startswith=tree.a.path).exclude(status="left"))
    # when
    report = selectors.statistics(unit=tree.a, as_of=selectors.regulations.today())
    # then
    expected = _expected(everyone, selectors.regulations.today())
    for name in (
        "members_total",
        "official",
        "probationary",
        "female",
        "ethnic_minority",
        "religious",
        "under_30",
    ):
        assert report[name] == expected[name], name
    assert report["members_total"] == 65 and len(made) == 60
    by_theory = Counter(m.theory_level or "unknown" for m in everyone)
    assert report["by_theory"] == dict(by_theory)
    by_party_age = Counter(
        aggregate.band_of(
            aggregate.completed_years(m.first_admitted_on or m.admitted_on, selectors.regulations.today()),
            aggregate.PARTY_AGE_BANDS,
        )
        for m in everyone
    )
    assert {k: v for k, v in report["by_party_age"].items() if v} == dict(by_party_age)
    assert sum(report["by_age"].values()) == 65
    assert report["by_ethnicity"]["Kinh"] == sum(m.ethnicity == "Kinh" for m in everyone)


@pytest.mark.parametrize("history", [False, True])
@pytest.mark.parametrize("on", [date(2024, 2, 29), date(2025, 2, 28), date(2025, 12, 31), date(2026, 1, 1)])
def test_every_band_and_value_matches_a_count_made_member_by_member(tree, on, history):
    """Birthdays and admission anniversaries on the report date, the day before and after, leap
    days, a birth date after the report date, unknown values: each member lands in the band and
    value that counting one by one gives."""
    # (the history path reads the membership periods: these members joined in 1950)
    cell = make_unit(tree.a, "A8", "chi_bo")
    # given members born and admitted exactly 30, 40, 70 (and 5, 10, 40) years before ``on`` ± 1 day
    specs: list[tuple[date | None, date | None]] = []
    for shift in (-1, 0, 1):
        for years in (29, 30, 39, 40, 69, 70, 90):  # ages
            born = add_months(on, -12 * years) + timedelta(days=shift)
            specs.append((born, add_months(born, 12 * 20)))
        for years in (1, 4, 5, 9, 10, 19, 20, 39, 40):  # party ages
            specs.append((date(1950, 1, 1), add_months(on, -12 * years) + timedelta(days=shift)))
    specs += [(date(1960, 2, 29), date(2020, 2, 29)), (on + timedelta(days=3), None), (None, None)]
    for i, (born, admitted) in enumerate(specs):
        mem.member_create(
            actor=None,
            unit=cell,
            spec=_spec(
                f"Biên {i}",
                birth_date=born,
                admitted_on=admitted,
                official_on=None,
                status="probationary",
                education_professional=["", "bachelor", "phd"][i % 3],
                theory_level=["advanced", ""][i % 2],
                sex=["M", "F", ""][i % 3],
            ),
            joined_on=date(1950, 1, 1),
        )
    everyone = list(Member.objects.filter(unit=cell))
    # when
    report = selectors._member_figures(selectors.members_on(cell, on, history=history), on)
    # then
    ages = Counter(
        aggregate.band_of(aggregate.completed_years(m.birth_date, on), aggregate.AGE_BANDS) for m in everyone
    )
    party_ages = Counter(
        aggregate.band_of(
            aggregate.completed_years(m.first_admitted_on or m.admitted_on, on), aggregate.PARTY_AGE_BANDS
        )
        for m in everyone
    )
    assert {k: v for k, v in report["by_age"].items() if v} == dict(ages)
    assert {k: v for k, v in report["by_party_age"].items() if v} == dict(party_ages)
    assert report["by_sex"] == dict(Counter(m.sex or "unknown" for m in everyone))
    known = {"bachelor"}  # "phd" is not a level of the register: it counts as unknown
    education = Counter(e if e in known else "unknown" for e in (m.education_professional for m in everyone))
    assert report["by_education"] == dict(education)
    assert report["by_theory"] == dict(Counter(m.theory_level or "unknown" for m in everyone))
    assert report["by_status"] == dict(Counter(m.status for m in everyone))
    assert ages["unknown"] >= 2  # born after the date, and no birth date


def test_history_path_agrees_with_the_records_today(tree):
    _random_members(tree, 20)
    day = selectors.regulations.today()
    fast = selectors._member_figures(selectors.members_on(tree.a, day, history=False), day)
    slow = selectors._member_figures(selectors.members_on(tree.a, day, history=True), day)
    assert fast == slow
    assert fast["members_total"] == 25


def test_as_of_past_dates_across_transfers_and_departures(tree, board):
    # given a member of A1 (since 2015) moved to B1 on 1/3/2024, and one who died on 1/5/2024
    moved, dead = list(Member.objects.filter(unit=tree.a1, status="official").order_by("pk"))[:2]
    mem.member_transfer_internal(actor=board, member=moved, to_unit=tree.b1, effective_on=date(2024, 3, 1))
    mem.member_leave(actor=board, member=dead, reason="died", on=date(2024, 5, 1))
    # then: before both events A counts 4 (its probationary member was admitted in 2025) and B 3
    before = selectors.statistics(unit=tree.a, as_of=date(2024, 2, 29))
    assert (before["members_total"], before["official"], before["probationary"]) == (4, 4, 0)
    assert selectors.statistics(unit=tree.b, as_of=date(2024, 2, 29))["members_total"] == 3
    # on the transfer day the member counts in B, no longer in A
    on_move = selectors.statistics(unit=tree.a, as_of=date(2024, 3, 1))
    assert on_move["members_total"] == 3
    assert selectors.statistics(unit=tree.b, as_of=date(2024, 3, 1))["members_total"] == 4
    # the day before the death the member counts, on the day not
    assert selectors.statistics(unit=tree.a, as_of=date(2024, 4, 30))["members_total"] == 3
    after = selectors.statistics(unit=tree.a, as_of=date(2024, 5, 1), period_from=date(2024, 1, 1))
    assert after["members_total"] == 2
    # in 2025 the probationary member counts
    assert selectors.statistics(unit=tree.a, as_of=date(2025, 1, 1))["by_status"] == {
        "official": 2,
        "probationary": 1,
    }
    # the root sees the move inside its subtree as neither in nor out
    flows_a = after["flows"]
    assert (flows_a["transferred_out"], flows_a["transferred_in"], flows_a["deaths"]) == (1, 0, 1)
    assert flows_a["left"] == {"died": 1}
    root = selectors.statistics(unit=tree.root, as_of=date(2024, 5, 1), period_from=date(2024, 1, 1))
    assert (root["flows"]["transferred_out"], root["flows"]["transferred_in"]) == (0, 0)
    assert root["members_total"] == 6
    # before the records were entered (2015) nobody counts
    assert selectors.statistics(unit=tree.root, as_of=date(2014, 12, 31))["members_total"] == 0


def test_status_on_a_past_date_comes_from_the_official_date(tree, board):
    m = mem.member_create(
        actor=None,
        unit=tree.a1,
        spec=_spec("Lê Văn Hai", admitted_on=date(2023, 1, 10), official_on=date(2024, 1, 10)),
    )
    assert m.status == "official"
    past = selectors.statistics(unit=tree.a1, as_of=date(2023, 6, 1))
    # the tree's 4 official members, and this one still on probation (the 5th is admitted in 2025)
    assert (past["members_total"], past["official"], past["probationary"]) == (5, 4, 1)
    later = selectors.statistics(unit=tree.a1, as_of=date(2024, 1, 10))
    assert (later["official"], later["probationary"]) == (5, 0)


def test_admissions_and_recognitions_of_the_period(tree, board):
    admitted = mem.member_admit(
        actor=board, unit=tree.a1, spec=_spec("Mới Vào", status="probationary", admitted_on=date(2024, 2, 1))
    )
    mem.member_admit(
        actor=board, unit=tree.b1, spec=_spec("Ở B", status="probationary", admitted_on=date(2024, 2, 1))
    )
    report = selectors.statistics(unit=tree.a, as_of=date(2024, 12, 31), period_from=date(2024, 1, 1))
    assert report["flows"]["admitted"] == 1
    assert selectors.statistics(unit=tree.a, as_of=date(2024, 1, 31))["flows"]["admitted"] == 0
    assert admitted.status == "probationary"


def test_units_by_level_and_host_kind_as_of(tree):
    make_unit(tree.a, "A2", "chi_bo", host_kind="commune", founded_on=date(2020, 1, 1))
    now = selectors.statistics(unit=tree.root, as_of=selectors.regulations.today())
    assert now["units_by_level"] == {"upper": 1, "dang_bo_co_so": 2, "chi_bo": 3}
    assert (now["grassroots_units"], now["cells"], now["units_total"]) == (2, 3, 6)
    assert now["units_by_host_kind"]["commune"] == 1
    past = selectors.statistics(unit=tree.root, as_of=date(2019, 12, 31))
    assert past["units_by_level"] == {"upper": 1, "dang_bo_co_so": 2, "chi_bo": 2}


def test_the_report_costs_the_same_queries_whatever_the_size(tree, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _random_members(tree, 5)
    with CaptureQueriesContext(connection) as small:
        selectors.statistics(unit=tree.root, as_of=date(2024, 6, 30))
    # 4 reads (+ on PostgreSQL the settings, the member scan's setting and its reset, and in this
    # test's transaction a savepoint, rolled back and released)
    assert len(small) <= 10
    _random_members(tree, 30, seed=3)
    make_unit(tree.a, "A3", "chi_bo")
    with django_assert_num_queries(len(small)):
        selectors.statistics(unit=tree.root, as_of=date(2024, 6, 30))


@pytest.mark.parametrize("on", [None, date(2024, 6, 30)])
def test_the_member_figures_read_only_columns_of_the_subtree_index(tree, on):
    """Every member column the report reads, today and on a past date, is in the subtree index
    (members 0012: key unit_path, status; REPORTED_FIELDS included), so that PostgreSQL answers the
    report from the index alone instead of reading every member's whole record. A dimension added
    to the report must be added to the index too."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chibo.members.models import REPORTED_FIELDS

    _random_members(tree, 3)
    with CaptureQueriesContext(connection) as queries:
        selectors.statistics(unit=tree.root, as_of=on or selectors.regulations.today())
    read = {
        column
        for query in queries.captured_queries
        for column in re.findall(r'"members_member"\."(\w+)"', query["sql"])
    }
    assert {"ethnicity", "birth_date", "unit_path"} <= read  # the report's own columns are seen
    assert read <= {"unit_path", "status", *REPORTED_FIELDS}


def test_past_figures_match_the_periods_read_one_by_one(tree, board):
    """The two-part history query against a naive reading of every membership period."""
    from chibo.members.models import MemberUnitPeriod

    made = _random_members(tree, 12, seed=11)
    mem.member_transfer_internal(actor=board, member=made[0], to_unit=tree.b1, effective_on=date(2024, 3, 1))
    mem.member_transfer_internal(actor=board, member=made[1], to_unit=tree.b1, effective_on=date(2024, 4, 1))
    mem.member_transfer_internal(actor=board, member=made[1], to_unit=tree.a1, effective_on=date(2024, 9, 1))
    mem.member_leave(actor=board, member=made[2], reason="expelled", on=date(2024, 6, 1))
    late = mem.member_create(actor=None, unit=tree.a1, spec=_spec("Vào Muộn"), joined_on=date(2024, 8, 1))
    assert late.pk
    members = {m.pk: m for m in Member.objects.all()}
    for day in (
        date(2014, 1, 1),
        date(2024, 2, 1),
        date(2024, 3, 1),
        date(2024, 5, 31),
        date(2024, 6, 1),
        date(2024, 8, 15),
        date(2024, 10, 1),
    ):
        expected: Counter[str] = Counter()
        for p in MemberUnitPeriod.objects.select_related("unit"):
            m = members[p.member_id]
            covers = p.valid_from <= day and (p.valid_to is None or p.valid_to > day)
            admitted = (m.first_admitted_on or m.admitted_on) is None or (
                m.first_admitted_on or m.admitted_on
            ) <= day
            if covers and admitted and p.unit.path.startswith(tree.a.path):
                expected["members_total"] += 1
                expected["official"] += bool(m.official_on and m.official_on <= day)
        report = selectors.statistics(unit=tree.a, as_of=day)
        assert (report["members_total"], report["official"]) == (
            expected["members_total"],
            expected["official"],
        ), day


@pytest.mark.parametrize("fails", [False, True])
def test_the_planner_settings_hold_for_the_report_only(fails):
    """On PostgreSQL the report runs without sorts and JIT (REPORT_SETTINGS); inside a wider
    transaction (this test's) the settings end with the report, whether it finished or raised,
    so the queries that follow do not inherit them. Elsewhere the report changes no setting."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        with CaptureQueriesContext(connection) as queries, selectors._report_session():
            pass
        assert len(queries) == 0
        return

    def show(name: str) -> str:
        with connection.cursor() as cursor:
            cursor.execute(f"SHOW {name}")
            return cursor.fetchone()[0]

    outside = {name: show(name) for name in selectors.REPORT_SETTINGS}
    inside = {}
    with pytest.raises(ZeroDivisionError) if fails else nullcontext(), selectors._report_session():
        inside = {name: show(name) for name in selectors.REPORT_SETTINGS}
        if fails:
            print(1 / 0)
    assert inside == selectors.REPORT_SETTINGS
    assert {name: show(name) for name in selectors.REPORT_SETTINGS} == outside != inside


def test_cached_index_pages_are_assumed_for_the_member_scan_only(tree):
    """On PostgreSQL the member figures' query runs with MEMBER_SCAN_SETTINGS and the units' and
    flows' queries with the values before it; elsewhere no setting is touched."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _random_members(tree, 3)
    with CaptureQueriesContext(connection) as captured:
        selectors.statistics(unit=tree.root, as_of=selectors.regulations.today())
    queries = [q["sql"] for q in captured.captured_queries]
    members = next(i for i, sql in enumerate(queries) if 'FROM "members_member"' in sql)
    units = next(i for i, sql in enumerate(queries) if 'FROM "organizations_unit"' in sql)
    events = next(i for i, sql in enumerate(queries) if 'FROM "members_memberevent"' in sql)
    setting = [i for i, sql in enumerate(queries) if "random_page_cost" in sql]
    if connection.vendor != "postgresql":
        assert setting == []
        return
    assert len(setting) == 2 and setting[0] < members < setting[1] < min(units, events)

    def show() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW random_page_cost")
            return cursor.fetchone()[0]

    outside = show()
    with selectors._report_session():
        with selectors._member_scan():
            assert show() == selectors.MEMBER_SCAN_SETTINGS["random_page_cost"] != outside
        assert show() == outside
