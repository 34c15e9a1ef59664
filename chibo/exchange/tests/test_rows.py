"""The pure row rules: header matching, tolerant values, every refusal of a row (no database)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from chibo.exchange import rows
from chibo.rules.errors import RuleViolation

TODAY = date(2026, 6, 1)
CHOICES = {
    "education_professional": {"dai hoc": "bachelor", "bachelor": "bachelor"},
    "theory_level": {"trung cap": "intermediate"},
}


def cells(**values):
    base = {
        "unit_code": "a1",
        "full_name": "  Nguyễn   Văn An ",
        "cccd": "001080000001",
        "birth_date": "17/05/1985",
        "sex": "nữ",
    }
    base.update(values)
    return [base.get(column.field) for column in rows.COLUMNS]


def test_headers_match_ignoring_case_diacritics_spaces_and_order():
    sheet = ["SO CCCD", "ho va ten", "  Mã  Đơn Vị ", "Ghi chú", "ngày vào đảng"]
    found, missing = rows.match_header(sheet)
    assert {i: c.field for i, c in found.items()} == {
        0: "cccd",
        1: "full_name",
        2: "unit_code",
        4: "ceremony_on",
    }
    assert missing == []


def test_missing_required_columns_are_named():
    _, missing = rows.match_header(["Họ và tên", "Ngày sinh"])
    assert missing == ["Mã đơn vị", "Số CCCD"]


def test_the_canonical_header_is_the_members_export_header():
    from chibo.members.exports import ROSTER_HEADER

    assert rows.HEADER == ROSTER_HEADER


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2001, 2, 3), date(2001, 2, 3)),
        (datetime(2001, 2, 3, 0, 0), date(2001, 2, 3)),
        ("03/02/2001", date(2001, 2, 3)),
        (" 3/2/2001 ", date(2001, 2, 3)),
        ("03-02-2001", date(2001, 2, 3)),
        ("2001-02-03", date(2001, 2, 3)),
        ("", None),
        (None, None),
    ],
)
def test_dates_as_excel_dates_or_text(value, expected):
    assert rows.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2001", "2001", "hôm qua", "13/13/2001"])
def test_impossible_dates_are_refused(value):
    with pytest.raises(RuleViolation) as refusal:
        rows.parse_date(value)
    assert refusal.value.code == "exchange.date_invalid"


def test_sex_nam_nu_any_case_and_diacritics():
    assert [rows.parse_sex(v) for v in ("Nam", "NỮ", "nu", " nữ ", "")] == ["M", "F", "F", "F", ""]
    with pytest.raises(RuleViolation) as refusal:
        rows.parse_sex("khác")
    assert refusal.value.code == "member.sex_invalid"


def test_cccd_stored_as_a_number_gets_its_leading_zeros_back():
    assert rows.parse_cccd(1080000001.0) == "001080000001"
    assert rows.parse_cccd(" 001 080 000 001 ") == "001080000001"


def test_text_is_nfc_and_trimmed():
    decomposed = "Nguye\u0302\u0303n"  # Nguyễn written with combining marks
    assert rows.parse_text(f"  {decomposed}\t Văn ") == "Nguyễn Văn"
    assert rows.parse_text(12345678.0) == "12345678"


def test_a_valid_row_gives_clean_values():
    values, errors = rows.check_row(
        cells(education_professional="Đại Học", theory_level="trung cấp"), today=TODAY, choices=CHOICES
    )
    assert errors == []
    assert values["unit_code"] == "A1"
    assert values["full_name"] == "Nguyễn Văn An"
    assert values["birth_date"] == date(1985, 5, 17)
    assert values["sex"] == "F"
    assert values["education_professional"] == "bachelor" and values["theory_level"] == "intermediate"
    assert rows.status_for(values) == "probationary"
    assert rows.status_for({**values, "official_on": date(2011, 1, 1)}) == "official"


def test_every_bad_cell_of_a_row_is_reported_at_once():
    _, errors = rows.check_row(
        cells(
            unit_code="",
            full_name="",
            cccd="12345",
            birth_date="30/02/1990",
            sex="x",
            education_professional="phù thủy",
            card_number="1" * 21,
            official_on="01/01/2030",
        ),
        today=TODAY,
        choices=CHOICES,
    )
    assert {(e.column, e.code) for e in errors} == {
        ("Mã đơn vị", "exchange.required"),
        ("Họ và tên", "exchange.required"),
        ("Số CCCD", "member.cccd_format"),
        ("Ngày sinh", "exchange.date_invalid"),
        ("Giới tính", "member.sex_invalid"),
        ("Chuyên môn", "exchange.choice_invalid"),
        ("Số thẻ đảng viên", "exchange.too_long"),
        ("Ngày chính thức", "date.in_future"),
    }


def test_cccd_is_required_and_checked_like_the_member_form():
    _, errors = rows.check_row(cells(cccd=""), today=TODAY, choices=CHOICES)
    assert [(e.column, e.code) for e in errors] == [("Số CCCD", "exchange.required")]
    _, errors = rows.check_row(cells(cccd="999080000001"), today=TODAY, choices=CHOICES)
    assert [e.code for e in errors] == ["member.cccd_province"]


def test_dates_out_of_order_are_refused_with_the_member_rule():
    _, errors = rows.check_row(
        cells(admitted_on="10/03/2010", ceremony_on="01/03/2010"), today=TODAY, choices=CHOICES
    )
    assert [e.code for e in errors] == ["member.ceremony_before_decision"]


@pytest.mark.parametrize(
    "name",
    [
        "Nguyễn Văn Đức",
        "An",
        "Lê Thị Ánh 2",
        "Đỗ  Ăn Ân",
        "Phạm Văn Nhập 10",
        "Hồ Chí Minh",
        "Y Ngông Niê Kdăm",
        "",
    ],
)
def test_name_keys_word_by_word_equal_the_rules_letter_by_letter(name):
    from chibo.rules.text import fold, normalize, roster_sort_key

    clean = normalize(name)
    assert rows.name_keys(clean) == (fold(clean), roster_sort_key(clean))


def test_name_keys_on_many_names():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from chibo.rules.text import fold, normalize, roster_sort_key

    letters = st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÔƠƯáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữựý 0123456789-")
    )

    @settings(max_examples=300, deadline=None)
    @given(st.lists(letters, min_size=1, max_size=30).map("".join))
    def check(text):
        clean = normalize(text)
        assert rows.name_keys(clean) == (fold(clean), roster_sort_key(clean))

    check()


def test_the_checker_of_an_import_gives_the_same_outcome_for_a_value_seen_before(monkeypatch):
    checker = rows.RowChecker(today=TODAY, choices=CHOICES)
    samples = [
        cells(),
        cells(sex="x", birth_date="30/02/1990"),
        cells(official_on="01/01/2030", unit_code="b2"),
        cells(sex="x", birth_date="30/02/1990", full_name=""),
    ]
    for sample in samples * 3:
        assert checker.check(sample) == rows.check_row(sample, today=TODAY, choices=CHOICES)
    assert checker.memos[3] == {  # sex: each distinct value worked out once
        "nữ": ("F", ()),
        "x": (None, (rows.RowError("Giới tính", "member.sex_invalid", {"sex": "x"}),)),
    }
    assert checker.memos[1] is None  # names are not remembered
    monkeypatch.setattr(rows, "MEMO_LIMIT", 2)
    bounded = rows.RowChecker(today=TODAY, choices=CHOICES)
    for n in range(10):
        bounded.check(cells(unit_code=f"u{n}"))
    assert len(bounded.memos[0]) == 2
