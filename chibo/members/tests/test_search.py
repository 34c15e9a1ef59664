"""Name search: what matches, in which order, by either plan (the members of the matching names,
or a walk of the roster), with the same number of queries whatever the number of matches; and
the names a search reads (``NameKey``) stay right through every service that writes a name.

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


PLANS = ["names", "walk"]


@pytest.fixture(params=PLANS)
def plan(request, monkeypatch):  # type: ignore[no-untyped-def]
    """Force one plan whatever the number of matching names (on SQLite both are the same query)."""
    force(monkeypatch, request.param)
    return request.param


def force(monkeypatch, plan: str) -> None:  # type: ignore[no-untyped-def]
    """The members of the matching names, or a walk of the roster (too many names)."""
    monkeypatch.setattr(selectors, "NAMES_UP_TO", -1 if plan == "walk" else 10_000)


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
    for plan in PLANS:
        force(monkeypatch, plan)
        found = member_list(user=board, filters=MemberFilters(q="nguyen van"), within=unit)
        pages[plan] = [[m.pk for m in found[start : start + 51]] for start in (0, 50, 100)]
    # then
    assert pages["names"] == pages["walk"]
    assert [len(page) for page in pages["walk"]] == [51, 51, 30]
    names = [m.full_name for m in member_list(user=board, filters=MemberFilters(q="nguyen van"), within=unit)]
    assert names[:3] == ["Nguyễn Văn An"] * 3 and names[-1] == "Nguyễn Văn Vinh"


GIVEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Long", "Minh", "Sơn", "Tâm", "Tuấn", "Vinh", "Ánh"]


@pytest.mark.parametrize("plan", PLANS)
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
    assert queries("h'hen") == few  # no such name
    assert queries("0931") == few
    # the member list without a search, plus the matching names on PostgreSQL
    assert few == queries("") + (1 if connection.vendor == "postgresql" else 0)


def test_names_with_the_same_sort_key_are_told_apart(tree, board, plan):
    """Characters other than letters, digits and spaces all sort as one: these names share a
    sort key, so the search checks such rows against the folded name."""
    from chibo.members.models import Member

    unit = make_unit(tree.b, "T", "chi_bo")
    names = ["H'Hen Niê", "H-Hen Niê", "Lê B\u0306ình", "Lê -ình"]
    specs = [MemberSpec(full_name=name, status="official") for name in names]
    members_bulk_create(actor=None, unit_specs=[(unit, specs)], joined_on=date(2015, 1, 1), batch_target=unit)
    sort_keys = dict(Member.objects.filter(unit=unit).values_list("full_name", "name_sort"))
    assert sort_keys["H'Hen Niê"] == sort_keys["H-Hen Niê"]
    assert sort_keys["Lê B\u0306ình"] == sort_keys["Lê -ình"]
    assert _found(board, unit, "h'hen") == ["H'Hen Niê"]
    assert _found(board, unit, "h-hen n") == ["H-Hen Niê"]
    assert _found(board, unit, "nie") == ["H'Hen Niê", "H-Hen Niê"]
    assert _found(board, unit, "binh") == ["Lê B\u0306ình"]
    assert _found(board, unit, "le") == ["Lê B\u0306ình", "Lê -ình"]


def _keys_of_members() -> set[tuple[str, str]]:
    from chibo.members.models import Member

    expected = set()
    for folded, sort_key in Member.objects.values_list("name_folded", "name_sort"):
        words = folded.split(" ")
        expected.update((" ".join(words[i:]), sort_key) for i in range(len(words)))
    return expected


def test_every_service_that_writes_a_name_keeps_the_name_keys(tree, board, monkeypatch):
    from chibo.members import services as mem
    from chibo.members.models import NameKey

    # given members written by every service that writes a name
    mem.member_create(actor=board, unit=tree.a1, spec=MemberSpec("Khúc Thị Yến", "official"))
    admitted = MemberSpec("Đỗ Văn Mười", "probationary", admitted_on=date(2025, 1, 2))
    mem.member_admit(actor=board, unit=tree.a1, spec=admitted)
    mem.members_bulk_create(
        actor=board,
        unit_specs=[(tree.b1, [MemberSpec("Lê Thị Chín", "official")] * 2)],
        joined_on=date(2015, 1, 1),
        batch_target=tree.b1,
    )
    mem.members_bulk_load(
        actor=board,
        batch_target=tree.root,
        rows=[
            ("A1", MemberSpec("Ông Ích Khiêm", "official")),
            ("B1", MemberSpec("Ma Văn Kháng", "official")),
        ],
        joined_on=date(2015, 1, 1),
    )
    mem.member_transfer_in(
        actor=board,
        unit=tree.b1,
        spec=MemberSpec("Vũ Văn Nam", "official"),
        external_org="Đảng bộ Y",
        letter_number="7-GGT",
        letter_date=date(2025, 7, 1),
        presented_on=date(2025, 7, 5),
    )
    renamed = mem.member_create(actor=board, unit=tree.b1, spec=MemberSpec("Trần Văn Cũ", "official"))
    new_name = {"full_name": "Trần Thị Mới"}
    mem.member_update(actor=board, member=renamed, version=renamed.version, changes=new_name)
    # then every word start of every name is there, and the searches find the new names
    recorded = set(NameKey.objects.values_list("key", "name_sort"))
    assert _keys_of_members() <= recorded
    assert {key for key, _ in recorded} >= {"khuc thi yen", "yen", "ong ich khiem", "ma van khang", "moi"}
    for plan in PLANS:
        force(monkeypatch, plan)
        assert _found(board, tree.root, "tran thi m") == ["Trần Thị Mới"]
        assert _found(board, tree.root, "tran van cu") == []  # the old name only costs a look-up
        assert _found(board, tree.root, "ich kh") == ["Ông Ích Khiêm"]
        assert _found(board, tree.root, "chin") == ["Lê Thị Chín", "Lê Thị Chín"]


def test_a_correction_of_other_fields_keeps_the_keys(tree, board):
    from chibo.members import services as mem
    from chibo.members.models import Member, NameKey

    member = Member.objects.filter(unit=tree.a1).order_by("pk").first()
    NameKey.objects.all().delete()  # as if the sort key had been computed differently before
    Member.objects.filter(pk=member.pk).update(name_sort="stale")
    member.refresh_from_db()
    mem.member_update(actor=board, member=member, version=member.version, changes={"phone": "0912345678"})
    member.refresh_from_db()
    assert (member.name_folded, member.name_sort) in set(NameKey.objects.values_list("key", "name_sort"))


def test_the_matching_names_are_a_range_of_the_key_index(cell):
    """The key compares byte by byte (collation "C", migration 0009) so that the folded query is
    a prefix range of the unique index; SQLite does not read the keys (one plan: LIKE)."""
    from chibo.members.models import Member

    if connection.vendor != "postgresql":
        sql = str(Member.objects.filter(selectors._name_q("nguyen van d")).query)
        assert "ANY" not in sql and "LIKE" in sql
        return
    assert selectors._matching_names("nguyen van d", using="default")[0] == 2
    assert selectors._matching_names("nguy_n", using="default")[0] == 0  # LIKE wildcards are plain
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off")
        cursor.execute(
            "EXPLAIN SELECT name_sort FROM members_namekey WHERE key LIKE %s",
            [connection.ops.prep_for_like_query("nguyen van d") + "%"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "name_key_unique" in plan and "Index Cond: ((key >= 'nguyen van d'" in plan, plan


def test_the_page_comes_in_roster_order_from_the_roster_index(cell, board):
    """The members of the matching names are read from the index (name_sort, id), one name
    after the other: no sort, so a page stops after its rows."""
    found = member_list(user=board, filters=MemberFilters(q="nguyen"), within=cell)
    if connection.vendor != "postgresql":
        assert 'ORDER BY "members_member"."name_sort" ASC' in str(found.query)
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = found[:51].explain()
    assert "Index Scan using member_sort_idx" in plan and "= ANY" in plan and "Sort" not in plan, plan
    assert [m.full_name for m in found] == ["Nguyễn Đức Anh", "Nguyễn Văn Dũng", "Nguyễn Văn Đức"]


def test_the_plan_follows_the_number_of_names(cell, board, monkeypatch):
    def sql(q: str, names_up_to: int) -> str:
        monkeypatch.setattr(selectors, "NAMES_UP_TO", names_up_to)
        return str(member_list(user=board, filters=MemberFilters(q=q)).query)

    roster_order = 'ORDER BY "members_member"."name_sort" ASC, "members_member"."id" ASC'
    if connection.vendor != "postgresql":  # one plan: SQLite has no index to read the names from
        assert sql("nguyen", 0) == sql("nguyen", 10_000) and "ANY" not in sql("nguyen", 10_000)
        return
    names = sql("nguyen van", 10_000)  # the members of the matching names
    # the folded name is checked only where the sort key has a "$" (see above)
    assert "= ANY(" in names and "LIKE % nguyen van%" in names and roster_order in names
    walk = sql("nguyen van", 1)  # more names than allowed: walk the roster
    assert "ANY" not in walk and "LIKE % nguyen van%" in walk and roster_order in walk


def test_the_admin_searches_members_like_the_member_list(client, tree):
    """The Django admin's member search uses the name search (word starts, no marks), not a
    substring scan of every member."""
    from chibo.accounts.models import User
    from chibo.members.services import member_create

    duc = member_create(actor=None, unit=tree.a1, spec=MemberSpec("Nguyễn Văn Đức", "official"))
    client.force_login(User.objects.create_superuser("root", "root@example.org", "a-long-password-1"))

    def found(q: str) -> set[int]:
        page = client.get(reverse("admin:members_member_changelist"), {"q": q})
        assert page.status_code == 200
        return {m.pk for m in page.context["cl"].result_list}

    assert found("van duc") == {duc.pk}
    assert duc.pk not in found("uyen")
