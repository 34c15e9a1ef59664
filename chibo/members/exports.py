"""Exports of the member list: the roster spreadsheet and the printable register (Mẫu 7-HSĐV).

Both read the rows in chunks (``iterator``) and write them as they come: an .xlsx with
xlsxwriter's ``constant_memory`` mode into a temporary file that is streamed back, and a PDF
through WeasyPrint. The sensitive columns (CCCD, religion) are filled only for users who may
see them (DOMAIN.md §11; Decree 13/2023); the caller records the export in the audit trail.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import date
from typing import IO, Any

import xlsxwriter

from chibo.core import papers, regulations
from chibo.members.models import Member

#: The canonical roster layout (shared with the Excel import of the data-exchange work).
ROSTER_HEADER = [
    "Mã đơn vị",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Tôn giáo",
    "Quê quán",
    "Số CCCD",
    "Ngày quyết định kết nạp",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Số thẻ đảng viên",
    "Trình độ học vấn",
    "Chuyên môn",
    "Lý luận chính trị",
    "Chức vụ",
]
SEX_LABEL = {"M": "Nam", "F": "Nữ"}
#: The register is printed per unit; a larger list is cut here (the .xlsx has no limit).
PDF_MAX_ROWS = 5000


def roster_row(member: Member, *, sensitive: bool) -> list[Any]:
    return [
        member.unit.code,
        member.full_name,
        member.birth_date,
        SEX_LABEL.get(member.sex, ""),
        member.ethnicity,
        member.religion if sensitive else "",
        member.home_town,
        member.cccd if sensitive else "",
        member.admitted_on,
        member.ceremony_on,
        member.official_on,
        member.card_number,
        member.education_general,
        member.get_education_professional_display() if member.education_professional else "",
        member.get_theory_level_display() if member.theory_level else "",
        member.position,
    ]


def roster_xlsx(members: Iterable[Member], *, sensitive: bool) -> tuple[IO[bytes], int]:
    """Write the roster to a temporary file; returns the file (rewound) and the row count."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 — handed to the response, which closes it
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet("Danh sách")
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ROSTER_HEADER, bold)
    sheet.freeze_panes(1, 0)
    sheet.set_column(1, 1, 28)
    count = 0
    for count, member in enumerate(members, start=1):
        for col, value in enumerate(roster_row(member, sensitive=sensitive)):
            if isinstance(value, date):
                sheet.write_datetime(count, col, value, day)
            elif value not in (None, ""):
                sheet.write_string(count, col, str(value))
    workbook.close()
    out.seek(0)
    return out, count


def register_pdf(members: Iterable[Member], *, unit_name: str, sensitive: bool) -> bytes:
    """The register of members (sổ danh sách đảng viên, Mẫu 7-HSĐV) as a landscape A4 PDF, in
    Vietnamese whatever the user's language (an official paper: ``chibo.core.papers``)."""
    return papers.paper_pdf(
        "members/register_pdf.html",
        {
            "members": members,
            "unit_name": unit_name,
            "sensitive": sensitive,
            "printed_on": regulations.today(),
        },
    )
