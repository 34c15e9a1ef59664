"""Reading a roster workbook with python-calamine, sheet by sheet, row by row.

Before calamine opens the file, cheap checks refuse what is not a roster: not an .xlsx (a zip),
a password-protected workbook (an OLE2 container holding an ``EncryptionInfo`` stream), a broken
zip, cells holding formulas (their ``<f>`` elements are found by scanning each sheet's XML in
chunks: calamine returns a formula's cached value, which may be stale or missing, so a roster
must hold values). A sheet that reaches Excel's last row (1,048,576) was probably cut and is
refused. Every refusal is a ``RuleViolation`` naming the problem; nothing is written.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from chibo.exchange import rows
from chibo.rules.errors import RuleViolation

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
#: A formula cell's element, as Excel and other writers spell it (no namespace prefix in sheets).
_FORMULA_TAGS = (b"<f>", b"<f ", b"<f/>")
#: How many rows may come before the header row (titles above the table).
HEADER_SEARCH_ROWS = 10


@dataclass
class Sheet:
    name: str
    columns: dict[int, rows.Column]
    header_row: int  # 1-based


def check_container(stream: IO[bytes]) -> None:
    """Refuse a file that is not an unencrypted .xlsx whose cells hold values."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(_OLE):
        if _ENCRYPTED in stream.read():
            stream.seek(0)
            raise RuleViolation("exchange.encrypted")
        stream.seek(0)
        raise RuleViolation("exchange.not_xlsx")
    if not head.startswith(_ZIP):
        raise RuleViolation("exchange.not_xlsx")
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if "xl/workbook.xml" not in names:
                raise RuleViolation("exchange.not_xlsx")
            for name in names:
                if (
                    name.startswith("xl/worksheets/")
                    and name.endswith(".xml")
                    and _has_formula(archive, name)
                ):
                    raise RuleViolation("exchange.formulas", sheet=name.rsplit("/", 1)[-1][:-4])
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise RuleViolation("exchange.corrupt") from exc
    finally:
        stream.seek(0)


def _has_formula(archive: zipfile.ZipFile, name: str) -> bool:
    tail = b""
    with archive.open(name) as member:
        while chunk := member.read(1 << 22):
            window = tail + chunk
            if any(tag in window for tag in _FORMULA_TAGS):
                return True
            tail = chunk[-4:]
    return False


def open_workbook(path: str) -> CalamineWorkbook:
    with open(path, "rb") as stream:
        check_container(stream)
    try:
        return CalamineWorkbook.from_path(path)
    except PasswordError as exc:
        raise RuleViolation("exchange.encrypted") from exc
    except (CalamineError, ValueError, OSError) as exc:
        raise RuleViolation("exchange.corrupt") from exc


def read_rows(path: str) -> Iterator[tuple[Sheet, int, list[Any]]]:
    """Every data row of every sheet that has a roster header: (sheet, 1-based row number, cells
    in the order of ``rows.COLUMNS``, ``None`` for a column the sheet lacks). Sheets without a
    header are skipped; a workbook with none is refused (``exchange.no_header``); a header
    without the required columns too (``exchange.missing_columns``)."""
    workbook = open_workbook(path)
    found_any = False
    try:
        for name in workbook.sheet_names:
            try:
                data = workbook.get_sheet_by_name(name)
            except CalamineError as exc:
                raise RuleViolation("exchange.corrupt") from exc
            iterator = data.iter_rows()
            sheet = _find_header(name, iterator, data.start[0] if data.start else 0)
            if sheet is None:
                continue
            found_any = True
            if data.end is not None and data.end[0] + 1 >= rows.EXCEL_MAX_ROWS:
                raise RuleViolation("exchange.sheet_full", sheet=name, rows=rows.EXCEL_MAX_ROWS)
            number = sheet.header_row
            width = max(sheet.columns) + 1
            where = {column: index for index, column in sheet.columns.items()}
            positions = [where.get(column, -1) for column in rows.COLUMNS]
            for cells in iterator:
                number += 1
                if len(cells) < width:
                    cells = [*cells, *[""] * (width - len(cells))]
                if not any(cells[:width]):
                    continue  # blank rows between blocks are not data
                yield sheet, number, [cells[i] if i >= 0 else None for i in positions]
            del data, iterator
    finally:
        workbook.close()
    if not found_any:
        raise RuleViolation("exchange.no_header", columns=", ".join(rows.HEADER))


def _find_header(name: str, iterator: Iterator[list[Any]], offset: int) -> Sheet | None:
    for number, cells in enumerate(iterator, start=1 + offset):
        if rows.looks_like_header(cells):
            columns, missing = rows.match_header(cells)
            if missing:
                raise RuleViolation("exchange.missing_columns", sheet=name, columns=", ".join(missing))
            return Sheet(name, columns, number)
        if number - offset >= HEADER_SEARCH_ROWS:
            return None
    return None
