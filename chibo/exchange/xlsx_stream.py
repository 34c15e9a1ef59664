"""A streaming .xlsx reader: one row at a time, memory bounded whatever the number of rows.

python-calamine (0.9) reads a whole sheet into memory before it yields a row (its ``iter_rows``
walks a range already built; calamine has no lazy reader that pyo3 can expose), so a
million-row roster peaked at 1.46 GB. An .xlsx is a zip of XML parts; this module reads:

- ``xl/workbook.xml`` and ``xl/_rels/workbook.xml.rels``: the sheets in order, their names and
  parts, and the 1904 date system flag;
- ``xl/styles.xml``: which cell styles (``cellXfs``) show a number as a date — the built-in date
  formats (14–17, 22, 27–36, 50–58) and custom formats with a day, month-with-day or year code
  outside quotes and brackets; times alone (18–21, 45–47) stay numbers;
- ``xl/sharedStrings.xml``: the shared strings, the one table that must be held (a cell refers to
  it by index, anywhere in the sheet); it is bounded by the distinct texts of the file, not its
  rows (a roster repeats units, places, levels and, often, names), and is parsed chunk by chunk;
- each worksheet, decompressed 256 KB at a time and cut at the last complete ``</row>``: only the
  current chunk and one row's cells are held.

The worksheet XML is tokenised with compiled regular expressions rather than a general XML parser:
``xml.etree.ElementTree.iterparse`` costs about 28 µs a roster row on the development machine
(16 cells make 64 elements and events), this reader about 8 µs. What SpreadsheetML allows in a
cell is small and fixed (ECMA-376 Part 1, §18.3.1.4 ``c``): attributes ``r`` (reference), ``s``
(style), ``t`` (type: ``s`` shared string, ``inlineStr``, ``str`` formula text, ``b``, ``e``
error, ``d`` ISO date, ``n`` number, the default), and the children ``f`` (formula), ``v``
(value), ``is`` (inline string: ``t`` or rich-text runs ``r``/``t``, with phonetic runs ``rPh``
that are not part of the text). Namespace prefixes (``<x:c>``, written by some .NET libraries)
are read from the root element. Text is unescaped (XML entities and character references, then
Excel's ``_xHHHH_`` escapes of characters XML cannot carry).

Values are what python-calamine gave: ``str``, ``float`` for every number, ``bool``,
``datetime.date`` (a date style, whole serial) or ``datetime.datetime`` (with a time), ``""`` for
an empty or missing cell. Refusals: ``XlsxError`` for a part that is missing or not XML as
expected; ``FormulaFound`` for a cell holding a formula (the roster must hold values).
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import IO, Any

#: Excel's last row (STACK.md gotcha 3).
MAX_ROWS = 1_048_576
#: Bytes decompressed at a time (256 KB: the peak is a few times this).
CHUNK = 1 << 18

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: Built-in number formats that show a date (with or without a time); ECMA-376 §18.8.30 and the
#: East Asian built-ins Excel maps to dates. 18–21 and 45–47 are times alone: left as numbers.
BUILTIN_DATE_FORMATS = frozenset({14, 15, 16, 17, 22, *range(27, 37), *range(50, 59)})


class XlsxError(Exception):
    """The package is not a readable workbook (a part missing, broken XML, a broken zip)."""


class FormulaFound(Exception):  # a finding of the reader, named as the refusal it leads to
    def __init__(self, sheet: str) -> None:
        super().__init__(sheet)
        self.sheet = sheet


@dataclass(frozen=True)
class SheetInfo:
    name: str
    part: str  # the zip member, e.g. "xl/worksheets/sheet1.xml"


# --- small parts: workbook, relationships, styles ---------------------------------------------------

_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(text: str) -> dict[str, str]:
    """Attributes of a start tag, by local name (``r:id`` → ``id`` too), unescaped."""
    found: dict[str, str] = {}
    for name, double, single in _ATTR.findall(text):
        value = double if double or not single else single
        if "&" in value:
            value = html.unescape(value)
        found[name] = value
        if ":" in name:
            found.setdefault(name.split(":", 1)[1], value)
    return found


def _tags(xml: str, local: str) -> Iterator[dict[str, str]]:
    """The attributes of every ``<local …>`` element (any prefix) of a small part."""
    for match in re.finditer(rf"<(?:[\w.-]+:)?{local}\b([^>]*)>", xml):
        yield _attrs(match.group(1))


def _part_text(archive: zipfile.ZipFile, name: str) -> str | None:
    try:
        data = archive.read(name)
    except KeyError:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise XlsxError(f"{name}: not UTF-8 or UTF-16") from exc


def _is_date_format(code: str) -> bool:
    """A custom number format that shows a date: a d or y outside quoted text, escaped
    characters and bracketed parts ([Red], [$-42A], [h])."""
    text = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", code).lower()
    text = text.split(";", 1)[0]  # the positive section decides
    return "d" in text or "y" in text


# --- text ------------------------------------------------------------------------------------------

_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """XML entities and character references, then Excel's ``_xHHHH_`` (``_x005F_`` is ``_``)."""
    if "&" in text:
        text = html.unescape(text)
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


