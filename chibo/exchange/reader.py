"""Reading a roster workbook as a stream, sheet by sheet, row by row (``chibo.exchange.xlsx_stream``:
memory bounded whatever the number of rows; python-calamine reads a whole sheet first).

Before the file is read, cheap checks refuse what is not a roster: not an .xlsx (a zip), a
password-protected workbook (an OLE2 container holding an ``EncryptionInfo`` stream), a broken
zip, cells holding formulas (their ``<f>`` elements are found by scanning each sheet's XML in
chunks, so that a formula anywhere, even in a sheet that is no roster, refuses the file before a
row is read: a formula's cached value may be stale or missing, a roster must hold values; the
streaming reader refuses one too). A sheet that reaches Excel's last row (1,048,576) was
probably cut and is refused. Every refusal is a ``RuleViolation`` naming the problem; nothing is
written.
"""

from __future__ import annotations

import operator
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from chibo.exchange import rows, xlsx_stream
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
        while chunk := member.read(1 << 19):
            window = tail + chunk
            if any(tag in window for tag in _FORMULA_TAGS):
                return True
            tail = chunk[-4:]
    return False


def open_workbook(path: str) -> xlsx_stream.Workbook:
    with open(path, "rb") as stream:
        check_container(stream)
    try:
        return xlsx_stream.Workbook(path)
    except xlsx_stream.XlsxError as exc:
        raise RuleViolation("exchange.corrupt") from exc


def read_rows(path: str) -> Iterator[tuple[Sheet, int, tuple[Any, ...]]]:
    """Every data row of every sheet that has a roster header: (sheet, 1-based row number, cells
    in the order of ``rows.COLUMNS``, ``None`` for a column the sheet lacks). Sheets without a
    header are skipped; a workbook with none is refused (``exchange.no_header``); a header
    without the required columns too (``exchange.missing_columns``). One row at a time: nothing
    of the sheet is kept but the shared strings (see xlsx_stream)."""
    workbook = open_workbook(path)
    found_any = False
    try:
        for info in workbook.sheets:
            source = workbook.rows(info)
            sheet = _find_header(info.name, source)
            if sheet is None:
                continue
            found_any = True
            width = max(sheet.columns) + 1
            where = {column: index for index, column in sheet.columns.items()}
            # the sheet's cells padded to the header's width, then None for the missing columns
            pick = operator.itemgetter(*[where.get(column, width) for column in rows.COLUMNS])
            blank = [""] * width
            for number, cells in source:
                if number >= rows.EXCEL_MAX_ROWS:
                    raise RuleViolation("exchange.sheet_full", sheet=info.name, rows=rows.EXCEL_MAX_ROWS)
                size = len(cells)
                if size < width:
                    cells.extend(blank[size:])
                elif size > width:
                    del cells[width:]
                if not any(cells):
                    continue  # blank rows between blocks are not data
                cells.append(None)
                yield sheet, number, pick(cells)
    except xlsx_stream.FormulaFound as exc:
        raise RuleViolation("exchange.formulas", sheet=exc.sheet) from exc
    except xlsx_stream.XlsxError as exc:
        raise RuleViolation("exchange.corrupt") from exc
    finally:
        workbook.close()
    if not found_any:
        raise RuleViolation("exchange.no_header", columns=", ".join(rows.HEADER))


def _find_header(name: str, source: Iterator[tuple[int, list[Any]]]) -> Sheet | None:
    """The header among the first ``HEADER_SEARCH_ROWS`` rows of the sheet (from its first row
    with a value); ``source`` is left at the row after it."""
    first = None
    for number, cells in source:
        if first is None:
            first = number
        if number - first >= HEADER_SEARCH_ROWS:
            return None
        if rows.looks_like_header(cells):
            columns, missing = rows.match_header(cells)
            if missing:
                raise RuleViolation("exchange.missing_columns", sheet=name, columns=", ".join(missing))
            return Sheet(name, columns, number)
    return None
