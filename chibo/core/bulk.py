"""Set-based loading for the bulk services (ARCHITECTURE.md: bulk paths write through a service,
with one audit batch entry; STACK.md gotcha 2: COPY, then set-based INSERT … SELECT).

Only services call these helpers, inside their transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


def typed_params(types: Sequence[str]) -> list[str]:
    """Placeholders for parameters in a SELECT list: PostgreSQL needs their types there
    (an untyped parameter becomes text, which a jsonb or integer column refuses)."""
    if connection.vendor == "postgresql":
        return [f"CAST(%s AS {t})" for t in types]
    return ["%s"] * len(types)