class _Syntax:
    """The compiled patterns for one namespace prefix ("" or "x:")."""

    def __init__(self, prefix: str) -> None:
        p = re.escape(prefix)
        self.row_start = f"<{prefix}row"
        self.row_end = f"</{prefix}row>"
        # a cell: its attributes, "/" when empty, then a value alone, an inline string alone, or
        # anything else (a formula, rich text, extensions) for the slower path
        # (possessive quantifiers: no backtracking on a broken cell)
        self.cells = re.compile(
            rf"<{p}c(?=[\s>/])(?:\s+r=\"\$?([A-Z]{{1,3}})\$?\d+\")?([^>]*?)(?:/>|>(?:<{p}v>([^<]*)"
            rf"</{p}v>|<{p}is><{p}t(?:\s[^>]*)?>([^<]*)</{p}t></{p}is>|((?:[^<]++|<(?!/{p}c>))*+))"
            rf"</{p}c>)"
        )
        self.columns: dict[str, int] = {}
        self.value = re.compile(rf"<{p}v(?:\s[^>]*)?>(.*?)</{p}v>", re.S)
        self.text = re.compile(rf"<{p}t(?:\s[^>]*)?>(.*?)</{p}t>", re.S)
        self.phonetic = re.compile(rf"<{p}rPh\b.*?</{p}rPh>", re.S)
        self.formula = re.compile(rf"<{p}f[\s/>]")
        self.si = re.compile(rf"<{p}si\b[^>]*?(?:/>|>(.*?)</{p}si>)", re.S)
        self.si_end = f"</{prefix}si>"

    def rich_text(self, inner: str) -> str:
        """The text of an ``is`` or ``si`` element: its ``t`` elements, phonetic runs left out."""
        if "rPh" in inner:
            inner = self.phonetic.sub("", inner)
        parts = self.text.findall(inner)
        text = parts[0] if len(parts) == 1 else "".join(parts)
        return unescape(text)


@lru_cache(maxsize=8)
def _syntax(prefix: str) -> _Syntax:
    return _Syntax(prefix)


_ROOT = re.compile(r"<(?:([\w.-]+):)?(worksheet|sst)\b")


def _chunks(archive: zipfile.ZipFile, part: str) -> Iterator[str]:
    """The part decoded, CHUNK bytes at a time, each piece ending on a whole character."""
    try:
        with archive.open(part) as member:
            pending = b""
            while block := member.read(CHUNK):
                block = pending + block
                cut = len(block)
                # don't split a UTF-8 sequence: back off to the start of the last character
                while cut > 0 and cut > len(block) - 4 and (block[cut - 1] & 0xC0) == 0x80:
                    cut -= 1
                if cut and block[cut - 1] >= 0xC0:
                    cut -= 1
                pending = block[cut:]
                yield block[:cut].decode("utf-8")
            if pending:
                yield pending.decode("utf-8")
    except KeyError as exc:
        raise XlsxError(f"missing part {part}") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError, OSError) as exc:
        raise XlsxError(f"{part}: {exc}") from exc


def _elements(archive: zipfile.ZipFile, part: str, end_tag: str) -> Iterator[tuple[_Syntax, str]]:
    """Pieces of a big part, each ending just after an ``end_tag`` (the rest is carried over),
    with the syntax of the part's prefix."""
    syntax: _Syntax | None = None
    carry = ""
    for text in _chunks(archive, part):
        text = carry + text if carry else text
        if syntax is None:
            root = _ROOT.search(text)
            if root is None:
                if len(text) > 1 << 16:
                    raise XlsxError(f"{part}: no root element")
                carry = text
                continue
            syntax = _syntax(f"{root.group(1)}:" if root.group(1) else "")
        end = syntax.row_end if end_tag == "row" else syntax.si_end
        cut = text.rfind(end)
        if cut < 0:
            carry = text
            continue
        cut += len(end)
        yield syntax, text[:cut]
        carry = text[cut:]
    if carry:
        if syntax is None:
            raise XlsxError(f"{part}: no root element")
        yield syntax, carry


# --- the workbook ----------------------------------------------------------------------------------


def _column(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) & 0x1F)  # 'A' and 'a' → 1
    return index - 1


_REF = re.compile(r"([A-Za-z]{1,3})(\d*)")


