"""Exports of the commendation list: a spreadsheet (xlsxwriter, streamed from a temporary file) and a
printed list (WeasyPrint), both in Vietnamese as the committees file them."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import IO, Any

import xlsxwriter
from django.utils import translation

from chibo.commendations.models import Commendation
from chibo.core import papers

#: Printed lists stop here: a longer list is a spreadsheet's job.
PDF_MAX_ROWS = 2000

HEADER = [
    "Năm",
    "Đối tượng",
    "Họ tên / Tập thể",
    "Mã đơn vị",
    "Đơn vị",
    "Hình thức",
    "Cấp khen",
    "Danh hiệu / nội dung",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Thành tích",
    "Đã hủy ngày",
]


def _row(c: Commendation) -> list[Any]:
    return [
        c.year,
        "Tập thể" if c.is_collective else "Cá nhân",
        c.subject_name,
        c.unit.code,
        c.unit.name,
        c.get_kind_display(),
        c.get_level_display(),
        c.title,
        c.decision_number,
        c.decided_on.strftime("%d/%m/%Y"),
        c.issued_by,
        c.citation,
        c.annulled_on.strftime("%d/%m/%Y") if c.annulled_on else "",
    ]


def list_xlsx(rows: Iterable[Commendation]) -> tuple[IO[bytes], int]:
    """The rows as .xlsx (rewound) and how many were written."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 — handed to the response, which closes it
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet("Khen thưởng")
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    sheet.set_column(2, 2, 32)
    sheet.set_column(4, 4, 32)
    sheet.set_column(7, 7, 40)
    sheet.write_row(0, 0, HEADER, bold)
    count = 0
    with translation.override("vi"):  # the choice labels in the committees' language
        for count, commendation in enumerate(rows, start=1):
            sheet.write_row(count, 0, _row(commendation))
    workbook.close()
    out.seek(0)
    return out, count


def list_pdf(rows: list[Commendation], *, heading: str, year: int | None) -> bytes:
    """The printed list (A4 landscape), Vietnamese whatever the user's language."""
    return papers.paper_pdf("commendations/list_pdf.html", {"rows": rows, "heading": heading, "year": year})


def counts_xlsx(counts: list[Any], *, year: int) -> IO[bytes]:
    """The counts table (a unit per row, rolled up over its subtree), rewound."""
    from chibo.commendations.models import Kind, Level

    out = tempfile.TemporaryFile()  # noqa: SIM115 — handed to the response, which closes it
    workbook = xlsxwriter.Workbook(out, {"in_memory": False})
    sheet = workbook.add_worksheet(f"Khen thưởng {year}")
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True})
    with translation.override("vi"):
        header = ["Mã đơn vị", "Tên đơn vị", "Năm", "Tập thể", "Cá nhân", "Tổng"]
        header += [str(label) for _value, label in Kind.choices] + [
            str(label) for _value, label in Level.choices
        ]
    sheet.write_row(0, 0, header, bold)
    sheet.set_column(1, 1, 40)
    for index, row in enumerate(counts, start=1):
        values = [row.unit.code, row.unit.name, year, row.collective, row.individual, row.total]
        values += [n for _v, _l, n in row.kinds()] + [n for _v, _l, n in row.levels()]
        sheet.write_row(index, 0, values)
    workbook.close()
    out.seek(0)
    return out
