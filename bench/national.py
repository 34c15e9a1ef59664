"""`make bench`, national part: member reads at the whole country's scale on PostgreSQL.

Loads ``seed_demo --preset national`` (about 355,000 units and 5.6 million members, through the
bulk services with COPY) into its own database once — BENCH_PG_URL, default
postgres://postgres@127.0.0.1:5432/chibo_bench — then reports, on the same run, each figure
beside a hand-written SQL baseline for the same question:

- the member list's first page of a province-sized subtree (roster order);
- name searches ignoring diacritics, first page in roster order, of four shapes: a full name
  ("nguyen van duc"), a common word with millions of matches ("nguyen"), a rare name, and a name
  being typed ("nguyen van d"); the hand-written SQL asks the same question in one statement
  (the sort keys of the matching names from the name keys, then their members in roster order)
  and leaves the plan to PostgreSQL;
- a subtree count by status;
- the member list page itself (HTTP, rendered), with its query count, without and with a search.

Targets from the issue (PostgreSQL, 5.6 M members): list first page ≤ 50 ms, search ≤ 80 ms,
a page within 2× its SQL baseline plus rendering. Medians in milliseconds; nothing asserts.
BENCH_NATIONAL_SCALE (default 1) loads a fraction for a quick look. A database that already
holds units is not migrated: its schema is left as it is (apply a new migration of one app with
``manage.py migrate <app>``).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/chibo_bench")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"

import psycopg  # noqa: E402


def ensure_database() -> None:
    admin = URL.rsplit("/", 1)[0] + "/postgres"
    name = URL.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")


ensure_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from chibo.accounts.services import role_grant, user_create  # noqa: E402
from chibo.core.scoping import path_upper_bound  # noqa: E402
from chibo.members.models import Member, NameKey  # noqa: E402
from chibo.members.selectors import MemberFilters, member_list  # noqa: E402
from chibo.organizations.models import Unit  # noqa: E402
from chibo.rules.text import fold  # noqa: E402


def median_ms(fn, repeat: int = 21) -> float:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def sql(query: str, params: list) -> list:  # type: ignore[type-arg]
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def load() -> None:
    if Unit._meta.db_table in connection.introspection.table_names() and Unit.objects.exists():
        return
    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        scale = os.environ.get("BENCH_NATIONAL_SCALE", "1")
        print(f"loading the national preset (scale {scale}); this takes minutes …", flush=True)
        call_command("seed_demo", "--preset", "national", "--scale", scale)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # the visibility map too, as autovacuum would set it


def bench_user():  # type: ignore[no-untyped-def]
    from chibo.accounts.models import User

    user = User.objects.filter(username="bench").first()
    if user is None:
        from django.db import transaction

        with transaction.atomic():
            user = user_create(actor=None, username="bench", password=None)
            role_grant(actor=None, user=user, unit=Unit.objects.get(code="VN"), role="org_board")
    return user


#: A full name, a common word (millions of matches), a rare name, a name being typed.
SEARCHES = ["nguyen van duc", "nguyen", "khuc thi yen", "nguyen van d"]


def search_rows(q: str, user, search_sql: str) -> list:  # type: ignore[no-untyped-def,type-arg]
    prefix = connection.ops.prep_for_like_query(fold(q)) + "%"
    matches = Member.objects.exclude(status="left").filter(_search_condition(q)).count()
    return [
        (
            f"name search '{q}', {matches:,} matches (chibo selector)",
            lambda: list(member_list(user=user, filters=MemberFilters(q=q))[:51]),
        ),
        (f"name search '{q}' (hand SQL)", lambda: sql(search_sql, [prefix, f"% {fold(q)}%"])),
    ]


def _search_condition(q: str):  # type: ignore[no-untyped-def]
    from django.db.models import Value
    from django.db.models.functions import Concat
    from django.db.models.lookups import Contains

    return Contains(Concat(Value(" "), "name_folded"), " " + fold(q))


def main() -> None:
    load()
    user = bench_user()
    province = Unit.objects.get(code="T01")
    lo, hi = province.path, path_upper_bound(province.path)
    table = Member._meta.db_table
    columns = "id, full_name, birth_date, status, card_number, unit_id"
    page_sql = (
        f"SELECT {columns} FROM {table} WHERE unit_path >= %s AND unit_path < %s "  # noqa: S608
        "AND status <> 'left' ORDER BY name_sort, id LIMIT 51"
    )
    search_sql = (
        f"SELECT {columns} FROM {table} WHERE status <> 'left' "  # noqa: S608
        f"AND name_sort = ANY(ARRAY(SELECT name_sort FROM {NameKey._meta.db_table} WHERE key LIKE %s)) "
        "AND NOT (name_sort LIKE '%%$%%' AND ' ' || name_folded NOT LIKE %s) ORDER BY name_sort, id LIMIT 51"
    )
    count_sql = (
        f"SELECT status, COUNT(*) FROM {table} WHERE unit_path >= %s AND unit_path < %s "  # noqa: S608
        "GROUP BY status"
    )
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as page_queries:
        client.get("/members/", {"unit": "T01"})
    with CaptureQueriesContext(connection) as search_queries:
        client.get("/members/", {"q": "nguyen van duc"})

    rows = [
        (
            "province list, first page (chibo selector)",
            lambda: list(member_list(user=user, within=province)[:51]),
        ),
        ("province list, first page (hand SQL)", lambda: sql(page_sql, [lo, hi])),
        *[row for q in SEARCHES for row in search_rows(q, user, search_sql)],
        (
            "province count by status (chibo ORM)",
            lambda: list(
                member_list(user=user, within=province).order_by().values("status").annotate(n=Count("pk"))
            ),
        ),
        ("province count by status (hand SQL)", lambda: sql(count_sql, [lo, hi])),
        (
            f"member list page /members/?unit=T01 ({len(page_queries)} queries, rendered)",
            lambda: client.get("/members/", {"unit": "T01"}),
        ),
        (
            f"member list page /members/?q=nguyen+van+duc ({len(search_queries)} queries, rendered)",
            lambda: client.get("/members/", {"q": "nguyen van duc"}),
        ),
    ]
    print(
        f"PostgreSQL: {Member.objects.count():,} members, {Unit.objects.count():,} units; "
        f"province T01: {Member.objects.filter(unit_path__gte=lo, unit_path__lt=hi).count():,} members"
    )
    print(f"{'measure':<72} {'median ms':>10}")
    for label, fn in rows:
        print(f"{label:<72} {median_ms(fn):>10.2f}")


if __name__ == "__main__":
    main()
