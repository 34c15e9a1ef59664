"""Vietnamese text helpers (chibo.rules.text): ../shared/STACK.md "Vietnamese text"."""

from __future__ import annotations

import unicodedata

from chibo.rules.text import fold, given_name_sort_key, normalize


def test_fold_drops_diacritics_and_d_stroke():
    assert fold("Đặng Thị Ánh") == "dang thi anh"
    assert fold("đảng ủy") == "dang uy"
    assert fold("ĐẢNG BỘ") == "dang bo"


def test_fold_of_decomposed_input_equals_fold_of_composed_input():
    composed = unicodedata.normalize("NFC", "Nguyễn Thị Hường Đức")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert fold(decomposed) == fold(composed) == "nguyen thi huong duc"


def test_normalize_collapses_white_space():
    assert normalize("  Trần \t Thị\n\nAn  ") == "Trần Thị An"
    assert normalize("\u00a0Lê\u2003Ánh ") == "Lê Ánh"


def test_normalize_composes():
    decomposed = unicodedata.normalize("NFD", "Ánh")
    assert normalize(decomposed) == unicodedata.normalize("NFC", "Ánh")


def test_given_name_sort_key_orders_by_given_name():
    names = ["Nguyễn Văn Đức", "Trần Thị An", "Lê Ánh"]
    assert sorted(names, key=given_name_sort_key) == ["Trần Thị An", "Lê Ánh", "Nguyễn Văn Đức"]


def test_given_name_sort_key_breaks_ties_by_full_name():
    names = ["Trần Văn An", "Lê Thị An"]
    assert sorted(names, key=given_name_sort_key) == ["Lê Thị An", "Trần Văn An"]
