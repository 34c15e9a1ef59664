"""Workbooks for the tests: rosters written with xlsxwriter, valid or broken on purpose."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter

from chibo.exchange.rows import HEADER


def cccd(n: int) -> str:
    """A valid CCCD (province 001, born 1980s)."""
    return f"001080{n:06d}"


def row(n: int, unit: str = "A1", **changes: Any) -> list[Any]:
    values = {
        "Mã đơn vị": unit,
        "Họ và tên": f"Phạm Văn Nhập {n}",
        "Ngày sinh": date(1980, 1, 1 + n % 28),
        "Giới tính": "Nam",
        "Dân tộc": "Kinh",
        "Tôn giáo": "",
        "Quê quán": "Hà Nội",
        "Số CCCD": cccd(n),
        "Ngày quyết định kết nạp": date(2010, 3, 2),
        "Ngày vào Đảng": date(2010, 3, 20),
        "Ngày chính thức": date(2011, 3, 20),
        "Số thẻ đảng viên": f"{n:08d}",
        "Trình độ học vấn": "12/12",
        "Chuyên môn": "Đại học",
        "Lý luận chính trị": "Trung cấp",
        "Chức vụ": "Chuyên viên",
    }
    values.update({k.replace("_", " "): v for k, v in changes.items()})
    return [values[h] for h in HEADER]


def write(path: Path, sheets: dict[str, list[list[Any]]], header: list[str] | None = None) -> Path:
    """One sheet per entry; each gets ``header`` (default: the canonical one) then its rows.
    Dates are written as Excel dates; ``None`` leaves a cell empty."""
    workbook = xlsxwriter.Workbook(str(path))
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for name, lines in sheets.items():
        sheet = workbook.add_worksheet(name)
        if header is not False:  # type: ignore[comparison-overlap]
            sheet.write_row(0, 0, header or HEADER)
        start = 0 if header is False else 1  # type: ignore[comparison-overlap]
        for r, line in enumerate(lines, start=start):
            for c, value in enumerate(line):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, value, day)
                elif value is not None and value != "":
                    sheet.write(r, c, value)
    workbook.close()
    return path


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def write_fast(path: Path, count: int, unit: str = "A1") -> Path:
    """``count`` valid rows (``row(i)``) in one sheet, written as SpreadsheetML directly (xlsxwriter
    needs seconds for tens of thousands of rows): repeated texts as shared strings, names and
    numbers inline, dates as serials with a date style — as Excel would store them."""
    import zipfile
    from xml.sax.saxutils import escape

    epoch = date(1899, 12, 30).toordinal()
    shared: dict[str, int] = {}

    def cell(value: Any) -> str:
        if isinstance(value, date):
            return f'<c s="1"><v>{value.toordinal() - epoch}</v></c>'
        if value in (None, ""):
            return "<c/>"
        text = str(value)
        if text in shared or (len(shared) < 50 and not text[-1].isdigit()):
            index = shared.setdefault(text, len(shared))
            return f'<c t="s"><v>{index}</v></c>'
        return f'<c t="inlineStr"><is><t>{escape(text)}</t></is></c>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            sheet.write(("<row>" + "".join(cell(h) for h in HEADER) + "</row>").encode())
            for start in range(0, count, 5000):
                lines = [
                    f'<row r="{n + 2}">' + "".join(cell(v) for v in row(n, unit)) + "</row>"
                    for n in range(start, min(count, start + 5000))
                ]
                sheet.write("".join(lines).encode())
            sheet.write(b"</sheetData></worksheet>")
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        strings = "".join(f"<si><t>{escape(text)}</t></si>" for text in shared)
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{_MAIN}">{strings}</sst>')
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>'
            '<sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{_RELS}/styles" Target="styles.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/styles.xml",
            f'<styleSheet xmlns="{_MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
            'formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/>'
            '<xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>',
        )
    return path
