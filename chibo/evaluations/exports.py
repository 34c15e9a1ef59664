"""Papers of the yearly evaluation: the results and the lists of grades as .xlsx and PDF."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from typing import IO

import xlsxwriter

from chibo.core import papers
from chibo.evaluations.models import MemberEvaluation, UnitEvaluation
from chibo.evaluations.selectors import Results
from chibo.rules.evaluation import GRADES

#: The headers (Vietnamese, as the committees file them).
RESULT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Tổng số", *GRADES, *(f"{g} (%)" for g in GRADES)]
MEMBER_HEADER = ["TT", "Họ và tên", "Chi bộ", "Điểm", "Xếp loại", "Quyết định số", "Ngày quyết định"]
UNIT_HEADER = ["TT", "Mã đơn vị", "Tên tổ chức đảng", "Điểm", "Xếp loại", "Quyết định số", "Ngày quyết định"]


def results_xlsx(
    results: Results, members: Sequence[MemberEvaluation], units: Sequence[UnitEvaluation]
) -> IO[bytes]:
    """Four sheets: members' and organisations' results per unit, then both lists; rewound."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 — handed to the response, which closes it
    workbook = xlsxwriter.Workbook(out, {"in_memory": False})
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for title, kind in (("Đảng viên", "members"), ("Tổ chức đảng", "units")):
        sheet = workbook.add_worksheet(f"{title} {results.year}")
        sheet.write_row(0, 0, RESULT_HEADER, bold)
        sheet.set_column(1, 1, 40)
        for index, row in enumerate(results.rows, start=1):
            counts = getattr(row, kind)
            percents = counts.percents
            sheet.write_row(
                index,
                0,
                [row.unit.code, row.unit.name, counts.total, *(counts.counts[g] for g in GRADES),
                 *("" if percents[g] is None else percents[g] for g in GRADES)],
            )  # fmt: skip
    sheet = workbook.add_worksheet("DS đảng viên")
    sheet.write_row(0, 0, MEMBER_HEADER, bold)
    sheet.set_column(1, 2, 32)
    for index, e in enumerate(members, start=1):
        sheet.write_row(
            index, 0, [index, e.member.full_name, e.unit.name, _score(e), e.grade, e.decision_number]
        )
        if e.decided_on:
            sheet.write_datetime(index, 6, e.decided_on, day)
    sheet = workbook.add_worksheet("DS tổ chức đảng")
    sheet.write_row(0, 0, UNIT_HEADER, bold)
    sheet.set_column(2, 2, 40)
    for index, u in enumerate(units, start=1):
        sheet.write_row(index, 0, [index, u.unit.code, u.unit.name, _score(u), u.grade, u.decision_number])
        if u.decided_on:
            sheet.write_datetime(index, 6, u.decided_on, day)
    workbook.close()
    out.seek(0)
    return out


def _score(evaluation: MemberEvaluation | UnitEvaluation) -> float | str:
    return "" if evaluation.score is None else float(evaluation.score)


def results_pdf(
    results: Results, members: Sequence[MemberEvaluation], units: Sequence[UnitEvaluation]
) -> bytes:
    """Báo cáo kết quả đánh giá, xếp loại: the roll-up and both lists, in Vietnamese whatever the
    user's language."""
    return papers.paper_pdf(
        "evaluations/results_pdf.html",
        {"results": results, "members": members, "units": units, "grades": GRADES},
    )