class Workbook:
    """An open .xlsx: ``sheets`` in workbook order, ``rows(sheet)`` one at a time."""

    def __init__(self, source: str | IO[bytes]) -> None:
        try:
            self.archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise XlsxError(str(exc)) from exc
        try:
            self._read_workbook()
            self._read_styles()
            self.shared = self._read_shared_strings()
            self._kinds: dict[str, str] = {}
        except BaseException:
            self.archive.close()
            raise

    def close(self) -> None:
        self.archive.close()

    def _cell_kind(self, rest: str, cache: dict[str, str]) -> str:
        """The kind of a cell from its attributes other than a leading ``r`` (cached: a sheet
        has few combinations of style and type)."""
        found = _CELL_TYPE.search(rest)
        kind = _KINDS.get(found.group(1), _OTHER) if found else _NUMBER
        if kind is _NUMBER:
            style = _CELL_STYLE.search(rest)
            if style and int(style.group(1)) in self.date_styles:
                kind = _DATE
        if len(cache) < 10_000 and not _CELL_REF.search(rest):
            cache[rest] = kind
        return kind

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read_workbook(self) -> None:
        xml = _part_text(self.archive, "xl/workbook.xml")
        if xml is None:
            raise XlsxError("missing xl/workbook.xml")
        rels_xml = _part_text(self.archive, "xl/_rels/workbook.xml.rels") or ""
        targets = {}
        for rel in _tags(rels_xml, "Relationship"):
            target = rel.get("Target", "")
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id", "")] = (target, rel.get("Type", ""))
        self.date1904 = any(
            pr.get("date1904", "").lower() in ("1", "true") for pr in _tags(xml, "workbookPr")
        )
        self.sheets: list[SheetInfo] = []
        self.styles_part = next(
            (t for t, kind in targets.values() if kind.endswith("/styles")), "xl/styles.xml"
        )
        self.strings_part = next(
            (t for t, kind in targets.values() if kind.endswith("/sharedStrings")), "xl/sharedStrings.xml"
        )
        for sheet in _tags(xml, "sheet"):
            target, kind = targets.get(sheet.get("id", ""), ("", ""))
            if not target or not kind.endswith("/worksheet"):
                continue  # chart sheets, dialog sheets: no cells
            self.sheets.append(SheetInfo(sheet.get("name", ""), target))

    def _read_styles(self) -> None:
        """``self.date_styles``: the indexes of ``cellXfs`` whose number format is a date."""
        xml = _part_text(self.archive, self.styles_part) or ""
        custom = {
            int(fmt.get("numFmtId", "-1")): _is_date_format(fmt.get("formatCode", ""))
            for fmt in _tags(xml, "numFmt")
        }
        self.date_styles: frozenset[int] = frozenset()
        block = re.search(r"<(?:[\w.-]+:)?cellXfs\b[^>]*>(.*?)</(?:[\w.-]+:)?cellXfs>", xml, re.S)
        if block is None:
            return
        dates = set()
        for index, xf in enumerate(_tags(block.group(1), "xf")):
            number = int(xf.get("numFmtId", "0") or 0)
            if custom.get(number, number in BUILTIN_DATE_FORMATS):
                dates.add(index)
        self.date_styles = frozenset(dates)

    def _read_shared_strings(self) -> list[str]:
        if self.strings_part not in self.archive.NameToInfo:
            return []
        strings: list[str] = []
        for syntax, piece in _elements(self.archive, self.strings_part, "si"):
            for match in syntax.si.finditer(piece):
                inner = match.group(1)
                strings.append(syntax.rich_text(inner) if inner else "")
        return strings

    # --- the rows --------------------------------------------------------------------------------

    def rows(self, sheet: SheetInfo) -> Iterator[tuple[int, list[Any]]]:
        """``(row number, cells)`` of every row that has a cell, in order; ``cells[i]`` is column
        ``i`` (A = 0), ``""`` where the sheet has no value."""
        number = 0
        serial_to_day = _serial_1904 if self.date1904 else _serial_1900
        shared = self.shared
        for syntax, piece in _elements(self.archive, sheet.part, "row"):
            row_start, row_end, cells_of = syntax.row_start, syntax.row_end, syntax.cells.findall
            columns, kinds = syntax.columns, self._kinds
            for segment in piece.split(row_end):
                # the segment ends with one row's start tag and cells; what precedes it is the
                # sheet's head (first segment) or rows without cells (self-closing)
                at = segment.rfind(row_start)
                while at >= 0 and segment[at + len(row_start)] not in " \t\r\n>":
                    at = segment.rfind(row_start, 0, at)  # <rowBreaks> and the like
                if at < 0:
                    continue
                close = segment.find(">", at)
                head = segment[at:close]
                found = _ROW_NUMBER.search(head)
                if found:
                    number = int(found.group(1))
                else:  # after the previous row, which may be a row without cells (self-closing)
                    before = segment.rfind(row_start, 0, at)
                    if before >= 0:
                        previous = _ROW_NUMBER.search(segment, before, segment.find(">", before))
                        number = int(previous.group(1)) if previous else number + 1
                    number += 1
                if number > MAX_ROWS:
                    raise XlsxError(f"{sheet.part}: row {number} beyond Excel's last row")
                cells: list[Any] = []
                column = -1
                for letters, rest, raw, text, other in cells_of(segment, close + 1):
                    if letters:
                        column = columns.get(letters)
                        if column is None:
                            column = columns[letters] = _column(letters)
                    else:
                        column = _column_in(rest, column)
                    kind = kinds.get(rest)
                    if kind is None:
                        kind = self._cell_kind(rest, kinds)
                    if other:
                        if syntax.formula.search(other):
                            raise FormulaFound(sheet.name)
                        if kind is _INLINE:
                            text = syntax.rich_text(other)
                        else:
                            value_found = syntax.value.search(other)
                            if value_found is None:
                                continue
                            raw = value_found.group(1)
                    if kind is _SHARED:
                        try:
                            value: Any = shared[int(raw)]
                        except (ValueError, IndexError) as exc:
                            raise XlsxError(f"{sheet.part}: bad shared string {raw!r}") from exc
                        if not value:
                            continue
                    elif kind is _INLINE:
                        if not text:
                            continue
                        if not other and ("&" in text or "_x" in text):  # rich_text unescaped
                            text = unescape(text)
                        value = text
                    elif kind is _NUMBER or kind is _DATE:
                        if not raw:
                            continue
                        try:
                            value = float(raw)
                        except ValueError as exc:
                            raise XlsxError(f"{sheet.part}: bad number {raw[:20]!r}") from exc
                        if kind is _DATE:
                            value = serial_to_day(value)
                    elif not raw:
                        continue
                    elif kind is _BOOL:
                        value = raw == "1" or raw == "true"
                    elif kind is _ISO:
                        value = _iso_day(raw)
                    else:  # "str" (a formula's text: refused above), "e" (an error: "#N/A")
                        value = unescape(raw)
                    if column >= len(cells):
                        if column == len(cells):
                            cells.append(value)
                            continue
                        cells.extend([""] * (column - len(cells) + 1))
                    cells[column] = value
                if cells:
                    yield number, cells


