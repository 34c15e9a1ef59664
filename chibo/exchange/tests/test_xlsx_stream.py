"""The streaming .xlsx reader: the values python-calamine gives for the same files, the corners of
SpreadsheetML (inline and rich strings, escapes, sparse cells, prefixes, date styles, the 1904
system), refusals, and memory that does not grow with the rows."""

from __future__ import annotations

import os
import tracemalloc
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from chibo.exchange import reader, rows, xlsx_stream
from chibo.exchange.tests import roster
from chibo.rules.errors import RuleViolation


def _read(path: Path) -> dict[str, list[tuple[int, list]]]:
    with xlsx_stream.Workbook(str(path)) as workbook:
        return {sheet.name: list(workbook.rows(sheet)) for sheet in workbook.sheets}


def _calamine(path: Path) -> dict[str, list[list]]:
    workbook = CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


def _dense(found: list[tuple[int, list]]) -> list[list]:
    """The rows as calamine gives them: from the first row and column with a value, padded."""
    if not found:
        return []
    first = found[0][0]
    width = max(len(cells) for _, cells in found)
    start = min(next(i for i, v in enumerate(cells) if v != "") for _, cells in found)
    table = [[""] * (width - start) for _ in range(found[-1][0] - first + 1)]
    for number, cells in found:
        table[number - first][: len(cells) - start] = cells[start:]
    return table


@pytest.mark.parametrize("constant_memory", [False, True], ids=["shared strings", "inline strings"])
def test_values_are_those_calamine_reads(tmp_path, constant_memory):
    path = tmp_path / "w.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    stamp = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    iso = workbook.add_format({"num_format": 14})
    first = workbook.add_worksheet("Chi bộ 1")
    first.write_row(0, 0, ["Mã & <số>", "Họ và tên", "Số", "Đúng"])
    first.write_row(1, 0, ["A1", "Nguyễn Thị Ánh", 1080000042, True])
    first.write_datetime(1, 4, date(1985, 5, 17), day)
    first.write_datetime(1, 5, datetime(2020, 1, 2, 13, 30), stamp)
    first.write_datetime(1, 6, date(1900, 1, 15), iso)
    first.write_number(1, 7, 2.5)
    first.write_string(3, 2, "  cách  ")  # a row skipped, then a sparse one
    first.write_boolean(3, 5, False)
    first.write_row(4, 1, ["x" * 300, "dòng\nhai"])
    second = workbook.add_worksheet("Tờ 2")
    second.write(2, 3, "từ D3")
    workbook.close()

    found = _read(path)

    assert list(found) == ["Chi bộ 1", "Tờ 2"]
    assert [number for number, _ in found["Chi bộ 1"]] == [1, 2, 4, 5]
    assert found["Chi bộ 1"][1][1][:7] == [
        "A1",
        "Nguyễn Thị Ánh",
        1080000042.0,
        True,
        date(1985, 5, 17),
        datetime(2020, 1, 2, 13, 30),
        date(1900, 1, 15),
    ]
    assert found["Tờ 2"] == [(3, ["", "", "", "từ D3"])]
    expected = _calamine(path)
    for name, table in found.items():
        assert _dense(table) == expected[name], name


