"""The roster spreadsheet, row by row: its columns, header matching and the checks of one row.

Pure Python (no Django, no database): the service adds the checks that need the database (the
unit code inside the chosen subtree and the user's scope, the CCCD among the members on record).

Sources: DOMAIN.md §11 — the register of members (Mẫu 7-HSĐV [S51]) and the lý lịch (item 14:
decision date and ceremony date [S51b]) give the columns; the national database keys members on
the CCCD [S54], so an import row must carry one and a CCCD appears once per file. The checks of a
value are those of the member form (chibo.rules.members: CCCD format, order of the key dates).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from chibo.rules import members as member_rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import fold, normalize, vietnamese_sort_key


@dataclass(frozen=True)
class Column:
    header: str  # the canonical header (Vietnamese, as in the template)
    field: str  # the Member field (or "unit_code")
    kind: str  # text, date, sex, choice, cccd
    required: bool = False
    max_length: int = 255


#: The canonical layout, in order. "Ngày quyết định kết nạp" is the admission decision date
#: (``admitted_on``, party age counts from it); "Ngày vào Đảng" the admission ceremony, when the
#: member joined the party and probation began (``ceremony_on``, lý lịch item 14 [S51b]).
COLUMNS: tuple[Column, ...] = (
    Column("Mã đơn vị", "unit_code", "text", required=True, max_length=40),
    Column("Họ và tên", "full_name", "text", required=True, max_length=150),
    Column("Ngày sinh", "birth_date", "date"),
    Column("Giới tính", "sex", "sex"),
    Column("Dân tộc", "ethnicity", "text", max_length=50),
    Column("Tôn giáo", "religion", "text", max_length=50),
    Column("Quê quán", "home_town", "text"),
    Column("Số CCCD", "cccd", "cccd", required=True),
    Column("Ngày quyết định kết nạp", "admitted_on", "date"),
    Column("Ngày vào Đảng", "ceremony_on", "date"),
    Column("Ngày chính thức", "official_on", "date"),
    Column("Số thẻ đảng viên", "card_number", "text", max_length=20),
    Column("Trình độ học vấn", "education_general", "text", max_length=10),
    Column("Chuyên môn", "education_professional", "choice", max_length=20),
    Column("Lý luận chính trị", "theory_level", "choice", max_length=20),
    Column("Chức vụ", "position", "text"),
)
HEADER = [c.header for c in COLUMNS]
BY_FIELD = {c.field: c for c in COLUMNS}
#: The Member fields an import writes (all columns but the unit code).
MEMBER_FIELDS = tuple(c.field for c in COLUMNS if c.field != "unit_code")
#: Excel's last row (STACK.md gotcha 3): a sheet that reaches it was probably cut.
EXCEL_MAX_ROWS = 1_048_576

#: The levels as Vietnamese rosters write them (the export writes these; the import also reads the
#: stored codes and the UI's labels). Mẫu 7-HSĐV column 4 [S51]: chuyên môn, lý luận chính trị.
LEVEL_NAMES: dict[str, dict[str, str]] = {
    "education_professional": {
        "none": "Không",
        "elementary": "Sơ cấp",
        "intermediate": "Trung cấp",
        "college": "Cao đẳng",
        "bachelor": "Đại học",
        "master": "Thạc sĩ",
        "doctor": "Tiến sĩ",
    },
    "theory_level": {
        "none": "Không",
        "elementary": "Sơ cấp",
        "intermediate": "Trung cấp",
        "advanced": "Cao cấp",
        "bachelor": "Cử nhân",
    },
}

_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
_SEX = {"nam": "M", "nu": "F", "m": "M", "f": "F", "male": "M", "female": "F"}


def header_key(text: Any) -> str:
    """A header as compared: diacritics, case and every space ignored ("SỐ CCCD" = "so cccd")."""
    return "".join(fold(normalize(str(text or ""))).split())


_KEYS = {header_key(c.header): c for c in COLUMNS}


def match_header(cells: Sequence[Any]) -> tuple[dict[int, Column], list[str]]:
    """Which column of the sheet holds which roster column (any order, extra columns ignored),
    and the headers of the required columns missing. A header row is one that names at least
    half of the columns."""
    found: dict[int, Column] = {}
    for index, cell in enumerate(cells):
        column = _KEYS.get(header_key(cell))
        if column is not None and column not in found.values():
            found[index] = column
    missing = [c.header for c in COLUMNS if c.required and c not in found.values()]
    return found, missing


def looks_like_header(cells: Sequence[Any]) -> bool:
    found, _ = match_header(cells)
    return len(found) * 2 >= len(COLUMNS)


def parse_date(value: Any) -> date | None:
    """An Excel date (a date cell) or text ``dd/mm/yyyy`` (also ``-`` or ``.``, or ISO); empty →
    ``None``; anything else is refused (``exchange.date_invalid``)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = normalize(str(value))
    if not text:
        return None
    try:
        if match := _DATE_TEXT.match(text):
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        if match := _ISO_TEXT.match(text):
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        pass
    raise RuleViolation("exchange.date_invalid", value=text)


