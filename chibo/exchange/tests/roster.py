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
