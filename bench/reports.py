"""Benchmark of the statistics report (chibo/reports) on PostgreSQL at national scale.

Uses the national preset database of ``bench/national.py`` (BENCH_PG_URL, default
postgres://postgres@127.0.0.1:5432/chibo_bench; loaded there once, which takes long) and reports,
on the same data, the full report (``chibo.reports.selectors.statistics``: every figure of the page,
the command and the API) beside one hand-written SQL per figure:

- the whole country as of today (target ≤ 2 s);
- a subtree of about 78,000 members (target ≤ 100 ms): the province closest to that size (the
  preset's smallest holds 161,000), and the whole tree of the national preset loaded at the scale
  that gives 78,000 members, in its own database (BENCH_PG_URL + "_78k", loaded once);
- both as of a past date, from the membership history (target within 2× of today's).

The past date defaults to 2026-09-30: the preset's records start on its JOINED_ON (2026-06-01), so an
earlier date finds no member (see the module notes of chibo/reports/selectors.py). Medians in
milliseconds; nothing asserts. BENCH_REPEAT sets the repetitions (default 5). The figures depend on
the server's shared_buffers (printed): the report reads the subtree index (620 MB nationally), which
stays in PostgreSQL's buffers only when they are larger than it (Debian's default is 128 MB; 4 GB,
a quarter of this machine's memory, was used for the figures in docs/decisions/0013). The report runs
with JIT off (its own session setting, chibo.reports.selectors); the hand-written SQL runs with the
server's defaults.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from chibo.core.regulations import today
from chibo.core.scoping import path_upper_bound
from chibo.members.models import Member, MemberEvent, MemberUnitPeriod
from chibo.organizations.models import Unit
from chibo.reports import aggregate, selectors

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
PAST = date.fromisoformat(os.environ.get("BENCH_REPORT_PAST", "2026-09-30"))
TARGET_SUBTREE = 78_000

M, P, U, E = (m._meta.db_table for m in (Member, MemberUnitPeriod, Unit, MemberEvent))


def _members_sql(day: date | None) -> str:
    """The FROM/WHERE of the members of a subtree (today: the records; a past day: the periods)."""
    if day is None:
        return f"FROM {M} m WHERE m.unit_path >= %s AND m.unit_path < %s AND m.status <> 'left'"
    return (
        f"FROM {M} m WHERE m.id IN (SELECT p.member_id FROM {P} p JOIN {U} u ON u.id = p.unit_id "  # noqa: S608
        "WHERE u.path >= %s AND u.path < %s AND p.valid_from <= %s "
        "AND (p.valid_to IS NULL OR p.valid_to > %s)) "
        "AND COALESCE(m.first_admitted_on, m.admitted_on, %s) <= %s"
    )


def hand_sql(lo: str, hi: str, day: date) -> list[tuple[str, str, list]]:  # type: ignore[type-arg]
    """One hand-written statement per figure group, as a DBA would ask it."""
    past = day < today()
    where = _members_sql(day if past else None)
    base = [lo, hi, day, day, day, day] if past else [lo, hi]
    under30 = aggregate.band_bounds(aggregate.AGE_BANDS["under_30"], day)[1]
    status = (
        "CASE WHEN m.official_on <= %s OR m.admitted_on > %s "
        "OR (m.official_on IS NULL AND m.status = 'official') THEN 'official' ELSE 'probationary' END"
        if past
        else "m.status"
    )
    status_params = [day, day] if past else []
    return [
        ("members by status", f"SELECT {status}, COUNT(*) {where} GROUP BY 1", status_params + base),
        ("women", f"SELECT COUNT(*) {where} AND m.sex = 'F'", base),
        ("ethnic minorities", f"SELECT COUNT(*) {where} AND m.ethnicity NOT IN ('', 'Kinh')", base),
        ("with a religion", f"SELECT COUNT(*) {where} AND m.religion <> ''", base),
        ("under 30", f"SELECT COUNT(*) {where} AND m.birth_date > %s", [*base, under30]),
        ("by ethnicity", f"SELECT m.ethnicity, COUNT(*) {where} GROUP BY 1", base),
        ("by education", f"SELECT m.education_professional, COUNT(*) {where} GROUP BY 1", base),
        ("by theory", f"SELECT m.theory_level, COUNT(*) {where} GROUP BY 1", base),
        (
            "units by level and host kind",
            f"SELECT level, host_kind, COUNT(*) FROM {U} WHERE path >= %s AND path < %s "  # noqa: S608
            "AND dissolved_on IS NULL GROUP BY 1, 2",
            [lo, hi],
        ),
        (
            "flows of the year",
            f"SELECT e.kind, COUNT(*) FROM {E} e JOIN {U} u ON u.id = e.unit_id WHERE u.path >= %s "  # noqa: S608
            "AND u.path < %s AND e.kind IN ('admitted', 'readmitted', 'recognised', 'transfer_in', "
            "'transfer_out', 'left') AND e.effective_on BETWEEN %s AND %s GROUP BY 1",
            [lo, hi, date(day.year, 1, 1), day],
        ),
    ]


def subtree_near(size: int) -> Unit:
    """The province (a unit right under the root) whose subtree holds the number of active members
    closest to ``size``. The national preset has no province near 78,000 members (34 provinces of
    about 165,000; the next level holds a few hundred), so this is the smallest province: the figure
    is for about twice the size the target names."""
    root = Unit.objects.get(code="VN")
    best: tuple[int, str] | None = None
    for depth in (len(root.path) + Unit.steplen,):
        rows = (
            Member.objects.exclude(status="left")
            .extra(select={"prefix": f"substr(unit_path, 1, {depth})"})  # noqa: S610
            .values("prefix")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            if best is None or abs(row["n"] - size) < best[0]:
                best = (abs(row["n"] - size), row["prefix"])
    assert best is not None
    return Unit.objects.get(path=best[1])


def run(unit: Unit, day: date, label: str) -> None:
    lo, hi = unit.path, path_upper_bound(unit.path) or "~"
    ms = national.median_ms(lambda: selectors.statistics(unit=unit, as_of=day), repeat=REPEAT)
    report = selectors.statistics(unit=unit, as_of=day)
    size = f"{report['members_total']:,} members, {report['units_total']:,} units"
    print(f"\n{label}: {unit.code} as of {day}: {size}")
    print(f"  {'full report (chibo selectors, all figures)':<60} {ms:>10.1f}")
    total = 0.0
    for name, query, params in hand_sql(lo, hi, day):
        t = national.median_ms(lambda q=query, p=params: national.sql(q, p), repeat=REPEAT)
        total += t
        print(f"  {'hand SQL: ' + name:<60} {t:>10.1f}")
    print(f"  {'hand SQL: sum of the figures above':<60} {total:>10.1f}")


#: The national preset at this scale holds about 78,000 members: the whole tree of that database
#: is a subtree of the size the issue names, shaped like the country (34 provinces).
SCALE_78K = "0.014"


def main() -> None:
    national.load()
    call_command("migrate", "reports", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {P}")
    root = Unit.objects.get(code="VN")
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    print(
        f"PostgreSQL: {Member.objects.count():,} members, {Unit.objects.count():,} units, "
        f"shared_buffers {buffers}; medians in ms"
    )
    now = today()
    if os.environ.get("BENCH_REPORT_ROOT_ONLY"):
        size = f"{Member.objects.count():,}"
        run(root, now, f"a {size}-member tree (national preset at scale {SCALE_78K}), today")
        run(root, PAST, "the same, past date")
        return
    subtree = subtree_near(TARGET_SUBTREE)
    run(root, now, "whole country, today")
    run(root, PAST, "whole country, past date")
    run(subtree, now, f"subtree near {TARGET_SUBTREE:,} members, today")
    run(subtree, PAST, f"subtree near {TARGET_SUBTREE:,} members, past date")
    # a subtree of 78,000 members: the national preset's shape at that size, in its own database
    env = {
        **os.environ,
        "BENCH_PG_URL": national.URL + "_78k",
        "BENCH_NATIONAL_SCALE": SCALE_78K,
        "BENCH_REPORT_ROOT_ONLY": "1",
    }
    print(f"\n{TARGET_SUBTREE:,} members: the national preset at scale {SCALE_78K} in its own database")
    sys.stdout.flush()
    subprocess.run([sys.executable, __file__], env=env, check=True)  # noqa: S603 — our own code


if __name__ == "__main__":
    main()
