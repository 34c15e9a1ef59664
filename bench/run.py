"""`make bench`: subtree reads of the organisation tree, each beside its baseline on the same run.

Builds (once) a synthetic tree in its own database (default var/bench.sqlite3; set
BENCH_DATABASE_URL=postgres://… for PostgreSQL): 1 root, 200 grassroots organisations,
2,000 cells, 200,000 members, all through the services. Then times:

1. headcount of one grassroots subtree — chibo's range predicate vs Django's
   ``unit_path__startswith`` (LIKE, which SQLite cannot serve from the index) vs
   hand-written SQL with the same range;
2. the children of the root with subtree counts (what the tree page loads) — chibo's
   two GROUP BYs vs one COUNT per child (what a naive view does).
Figures are medians of repeated runs, in milliseconds. Nothing here asserts a time.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from chibo.core.scoping import path_upper_bound, subtree_q  # noqa: E402
from chibo.members.models import Member  # noqa: E402
from chibo.members.services import MemberSpec, members_bulk_create  # noqa: E402
from chibo.organizations import selectors  # noqa: E402
from chibo.organizations.models import Unit  # noqa: E402
from chibo.organizations.services import unit_create  # noqa: E402

ORGS, CELLS_PER_ORG, MEMBERS_PER_CELL = 200, 10, 100


def build() -> None:
    call_command("migrate", verbosity=0)
    if Unit.objects.exists():
        return
    started = time.perf_counter()
    root = unit_create(
        actor=None,
        parent=None,
        code="BENCH",
        name="Đảng bộ thử tải",
        level="upper",
        founded_on=date(2000, 1, 1),
    )
    for o in range(ORGS):
        org = unit_create(
            actor=None,
            parent=root,
            code=f"O{o:04d}",
            name=f"Đảng bộ {o}",
            level="dang_bo_co_so",
            founded_on=date(2000, 1, 1),
        )
        cells = [
            unit_create(
                actor=None,
                parent=org,
                code=f"O{o:04d}C{c:02d}",
                name=f"Chi bộ {o}-{c}",
                level="chi_bo",
                founded_on=date(2000, 1, 1),
            )
            for c in range(CELLS_PER_ORG)
        ]
        specs = [
            MemberSpec(full_name=f"Nguyễn Văn {o} {i}", status="official" if i % 13 else "probationary")
            for i in range(MEMBERS_PER_CELL)
        ]
        members_bulk_create(
            actor=None,
            unit_specs=[(cell, specs) for cell in cells],
            joined_on=date(2020, 1, 1),
            batch_target=org,
        )
    print(
        f"built {Unit.objects.count():,} units, {Member.objects.count():,} members "
        f"in {time.perf_counter() - started:.1f} s"
    )


def median_ms(fn, repeat: int = 15) -> float:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    build()
    org = Unit.objects.get(code="O0100")
    upper = path_upper_bound(org.path)
    table = connection.ops.quote_name(Member._meta.db_table)
    sql = f"SELECT COUNT(*) FROM {table} WHERE unit_path >= %s AND unit_path < %s"  # noqa: S608

    def hand_sql() -> int:
        with connection.cursor() as cursor:
            cursor.execute(sql, [org.path, upper])
            return cursor.fetchone()[0]

    rows = [
        (
            "subtree headcount, range (chibo)",
            lambda: Member.objects.filter(subtree_q(org.path, "unit_path")).count(),
        ),
        (
            "subtree headcount, __startswith (baseline)",
            lambda: Member.objects.filter(unit_path__startswith=org.path).count(),
        ),
        ("subtree headcount, hand-written SQL (baseline)", hand_sql),
    ]
    root = Unit.objects.get(code="BENCH")
    children = list(root.child_units())

    def naive_children() -> list[int]:
        return [Member.objects.filter(unit_path__startswith=c.path).count() for c in children]

    rows += [
        ("root's children with counts, 2 GROUP BYs (chibo)", lambda: selectors.subtree_headcounts(children)),
        ("root's children with counts, COUNT per child (baseline)", naive_children),
    ]
    print(
        f"database: {connection.vendor}; members: {Member.objects.count():,}; "
        f"children of root: {len(children)}"
    )
    print(f"{'measure':<58} {'median ms':>10}")
    for label, fn in rows:
        print(f"{label:<58} {median_ms(fn):>10.2f}")


if __name__ == "__main__":
    main()
