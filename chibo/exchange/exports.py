"""The roster export: the import's layout (chibo.exchange.rows.COLUMNS), written by xlsxwriter in
``constant_memory`` mode as the rows come from the database, so that an export re-imports to the
same data. Choice columns carry the Vietnamese level names (rows.LEVEL_NAMES). The CCCD and
religion are sensitive (Decree 13/2023, DOMAIN.md §11): they are filled only for a user with
Action.SENSITIVE over the whole export, otherwise left empty and the sheet says so in a note above
the header; the caller records the export in the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import IO, Any

import xlsxwriter
from django.db.models import F, QuerySet
from django.utils import translation

from chibo.exchange import rows

SEX_LABEL = {"M": "Nam", "F": "Nữ"}
SENSITIVE_COLUMNS = ("cccd", "religion")
#: Rows per sheet: Excel's last row less the header (STACK.md gotcha 3: larger exports go on).
ROWS_PER_SHEET = rows.EXCEL_MAX_ROWS - 2


def roster_values(members: QuerySet) -> Iterable[tuple[Any, ...]]:
    """(unit code, then the member fields of the layout) per member, read in chunks."""
    return members.values_list(F("unit__code"), *rows.MEMBER_FIELDS).iterator(chunk_size=5000)


def write_roster(values: Iterable[tuple[Any, ...]], out: IO[bytes] | str, *, sensitive: bool) -> int:
    """Write the roster; returns the number of members written. Sheets of ``ROWS_PER_SHEET``."""
    labels = rows.LEVEL_NAMES
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    fields = ("unit_code", *rows.MEMBER_FIELDS)
    hidden = set() if sensitive else {fields.index(name) for name in SENSITIVE_COLUMNS}
    choice_at = {fields.index(name): labels[name] for name in labels}
    sex_at = fields.index("sex")
    sheet, line, count = None, 0, 0
    for record in values:
        if sheet is None or line > ROWS_PER_SHEET:
            sheet, line = _new_sheet(workbook, bold, count, sensitive), 1 if sensitive else 2
        for col, value in enumerate(record):
            if col in hidden or value in (None, ""):
                continue
            if isinstance(value, date):
                sheet.write_datetime(line, col, value, day)
            elif col == sex_at:
                sheet.write_string(line, col, SEX_LABEL.get(value, value))
            elif col in choice_at:
                sheet.write_string(line, col, choice_at[col].get(value, value))
            else:
                sheet.write_string(line, col, str(value))
        line += 1
        count += 1
    if sheet is None:
        _new_sheet(workbook, bold, 0, sensitive)
    workbook.close()
    return count


def _new_sheet(workbook: Any, bold: Any, done: int, sensitive: bool) -> Any:
    sheet = workbook.add_worksheet("Danh sách" if done == 0 else f"Danh sách {done // ROWS_PER_SHEET + 1}")
    top = 0
    if not sensitive:
        with translation.override("vi"):
            from django.utils.translation import gettext as _

            sheet.write_string(
                0,
                0,
                _(
                    "The columns Số CCCD and Tôn giáo are left empty: they are sensitive personal data "
                    "(Decree 13/2023) and your role may not export them. Without the CCCD this file "
                    "cannot be imported back."
                ),
            )
        top = 1
    sheet.write_row(top, 0, rows.HEADER, bold)
    sheet.freeze_panes(top + 1, 0)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 15, 14)
    return sheet


def template_xlsx(out: IO[bytes]) -> None:
    """The empty roster template (the header row and one example row)."""
    example = [
        ("A1", "Nguyễn Văn An", date(1985, 5, 17), "M", "Kinh", "", "Hà Nội", "001085000123",
         date(2010, 3, 2), date(2010, 3, 20), date(2011, 3, 20), "12345678", "12/12", "bachelor",
         "intermediate", "Chuyên viên"),
    ]  # fmt: skip
    write_roster(example, out, sensitive=True)