def _package(
    tmp_path: Path, sheet: str, *, strings: str = "", styles: str = "", workbook_pr: str = ""
) -> Path:
    """A workbook written by hand: one sheet whose XML is ``sheet`` (rows, without the wrapper
    unless it starts with "<?xml"), optional shared strings and styles."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    if not sheet.startswith("<?xml"):
        sheet = f'<?xml version="1.0"?><worksheet xmlns="{main}"><sheetData>{sheet}</sheetData></worksheet>'
    path = tmp_path / "hand.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}">{workbook_pr}'
            '<sheets><sheet name="S &amp; T" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="/xl/sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if strings:
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{main}">{strings}</sst>')
        if styles:
            archive.writestr("xl/styles.xml", f'<styleSheet xmlns="{main}">{styles}</styleSheet>')
    return path


def test_strings_inline_shared_rich_with_escapes_and_phonetic_runs_left_out(tmp_path):
    strings = (
        "<si><t>Hà Nội</t></si>"
        '<si><r><rPr><b/><color rgb="FF000000"/><charset val="163"/></rPr>'
        '<t xml:space="preserve">Đảng </t></r>'
        "<r><t>viên</t></r><rPh sb='0' eb='1'><t>フリガナ</t></rPh></si>"
        "<si><t>a_x000D_b _x005F_x0041_ &#x1EA0; &amp;</t></si><si><t/></si>"
    )
    path = _package(
        tmp_path,
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
        '<c r="D1" t="inlineStr"><is><t xml:space="preserve"> x &lt;y&gt; </t></is></c>'
        '<c r="E1" t="inlineStr"><is><r><t>Chi</t></r>'
        '<r><t xml:space="preserve"> bộ &amp;lt;</t></r></is></c>'
        '<c r="F1" t="s"><v>3</v></c></row>',
        strings=strings,
    )
    ((number, cells),) = _read(path)["S & T"]
    assert number == 1
    assert cells == ["Hà Nội", "Đảng viên", "a\rb _x0041_ Ạ &", " x <y> ", "Chi bộ &lt;"]


def test_sparse_cells_rows_without_numbers_and_attributes_in_any_order(tmp_path):
    path = _package(
        tmp_path,
        '<row r="2" spans="1:5"><c r="C2"><v>1</v></c><c s="0" r="E2" t="str"><v>e</v></c></row>'
        '<row r="4"/><row><c><v>7</v></c><c><v>8</v></c><c r="$E$5" t=\'e\'><v>#N/A</v></c></row>'
        '<row r="7"><c r="A7"/><c r="B7"></c><c r="C7"><v></v></c></row>'
        '<row r="9" ht="20"><c r="AA9" t="b"><v>0</v></c></row>',
    )
    found = _read(path)["S & T"]
    assert found[0] == (2, ["", "", 1.0, "", "e"])
    assert found[1] == (5, [7.0, 8.0, "", "", "#N/A"])
    assert found[2][0] == 9 and len(found[2][1]) == 27 and found[2][1][26] is False
    assert len(found) == 3  # row 7 has cells but no value


def test_dates_follow_the_styles_and_the_1904_system(tmp_path):
    styles = (
        '<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
        '<numFmt numFmtId="165" formatCode="[$-42A]d mmmm yyyy;@"/>'
        '<numFmt numFmtId="166" formatCode="&quot;ngày&quot; 0"/></numFmts>'
        '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/>'
        '<xf numFmtId="166"/><xf numFmtId="14"/><xf numFmtId="20"/></cellXfs>'
    )
    row = (
        '<row r="1"><c r="A1" s="1"><v>31187</v></c><c r="B1" s="2"><v>31187</v></c>'
        '<c r="C1" s="3"><v>31187</v></c><c r="D1" s="4"><v>31187.5</v></c><c r="E1" s="5"><v>0.5</v></c>'
        '<c r="F1" t="d"><v>1985-05-20</v></c><c r="G1" s="1"><v>59</v></c>'
        '<c r="H1" s="1"><v>61</v></c></row>'
    )
    ((_, cells),) = _read(_package(tmp_path, row, styles=styles))["S & T"]
    assert cells == [
        date(1985, 5, 20),
        date(1985, 5, 20),
        31187.0,  # "ngày" is quoted text: not a date format
        datetime(1985, 5, 20, 12, 0),
        0.5,  # a time alone stays a number
        date(1985, 5, 20),
        date(1900, 2, 28),
        date(1900, 3, 1),
    ]
    (tmp_path / "hand.xlsx").unlink()
    ((_, cells),) = _read(_package(tmp_path, row, styles=styles, workbook_pr='<workbookPr date1904="1"/>'))[
        "S & T"
    ]
    assert cells[0] == date(1989, 5, 21)


def test_a_namespace_prefix_is_read(tmp_path):
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = (
        f'<?xml version="1.0"?><x:worksheet xmlns:x="{main}"><x:sheetData>'
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Số CCCD</x:t></x:is></x:c>'
        '<x:c r="B1"><x:v>12</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )
    assert _read(_package(tmp_path, sheet))["S & T"] == [(1, ["Số CCCD", 12.0])]


def test_a_formula_is_found_and_refused(tmp_path):
    path = _package(tmp_path, '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>')
    with pytest.raises(xlsx_stream.FormulaFound) as found, xlsx_stream.Workbook(str(path)) as workbook:
        list(workbook.rows(workbook.sheets[0]))
    assert found.value.sheet == "S & T"


@pytest.mark.parametrize(
    "sheet",
    [
        '<row r="1"><c r="A1" t="s"><v>5</v></c></row>',  # no such shared string
        '<row r="1"><c r="A1"><v>abc</v></c></row>',  # not a number
        '<row r="1048577"><c r="A1"><v>1</v></c></row>',  # beyond Excel's last row
    ],
)
def test_broken_cells_are_errors_not_guesses(tmp_path, sheet):
    path = _package(tmp_path, sheet)
    with pytest.raises(xlsx_stream.XlsxError), xlsx_stream.Workbook(str(path)) as workbook:
        list(workbook.rows(workbook.sheets[0]))


def test_a_broken_package_is_an_error(tmp_path):
    whole = roster.write(tmp_path / "w.xlsx", {"S": [roster.row(i) for i in range(200)]}).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    with pytest.raises(xlsx_stream.XlsxError), xlsx_stream.Workbook(str(cut)) as workbook:
        for sheet in workbook.sheets:
            list(workbook.rows(sheet))
    empty = tmp_path / "empty.xlsx"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(xlsx_stream.XlsxError):
        xlsx_stream.Workbook(str(empty))


def test_rows_cut_across_chunks_are_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_stream, "CHUNK", 97)  # cuts inside tags and inside UTF-8 characters
    lines = [roster.row(i, Họ_và_tên=f"Đặng Thị Ường {i}") for i in range(60)]
    path = roster.write(tmp_path / "r.xlsx", {"Danh sách": lines})
    found = [cells for _, _, cells in reader.read_rows(str(path))]
    assert [cells[1] for cells in found] == [f"Đặng Thị Ường {i}" for i in range(60)]
    assert found[59][7] == roster.cccd(59) and found[59][2] == date(1980, 1, 1 + 59 % 28)


def _resident() -> int:
    """The resident size now (chibo runs on Debian: /proc is there; a missing one fails the test)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_memory_stays_bounded_while_reading_a_large_sheet(tmp_path):
    """50,000 roster rows: the sheet's XML is ~25 MB; python-calamine grows the process by ~28 MB
    (its sheet, in Rust) before the first row, and held as Python objects the rows take ~70 MB.
    The reader holds one chunk of XML and one row: the resident size hardly moves (sampled every
    1,000 rows) and the Python allocations peak at a few MB (a whole-sheet read fails both)."""
    path = roster.write_fast(tmp_path / "big.xlsx", 50_000)
    with zipfile.ZipFile(path) as archive:
        xml_size = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    assert xml_size > 20_000_000
    before, grown = _resident(), 0
    count, last = 0, None
    for found in reader.read_rows(str(path)):
        count, last = count + 1, found
        if count % 1000 == 0:
            grown = max(grown, _resident() - before)
    _, number, cells = last
    assert count == 50_000 and number == 50_001 and cells[7] == roster.cccd(49_999)
    assert grown < 12_000_000, grown
    tracemalloc.start()
    try:
        for _ in reader.read_rows(str(path)):
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000, peak


def test_the_roster_refusals_keep_their_messages(tmp_path):
    path = _package(tmp_path, '<row r="1"><c r="A1" t="s"><v>9</v></c></row>')
    with pytest.raises(RuleViolation) as refusal:
        list(reader.read_rows(str(path)))
    assert refusal.value.code == "exchange.corrupt"
    header = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(rows.HEADER)
    )
    path.unlink()
    path = _package(tmp_path, f'<row r="1">{header}</row><row r="2"><c r="A2"><f>A1</f></c></row>')
    with pytest.raises(RuleViolation) as refusal:
        list(reader.read_rows(str(path)))
    assert refusal.value.code == "exchange.formulas"