def parse_text(value: Any) -> str:
    """Cell text: NFC, trimmed, inner white space folded. Whole numbers typed into a text column
    (a card number Excel stored as a number) lose the ".0"."""
    if value.__class__ is str:
        if value.isascii() and value.isprintable() and "  " not in value:
            return value.strip()  # fast path: plain ASCII needs no normalisation
        return normalize(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return normalize(str(value))


@functools.lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return fold(text)


@functools.lru_cache(maxsize=200_000)
def _word_keys(word: str) -> tuple[str, str, str]:
    """A word's folded form and the two halves of its Vietnamese sort key (letters, tones)."""
    letters, tones = vietnamese_sort_key(word).split("!")
    return fold(word), letters, tones


def name_keys(full_name: str) -> tuple[str, str]:
    """``(fold(name), roster_sort_key(name))`` of a normalised name, word by word: names share
    few words, so each word is worked out once per import (chibo.rules.text gives the same
    values letter by letter; the key of a phrase is its words' letters joined by "#", then "!",
    then their tones)."""
    words = full_name.split(" ")
    keys = [_word_keys(word) for word in words]
    ordered = [keys[-1], *keys[:-1]]
    return (
        " ".join(k[0] for k in keys),
        "#".join(k[1] for k in ordered) + "!" + "".join(k[2] for k in ordered),
    )


def parse_sex(value: Any) -> str:
    """``Nam`` → M, ``Nữ`` → F (any case, diacritics optional); empty → ""; else
    ``member.sex_invalid``."""
    text = _folded(parse_text(value))
    if not text:
        return ""
    if text in _SEX:
        return _SEX[text]
    raise RuleViolation("member.sex_invalid", sex=parse_text(value))


def parse_choice(value: Any, labels: Mapping[str, str], field: str) -> str:
    """A choice column: the stored code or one of its labels (folded); empty → ""; else
    ``exchange.choice_invalid``. ``labels`` maps folded codes and labels to codes."""
    text = parse_text(value)
    if not text:
        return ""
    code = labels.get(_folded(text))
    if code is None:
        raise RuleViolation("exchange.choice_invalid", value=text, column=field)
    return code


def parse_cccd(value: Any) -> str:
    """The CCCD as 12 digits (member_rules.validate_cccd); a number cell loses its ".0" and the
    leading zeros Excel dropped are put back (a CCCD always has 12 digits)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        value = str(value).zfill(12)
    text = parse_text(value)
    if not text:
        return ""
    return member_rules.validate_cccd(text)


@dataclass(frozen=True)
class RowError:
    column: str  # the header of the column, "" for the whole row
    code: str
    params: dict[str, Any]


def check_row(
    cells: Sequence[Any], *, today: date, choices: Mapping[str, Mapping[str, str]]
) -> tuple[dict[str, Any], list[RowError]]:
    """The clean values of one row (``cells`` in the order of ``COLUMNS``, ``None`` where the sheet
    lacks the column) and every refusal in it: all columns are checked, so the report names every
    bad cell at once. Required columns (``exchange.required``), lengths (``exchange.too_long``),
    dates not in the future (``date.in_future``) and in order (chibo.rules.members.
    check_dates_order), CCCD format, sex and choices (the member form's rules, DOMAIN.md §11).
    An import checks its rows with one ``RowChecker`` (the same checks, remembered per value)."""
    return RowChecker(today=today, choices=choices).check(cells)


#: Columns whose values rarely repeat: checked every time, not remembered.
_UNIQUE_FIELDS = frozenset({"full_name", "cccd", "card_number"})
#: Distinct values remembered per column (a bound on memory whatever the file).
MEMO_LIMIT = 20_000


class RowChecker:
    """``check_row`` for one import: the outcome of a cell (its clean value and refusals) depends
    only on the cell, today and the choices, so it is worked out once per distinct value of a
    column (unit codes, dates, sex, ethnicity, levels, positions repeat across a roster), up to
    ``MEMO_LIMIT`` values a column; names, CCCDs and card numbers are checked every time."""

    def __init__(self, *, today: date, choices: Mapping[str, Mapping[str, str]]) -> None:
        self.today, self.choices = today, choices
        self.memos: list[dict[Any, tuple[Any, tuple[RowError, ...]]] | None] = [
            None if column.field in _UNIQUE_FIELDS else {} for column in COLUMNS
        ]
        self.plan = [
            (column.field, column, parse, memo)
            for (column, parse), memo in zip(_PARSERS, self.memos, strict=True)
        ]

    def cell(self, column: Column, parse: Any, raw: Any) -> tuple[Any, tuple[RowError, ...]]:
        try:
            value = parse(raw, self.choices)
        except RuleViolation as refusal:
            return None, (RowError(column.header, refusal.code, refusal.params),)
        if not value:
            if column.required:
                return value, (RowError(column.header, "exchange.required", {"column": column.header}),)
        elif value.__class__ is str:
            if len(value) > column.max_length:
                error = RowError(
                    column.header, "exchange.too_long", {"column": column.header, "max": column.max_length}
                )
                return value, (error,)
        elif value.__class__ is date and value > self.today:
            return value, (RowError(column.header, "date.in_future", {"day": value, "today": self.today}),)
        return value, ()

    def check(self, cells: Sequence[Any]) -> tuple[dict[str, Any], list[RowError]]:
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        for (name, column, parse, memo), raw in zip(self.plan, cells, strict=True):
            if memo is not None and (raw.__class__ is str or raw.__class__ is date or raw is None):
                outcome = memo.get(raw)
                if outcome is None:
                    outcome = self.cell(column, parse, raw)
                    if len(memo) < MEMO_LIMIT:
                        memo[raw] = outcome
            else:
                outcome = self.cell(column, parse, raw)
            values[name] = outcome[0]
            if outcome[1]:
                errors.extend(outcome[1])
        if not errors or not any(e.column in _DATE_HEADERS for e in errors):
            try:
                member_rules.check_dates_order(
                    birth_date=values["birth_date"],
                    admitted_on=values["admitted_on"],
                    ceremony_on=values["ceremony_on"],
                    official_on=values["official_on"],
                )
            except RuleViolation as refusal:
                errors.append(RowError("", refusal.code, refusal.params))
        return values, errors


_DATES = ("birth_date", "admitted_on", "ceremony_on", "official_on")
_DATE_HEADERS = frozenset(BY_FIELD[f].header for f in _DATES)


def _parser(column: Column) -> Any:
    if column.kind == "date":
        return lambda raw, choices: parse_date(raw)
    if column.kind == "sex":
        return lambda raw, choices: parse_sex(raw)
    if column.kind == "cccd":
        return lambda raw, choices: parse_cccd(raw)
    if column.kind == "choice":
        return lambda raw, choices: parse_choice(raw, choices.get(column.field, {}), column.header)
    if column.field == "unit_code":
        return lambda raw, choices: parse_text(raw).upper()
    return lambda raw, choices: parse_text(raw)


_PARSERS = [(column, _parser(column)) for column in COLUMNS]


def status_for(values: Mapping[str, Any]) -> str:
    """The status of a member the roster creates: official when the official date is known,
    probationary otherwise (the roster has no status column; DOMAIN.md §2: official as of the end
    of probation)."""
    return member_rules.OFFICIAL if values.get("official_on") else member_rules.PROBATIONARY
