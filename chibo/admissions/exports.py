"""Papers of the admission pipeline: the decisions as PDF, and the targets' progress as .xlsx."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from typing import IO

import xlsxwriter

from chibo.admissions.models import Candidate
from chibo.admissions.selectors import Progress
from chibo.core import papers, regulations
from chibo.rules import admission as rules

#: The header of the targets sheet (Vietnamese, as the committees file it).
TARGETS_HEADER = ["Mã đơn vị", "Tên đơn vị", "Năm", "Chỉ tiêu", "Đã kết nạp", "Tỷ lệ (%)"]


def decision_pdf(candidate: Candidate, *, kind: str) -> bytes:
    """Quyết định kết nạp đảng viên / công nhận đảng viên chính thức, from its template.

    The deciding body is the đảng ủy cơ sở holding delegated authority, otherwise the standing
    board of the upper committee (DOMAIN.md §2 [S9]); the text is the official Vietnamese one,
    whatever the user's language (:func:`chibo.core.papers.paper_pdf`).
    """
    deciding = candidate.deciding_unit
    by_grassroots = (
        deciding is not None and deciding.level == "dang_bo_co_so" and deciding.admission_authority
    )
    profile = regulations.profile(candidate.ceremony_on or candidate.decision_on)
    admission = kind == "admission"
    return papers.paper_pdf(
        "admissions/decision_pdf.html",
        {
            "candidate": candidate,
            "kind": kind,
            "number": candidate.decision_number if admission else candidate.recognition_decision_number,
            "decided_on": candidate.decision_on if admission else candidate.recognition_decision_on,
            "deciding": deciding,
            "by_grassroots": by_grassroots,
            "probation_months": profile.probation_months,
            "official_on": (
                rules.probation_end(candidate.ceremony_on, profile) if candidate.ceremony_on else None
            ),
        },
    )


def targets_xlsx(rows: Sequence[Progress], *, year: int) -> IO[bytes]:
    """The progress table (first row: the unit itself, then its children), rewound."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 — handed to the response, which closes it
    workbook = xlsxwriter.Workbook(out, {"in_memory": False})
    sheet = workbook.add_worksheet(f"Chỉ tiêu {year}")
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    sheet.write_row(0, 0, TARGETS_HEADER, bold)
    sheet.set_column(1, 1, 40)
    for index, row in enumerate(rows, start=1):
        sheet.write_row(
            index,
            0,
            [row.unit.code, row.unit.name, year, row.target if row.target is not None else "", row.admitted,
             row.percent if row.percent is not None else ""],
        )  # fmt: skip
    workbook.close()
    out.seek(0)
    return out
