"""Name search: what matches, in which order, by either plan (sort the matches or walk the
roster), with the same number of queries whatever the number of matches.

On PostgreSQL the two plans are different SQL (docs/decisions/0006-national-scale.md); the
``plan`` fixture forces each one, and both must give exactly the same pages. On SQLite there is
one plan and these tests check the semantics.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chibo.core.testing import make_unit, user_with_role
from chibo.members import selectors
from chibo.members.selectors import MemberFilters, member_list
from chibo.members.services import MemberSpec, members_bulk_create

pytestmark = pytest.mark.django_db

NAMES = [
    "Nguyễn Văn Đức",
    "Nguyễn Văn Dũng",
    "Nguyễn Đức Anh",
    "Phạm Đức",
    "Đặng Thị Thu Hà",
    "Lê Thị Uyên",
    "Vũ Khoa",
    "H'Hen Niê",
    "Y-Moan Êban",
    "Trần Ánh",
    "Bùi An",
    "Hoàng Ân",
]


@pytest.fixture
def cell(tree):  # type: ignore[no-untyped-def]
    unit = make_unit(tree.b, "S", "chi_bo")
    numbers = {"Nguyễn Văn Đức": {"card_number": "093123", "cccd": "001090012345"}}
    specs = [MemberSpec(full_name=name, status="official", **numbers.get(name, {})) for name in NAMES]
    members_bulk_create(actor=None, unit_specs=[(unit, specs)], joined_on=date(2015, 1, 1), batch_target=unit)
    return unit


@pytest.fixture(params=["words", "trigrams", "walk"])
def plan(request, monkeypatch):  # type: ignore[no-untyped-def]
    """Force one plan whatever the estimate (on SQLite they are all the same query)."""
    force(monkeypatch, request.param)
    return request.param


def force(monkeypatch, plan: str) -> None:  # type: ignore[no-untyped-def]
    """Sort the matches from the word index, from the trigram index (phrases), or walk the roster."""
    monkeypatch.setattr(selectors, "WALK_FROM_MATCHES", 0 if plan == "walk" else float("inf"))
    monkeypatch.setattr(selectors, "WORDS_UP_TO_MATCHES", -1 if plan == "trigrams" else float("inf"))


def _found(user, unit, q):  # type: ignore[no-untyped-def]
    return [m.full_name for m in member_list(user=user, filters=MemberFilters(q=q), within=unit)]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # diacritics, case and đ → d are ignored, in the query and in the names
        ("nguyen van duc", ["Nguyễn Văn Đức"]),
        ("NGUYỄN VĂN ĐỨC", ["Nguyễn Văn Đức"]),
        ("  nguyễn   VĂN đức ", ["Nguyễn Văn Đức"]),
        ("Nguye\u0302\u0303n va\u0306n", ["Nguyễn Văn Dũng", "Nguyễn Văn Đức"]),  # decomposed input
        ("dang thi", ["Đặng Thị Thu Hà"]),
        # any word may start the match; the last word is a prefix (the user is typing)
        ("nguyen van d", ["Nguyễn Văn Dũng", "Nguyễn Văn Đức"]),
        ("van duc", ["Nguyễn Văn Đức"]),
        ("thi thu h", ["Đặng Thị Thu Hà"]),
        ("duc", ["Nguyễn Đức Anh", "Nguyễn Văn Đức", "Phạm Đức"]),
        ("d", ["Nguyễn Đức Anh", "Nguyễn Văn Dũng", "Nguyễn Văn Đức", "Phạm Đức", "Đặng Thị Thu Hà"]),
        ("an", ["Bùi An", "Nguyễn Đức Anh", "Trần Ánh", "Hoàng Ân"]),  # roster order: An < Anh < Ánh < Ân
        ("uyen", ["Lê Thị Uyên"]),  # not every Nguyễn
        ("khoa", ["Vũ Khoa"]),
        # words the word index does not split the same way (apostrophes, hyphens)
        ("h'hen", ["H'Hen Niê"]),
        ("h'hen nie", ["H'Hen Niê"]),
        ("y-moan", ["Y-Moan Êban"]),
        ("y-moan eb", ["Y-Moan Êban"]),
        # card number prefix, CCCD prefix (the board may see CCCDs), typed with a space
        ("0931", ["Nguyễn Văn Đức"]),
        ("00109001", ["Nguyễn Văn Đức"]),
        ("001 090", ["Nguyễn Văn Đức"]),
    ],
)
def test_search_matches_from_the_start_of_a_word_in_roster_order(cell, board, plan, q, expected):
    assert _found(board, cell, q) == expected


@pytest.mark.parametrize(
    "q",
    [
        "guyen",  # inside a word
        "yen",
        "hen",  # after an apostrophe: not the start of a word
        "moan",
        "duc nguyen",  # words out of order
        "nguyen duc van",
        "nguyen d van",
        "nguyen van ducc",
        "van  du c",
        "nguy_n",  # LIKE wildcards are plain characters
        "%",
        "nguyen%",
        "9312",  # inside a number
        "12345",
        "0931 3",
    ],
)
def test_search_does_not_match_inside_words_or_out_of_order(cell, board, plan, q):
    assert _found(board, cell, q) == []


def test_search_by_cccd_only_for_those_who_may_see_cccds(cell, plan):
    viewer = user_with_role("viewer", "viewer", cell)
    assert _found(viewer, cell, "00109001") == []
    assert _found(viewer, cell, "0931") == ["Nguyễn Văn Đức"]


def test_a_query_of_marks_only_lists_everyone(cell, board, plan):
    assert len(_found(board, cell, "\u0301\u0303")) == len(NAMES)


def test_both_plans_give_the_same_pages(tree, board, monkeypatch):
    # given 130 matches of "nguyen van" spread over three pages, and others
    unit = make_unit(tree.b, "P", "chi_bo")
    specs = [MemberSpec(full_name=f"Nguyễn Văn {given}", status="official") for given in GIVEN * 10]
    specs += [MemberSpec(full_name=f"Trần Thị {given}", status="official") for given in GIVEN * 3]
    members_bulk_create(actor=None, unit_specs=[(unit, specs)], joined_on=date(2015, 1, 1), batch_target=unit)
    pages = {}
    for plan in ("words", "trigrams", "walk"):
        force(monkeypatch, plan)
        found = member_list(user=board, filters=MemberFilters(q="nguyen van"), within=unit)
        pages[plan] = [[m.pk for m in found[start : start + 51]] for start in (0, 50, 100)]
    # then
    assert pages["words"] == pages["trigrams"] == pages["walk"]
    assert [len(page) for page in pages["walk"]] == [51, 51, 30]
    names = [m.full_name for m in member_list(user=board, filters=MemberFilters(q="nguyen van"), within=unit)]
    assert names[:3] == ["Nguyễn Văn An"] * 3 and names[-1] == "Nguyễn Văn Vinh"


GIVEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Long", "Minh", "Sơn", "Tâm", "Tuấn", "Vinh", "Ánh"]


@pytest.mark.parametrize("plan", ["words", "trigrams", "walk"])
def test_a_search_page_costs_the_same_number_of_queries_whatever_the_matches(
    client, tree, board, monkeypatch, plan
):
    force(monkeypatch, plan)
    client.force_login(board)
    unit = make_unit(tree.b, "P", "chi_bo")
    url = reverse("members:list")
    client.get(url, {"q": "nguyen van"})  # warm the session

    def queries(q: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"q": q}).status_code == 200
        return len(captured)

    few = queries("nguyen van")
    specs = [MemberSpec(full_name=f"Nguyễn Văn {given}", status="official") for given in GIVEN * 10]
    members_bulk_create(actor=None, unit_specs=[(unit, specs)], joined_on=date(2015, 1, 1), batch_target=unit)
    assert queries("nguyen van") == few
    assert queries("h'hen") == few  # the trigram fallback
    assert queries("0931") == few
    # the member list without a search, plus one estimate on PostgreSQL
    assert few == queries("") + (1 if connection.vendor == "postgresql" else 0)


def test_the_word_condition_is_answered_by_the_word_index(cell):
    """The selector's expression must be the index's (migration 0008), or the index is never used.
    SQLite has no word index: there the search is the plain word-start condition, in roster order."""
    from chibo.members.models import Member

    if connection.vendor != "postgresql":
        sql = str(Member.objects.filter(selectors._name_q("nguyen van d")).query)
        assert "to_tsvector" not in sql and "LIKE" in sql
        return
    found = Member.objects.filter(selectors._indexed_name_q("nguyen van d"))
    with connection.cursor() as cursor:  # only a bitmap scan may avoid a sequential scan
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        plan = found.explain()
    assert "Bitmap Index Scan on member_name_words_idx" in plan, plan
    assert [m.full_name for m in found] == ["Nguyễn Văn Đức", "Nguyễn Văn Dũng"]


def test_the_plan_follows_the_estimate(cell, board, monkeypatch):
    def sql(q: str, estimate: float) -> str:
        monkeypatch.setattr(selectors, "_estimated_rows", lambda members: estimate)
        return str(member_list(user=board, filters=MemberFilters(q=q)).query)

    if connection.vendor != "postgresql":  # one plan whatever the estimate: SQLite has no EXPLAIN to ask
        assert sql("nguyen", 500_000.0) == sql("nguyen van", 50.0).replace("nguyen van", "nguyen")
        return
    roster_order = 'ORDER BY "members_member"."name_sort" ASC'
    walk = sql("nguyen", 500_000.0)
    assert "to_tsvector" not in walk and "LIKE % nguyen%" in walk and roster_order in walk
    words = sql("nguyen", 50_000.0)  # one word: the word index however many
    assert "to_tsvector" in words and roster_order not in words
    words = sql("nguyen van", 50.0)
    assert "to_tsvector" in words and "LIKE %nguyen van%" not in words and roster_order not in words
    trigrams = sql("nguyen van", 50_000.0)
    assert "to_tsvector" not in trigrams and "LIKE %nguyen van%" in trigrams and roster_order not in trigrams
