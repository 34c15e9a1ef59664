"""The statistics report and the data-quality problems as files: Excel (XlsxWriter) and PDF
(WeasyPrint, charts drawn as inline SVG bars: WeasyPrint runs no JavaScript)."""

from __future__ import annotations

import io
import json
from typing import Any

import xlsxwriter
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from chibo.reports import present


def statistics_json(report: dict[str, Any]) -> bytes:
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False).encode()


def statistics_xlsx(report: dict[str, Any], other: dict[str, Any] | None = None) -> bytes:
    """One sheet: the headline figures, then each section (a second column for the compare date)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 13})
    sheet = book.add_worksheet(_("Statistics")[:31])
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, 3, 14)
    sheet.write(0, 0, f"{report['unit_name']} ({report['unit']})", title)
    sheet.write(1, 0, _("As of"), bold)
    sheet.write(1, 1, report["as_of"])
    if other:
        sheet.write(1, 2, other["as_of"])
    sheet.write(2, 0, _("Period of the changes"), bold)
    sheet.write(2, 1, f"{report['period_from']} – {report['period_to']}")
    row = 4
    row = _xlsx_rows(sheet, row, _("Summary"), present.headline(report, other), bold)
    for section in present.sections(report, other):
        row = _xlsx_rows(sheet, row + 1, str(section.title), section.rows, bold)
    book.close()
    return out.getvalue()


def _xlsx_rows(sheet: Any, row: int, heading: str, rows: list[present.Row], bold: Any) -> int:
    sheet.write(row, 0, heading, bold)
    row += 1
    for r in rows:
        sheet.write(row, 0, str(r.label))
        sheet.write_number(row, 1, r.value)
        if r.other is not None:
            sheet.write_number(row, 2, r.other)
            sheet.write_number(row, 3, r.value - r.other)
        row += 1
    return row


def statistics_pdf(report: dict[str, Any], other: dict[str, Any] | None = None) -> bytes:
    from weasyprint import HTML  # imported here: Pango is needed only when a PDF is made

    html = render_to_string(
        "reports/statistics_pdf.html",
        {
            "report": report,
            "other": other,
            "headline": present.headline(report, other),
            "sections": present.sections(report, other),
        },
    )
    return HTML(string=html).write_pdf()


def quality_xlsx(quality: dict[str, Any], kind_labels: dict[str, Any]) -> bytes:
    """Two sheets: completeness per field, and every problem with its member."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(_("Completeness")[:31])
    sheet.set_column(0, 0, 36)
    for col, head in enumerate([_("Field"), _("Filled"), _("Of"), _("%")]):
        sheet.write(0, col, head, bold)
    for i, r in enumerate(quality["completeness"], start=1):
        sheet.write(i, 0, r["label"])
        sheet.write_number(i, 1, r["filled"])
        sheet.write_number(i, 2, r["of"])
        sheet.write_number(i, 3, r["percent"])
    problems = book.add_worksheet(_("Problems")[:31])
    problems.set_column(0, 1, 32)
    problems.set_column(4, 4, 60)
    for col, head in enumerate([_("Problem"), _("Member"), _("Member id"), _("Unit"), _("Details")]):
        problems.write(0, col, head, bold)
    for i, p in enumerate(quality["problems"], start=1):
        problems.write(i, 0, str(kind_labels.get(p.kind, p.kind)))
        problems.write(i, 1, p.name)
        problems.write_number(i, 2, p.member_id)
        problems.write(i, 3, p.unit_code)
        problems.write(i, 4, p.detail)
    book.close()
    return out.getvalue()