_SHARED, _INLINE, _NUMBER, _DATE, _BOOL, _ISO, _OTHER = "s", "inlineStr", "n", "date", "b", "d", "str"
_KINDS = {"s": _SHARED, "inlineStr": _INLINE, "n": _NUMBER, "b": _BOOL, "d": _ISO, "str": _OTHER, "e": _OTHER}


def _column_in(attrs: str, previous: int) -> int:
    """The column of a cell whose ``r`` is not first among its attributes, or the next one."""
    ref = _CELL_REF.search(attrs)
    return _column(ref.group(1)) if ref else previous + 1


_ROW_NUMBER = re.compile(r"\br\s*=\s*[\"'](\d+)")
_CELL_REF = re.compile(r"\br\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?\d")
_CELL_TYPE = re.compile(r"\bt\s*=\s*[\"'](\w+)")
_CELL_STYLE = re.compile(r"\bs\s*=\s*[\"'](\d+)")
_EPOCH_1900 = date(1899, 12, 30)
_EPOCH_1904 = date(1904, 1, 1)


@lru_cache(maxsize=65_536)
def _serial_1900(serial: float) -> Any:
    """An Excel serial of the 1900 system as a date (or a datetime when it has a time). Serials
    before 1 March 1900 count from 31 December 1899 (Excel's phantom 29 February 1900)."""
    if serial < 0 or serial >= 2_958_466:  # after 9999-12-31: not a date, keep the number
        return serial
    epoch = _EPOCH_1900 if serial >= 61 else date(1899, 12, 31)
    return _day(epoch, serial)


@lru_cache(maxsize=65_536)
def _serial_1904(serial: float) -> Any:
    if serial < 0 or serial >= 2_957_004:
        return serial
    return _day(_EPOCH_1904, serial)


def _day(epoch: date, serial: float) -> Any:
    days = int(serial)
    if serial == days:
        return epoch + timedelta(days=days)
    seconds = round((serial - days) * 86_400)
    return datetime(epoch.year, epoch.month, epoch.day) + timedelta(days=days, seconds=seconds)


def _iso_day(text: str) -> Any:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return text
    if moment.time() == datetime.min.time() and "T" not in text and ":" not in text:
        return moment.date()
    return moment
