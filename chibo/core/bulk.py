"""Set-based loading for the bulk services (ARCHITECTURE.md: bulk paths write through a service,
with one audit batch entry; STACK.md gotcha 2: COPY, then set-based INSERT … SELECT).

Only services call these helpers, inside their transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.db.models import Model


def copy_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Append ``rows`` to ``model``'s table: COPY on PostgreSQL, batched INSERTs elsewhere.

    Rows are consumed as they come (constant memory). Returns the number of rows written.
    """
    assert transaction.get_connection().in_atomic_block, "bulk loads run inside a service transaction"
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the raw psycopg cursor: wrap its errors as Django's (IntegrityError …) like the ORM does
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(  # type: ignore[attr-defined]
                    f"COPY {table} ({names}) FROM STDIN"
                ) as copy,
            ):
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 — names are quoted identifiers
        iterator = iter(rows)
        while batch := list(islice(iterator, 5000)):
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def execute(sql: str, params: Sequence[Any] = ()) -> int:
    """Run one set-based statement; returns the row count."""
    assert transaction.get_connection().in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def max_id(model: type[Model]) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """``count`` new primary keys of ``model``, in ascending order, for rows written by COPY that
    other rows written with them must name (a new member's period and event), so that they are
    never read back by a range of ids — which would also take in rows someone else wrote
    meanwhile. On PostgreSQL they come from the table's sequence (an identity column), so no other
    writer is ever given them; those not used are skipped, as after a rollback. SQLite lets one
    transaction write at a time, and chibo's begin IMMEDIATE (``transaction_mode``), so the next
    ids after the largest used (its AUTOINCREMENT counter included) are this transaction's: the
    caller writes them before it asks again."""
    assert transaction.get_connection().in_atomic_block
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the sequence's name first: pg_get_serial_sequence in the select list runs once a row
            cursor.execute(
                "SELECT pg_get_serial_sequence(%s, %s)",
                [connection.ops.quote_name(table), model._meta.pk.column],
            )
            cursor.execute(
                "SELECT nextval(CAST(%s AS regclass)) AS pk FROM generate_series(1, %s) ORDER BY pk",
                [cursor.fetchone()[0], count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        counter = cursor.fetchone()
        start = max(max_id(model), counter[0] if counter else 0) + 1
    return list(range(start, start + count))


class IdRanges:
    """The primary keys a bulk load reserved (``reserve_ids``) and wrote (``add``), kept as
    ``(first, last)`` ranges in order — one range unless another writer took ids in between — so
    that the rows written beside them (history, search keys) can be made set-based for exactly
    these rows (``WHERE id BETWEEN first AND last`` per range), never "every id above the
    largest at the start", which takes in rows someone else wrote meanwhile."""

    def __init__(self) -> None:
        self._ranges: list[list[int]] = []

    def add(self, ids: Sequence[int]) -> None:
        """Record ascending ids, written."""
        if ids and ids[-1] - ids[0] == len(ids) - 1:
            self._add(ids[0], ids[-1])
        else:
            for pk in ids:
                self._add(pk, pk)

    def _add(self, first: int, last: int) -> None:
        assert not self._ranges or first > self._ranges[-1][1], "ids are added in ascending order"
        if self._ranges and self._ranges[-1][1] + 1 == first:
            self._ranges[-1][1] = last
        else:
            self._ranges.append([first, last])

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return ((first, last) for first, last in self._ranges)

    def __len__(self) -> int:
        return len(self._ranges)


def typed_params(types: Sequence[str]) -> list[str]:
    """Placeholders for parameters in a SELECT list: PostgreSQL needs their types there
    (an untyped parameter becomes text, which a jsonb or integer column refuses)."""
    if connection.vendor == "postgresql":
        return [f"CAST(%s AS {t})" for t in types]
    return ["%s"] * len(types)
