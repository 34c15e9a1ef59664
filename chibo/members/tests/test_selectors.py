"""The member reads: search, scope, roster order, filters, party age, figures, transfers."""

from __future__ import annotations

from datetime import date

import pytest

from chibo.core.testing import make_unit, user_with_role
from chibo.members import selectors
from chibo.members import services as svc
from chibo.members.selectors import MemberFilters, member_list
from chibo.members.services import MemberSpec
from chibo.rules.party_age import party_age
from chibo.rules.workdays import add_working_days

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)  # a Monday
JOINED = date(2020, 1, 1)
D = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def set_today(monkeypatch):
    """Freeze "today" where the services, the selectors and the regulations read it."""

    def freeze(day: date) -> None:
        for name in (
            "chibo.members.selectors.today",
            "chibo.core.regulations.today",
            "chibo.organizations.services.today",
        ):
            monkeypatch.setattr(name, lambda day=day: day)

    freeze(TODAY)
    return freeze


def _person(unit, full_name, status="official", **values):  # type: ignore[no-untyped-def]
    spec = MemberSpec(full_name=full_name, status=status, **values)
    # members with a history start their membership at their admission (events before JOINED)
    joined = spec.admitted_on if spec.admitted_on and spec.admitted_on < JOINED else JOINED
    return svc.member_create(actor=None, unit=unit, spec=spec, joined_on=joined)


def _names(members):  # type: ignore[no-untyped-def]
    return [m.full_name for m in members]


@pytest.fixture
def roster(tree):  # type: ignore[no-untyped-def]
    """A cell S under B with five members of known sex, age and party age on TODAY."""
    unit = make_unit(tree.b, "S", "chi_bo")
    people = {
        "duc": _person(
            unit,
            "Nguyễn Văn Đức",
            sex="M",
            birth_date=date(1990, 6, 1),  # 36
            admitted_on=date(2015, 1, 1),  # 11 years
            card_number="093123",
            cccd="001090012345",
        ),
        "mai": _person(
            unit,
            "Trần Thị Mai",
            "probationary",
            sex="F",
            birth_date=date(1996, 6, 2),  # 29
            admitted_on=date(2025, 9, 1),  # 0 years
            ceremony_on=date(2025, 10, 1),
        ),
        "tam": _person(
            unit,
            "Lê Văn Tâm",
            sex="M",
            birth_date=date(1960, 1, 1),  # 66
            admitted_on=date(1985, 1, 1),  # 41 years
        ),
        "hoa": _person(
            unit, "Phạm Thị Hoa", sex="F", birth_date=date(1975, 1, 1), admitted_on=date(2000, 1, 1)
        ),
        "khoa": _person(unit, "Vũ Khoa"),  # no sex, birth date or decision date on record
    }
    svc.member_leave(actor=None, member=people["hoa"], reason="resigned", on=D)
    return unit, people


# --- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "nguyen van duc",
        "NGUYEN",
        "duc",
        "Đức",
        "  nguyễn   VĂN đức ",
        "Nguye\u0302\u0303n",  # decomposed input
        "0931",  # card number prefix
        "00109001",  # CCCD prefix
        "001 090",  # CCCD prefix typed with a space
    ],
)
def test_search_finds_by_folded_name_or_number_prefix(roster, board, q):
    unit, _ = roster
    found = member_list(user=board, filters=MemberFilters(q=q), within=unit)
    assert _names(found) == ["Nguyễn Văn Đức"]


@pytest.mark.parametrize("q", ["9312", "12345", "nguyen van ducc", "Đức Nguyễn"])
def test_search_does_not_match_inside_numbers_or_other_names(roster, board, q):
    unit, _ = roster
    assert list(member_list(user=board, filters=MemberFilters(q=q), within=unit)) == []


@pytest.mark.parametrize(
    ("role", "where", "sees"),
    [
        ("secretary", "a", False),  # another đảng bộ
        ("org_board", "b1", False),  # a sibling cell
        (None, None, False),  # no role
        ("member", "b", False),  # members do not use the staff lists
        ("viewer", "b", True),  # the đảng bộ above the cell
        ("secretary", "s", True),
        ("inspector", "root", True),
    ],
)
def test_search_stays_in_the_users_scope(tree, roster, role, where, sees):
    unit, _ = roster
    place = unit if where == "s" else getattr(tree, where) if where else None
    user = user_with_role("u", role, place)
    found = _names(member_list(user=user, filters=MemberFilters(q="duc")))
    assert found == (["Nguyễn Văn Đức"] if sees else [])


# --- roster order ------------------------------------------------------------------------------


def test_roster_sorts_by_given_name_in_vietnamese_alphabetical_order(tree, board):
    unit = make_unit(tree.a, "ORD", "chi_bo")
    for name in (
        "Lê Văn Đức",
        "Trần Thị Ánh",
        "Phạm Văn Dũng",
        "Nguyễn Văn An",
        "Vũ Văn Bình",
        "Đỗ Thị Ăn",
        "Hoàng Thị An",
        "Bùi Thị Ân",
    ):
        _person(unit, name)
    # when
    roster = member_list(user=board, within=unit)
    # then
    assert _names(roster) == [
        "Hoàng Thị An",
        "Nguyễn Văn An",
        "Trần Thị Ánh",
        "Đỗ Thị Ăn",
        "Bùi Thị Ân",
        "Vũ Văn Bình",
        "Phạm Văn Dũng",
        "Lê Văn Đức",
    ]


# --- filters ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (MemberFilters(), {"duc", "mai", "tam", "khoa"}),
        (MemberFilters(include_left=True), {"duc", "mai", "tam", "khoa", "hoa"}),
        (MemberFilters(status="probationary"), {"mai"}),
        (MemberFilters(status="official"), {"duc", "tam", "khoa"}),
        (MemberFilters(status="left"), {"hoa"}),
        (MemberFilters(sex="F"), {"mai"}),
        (MemberFilters(sex="F", include_left=True), {"mai", "hoa"}),
        (MemberFilters(sex="M"), {"duc", "tam"}),
        (MemberFilters(age_band="≤30"), {"mai"}),
        (MemberFilters(age_band="31–40"), {"duc"}),
        (MemberFilters(age_band="41–50"), set()),
        (MemberFilters(age_band=">60"), {"tam"}),
        (MemberFilters(party_age_band="<5"), {"mai"}),
        (MemberFilters(party_age_band="10–19"), {"duc"}),
        (MemberFilters(party_age_band="40+"), {"tam"}),
        (MemberFilters(party_age_band="20–29", include_left=True), {"hoa"}),
        (MemberFilters(sex="M", age_band=">60", party_age_band="40+"), {"tam"}),
        (MemberFilters(age_band="nonsense"), {"duc", "mai", "tam", "khoa"}),
    ],
)
def test_filters(roster, board, filters, expected):
    unit, people = roster
    found = {m.pk for m in member_list(user=board, filters=filters, within=unit)}
    assert found == {people[key].pk for key in expected}


def test_age_band_turns_on_the_birthday(tree, board, set_today):
    unit = make_unit(tree.a, "AGE", "chi_bo")
    _person(unit, "Lê Văn Ba Mốt", birth_date=date(1995, 6, 1))  # 31 today
    _person(unit, "Lê Văn Ba Mươi", birth_date=date(1995, 6, 2))  # 31 tomorrow

    def band(name):  # type: ignore[no-untyped-def]
        return _names(member_list(user=board, filters=MemberFilters(age_band=name), within=unit))

    assert (band("≤30"), band("31–40")) == (["Lê Văn Ba Mươi"], ["Lê Văn Ba Mốt"])
    set_today(date(2026, 6, 2))
    assert (band("≤30"), band("31–40")) == ([], ["Lê Văn Ba Mốt", "Lê Văn Ba Mươi"])


def test_party_age_band_turns_on_the_anniversary_of_the_decision(tree, board, set_today):
    unit = make_unit(tree.a, "PAGE", "chi_bo")
    _person(unit, "Lê Văn Năm", admitted_on=date(2021, 6, 1))  # 5 years today
    _person(unit, "Lê Văn Bốn", admitted_on=date(2021, 6, 2))

    def band(name):  # type: ignore[no-untyped-def]
        return _names(member_list(user=board, filters=MemberFilters(party_age_band=name), within=unit))

    assert (band("<5"), band("5–9")) == (["Lê Văn Bốn"], ["Lê Văn Năm"])
    set_today(date(2026, 6, 2))
    assert (band("<5"), band("5–9")) == ([], ["Lê Văn Bốn", "Lê Văn Năm"])


def test_party_age_band_of_a_readmitted_member_counts_from_the_first_decision(tree, board):
    unit = make_unit(tree.a, "RE", "chi_bo")
    member = _person(unit, "Lê Văn Lại", admitted_on=date(2000, 3, 1))
    svc.member_leave(actor=None, member=member, reason="removed", on=date(2010, 6, 1))
    svc.member_readmit(actor=None, member=member, unit=unit, admitted_on=date(2023, 9, 1))
    found = member_list(user=board, filters=MemberFilters(party_age_band="20–29"), within=unit)
    assert _names(found) == ["Lê Văn Lại"]
    assert list(member_list(user=board, filters=MemberFilters(party_age_band="<5"), within=unit)) == []


def test_unit_level_filter(tree, board):
    from chibo.core.testing import make_unit

    cell = make_unit(tree.root, "CBCS", "chi_bo_co_so", name="Chi bộ cơ sở Báo tỉnh")
    _person(cell, "Đinh Văn Cơ")
    at_chi_bo_co_so = member_list(user=board, filters=MemberFilters(unit_level="chi_bo_co_so"))
    in_cells = member_list(user=board, filters=MemberFilters(unit_level="chi_bo"))
    assert _names(at_chi_bo_co_so) == ["Đinh Văn Cơ"]
    assert in_cells.count() == 8 and "Đinh Văn Cơ" not in _names(in_cells)


# --- party age -----------------------------------------------------------------------------------


def test_party_age_of_a_readmitted_member_subtracts_the_time_out(tree):
    member = _person(tree.a1, "Lê Văn Lại", admitted_on=date(2000, 3, 1))
    svc.member_leave(actor=None, member=member, reason="removed", on=date(2010, 6, 1))
    svc.member_readmit(actor=None, member=member, unit=tree.a1, admitted_on=date(2012, 9, 1))
    member.refresh_from_db()
    # when
    age = selectors.member_party_age(member)
    # then
    gap = (date(2010, 6, 1), date(2012, 9, 1))
    assert selectors.member_gaps(member) == [gap]
    assert age == party_age(date(2000, 3, 1), TODAY, [gap]) == (23, 11)
    assert age != party_age(date(2000, 3, 1), TODAY) == (26, 3)
    assert selectors.member_party_age(member, on=date(2020, 1, 1)) == (17, 6)


def test_party_age_of_a_member_who_left_stops_on_leaving(tree):
    member = _person(tree.a1, "Lê Văn Đi", admitted_on=date(2000, 3, 1))
    svc.member_leave(actor=None, member=member, reason="resigned", on=date(2010, 9, 1))
    member.refresh_from_db()
    assert selectors.member_party_age(member) == (10, 6)


def test_party_age_without_a_decision_date_is_unknown(tree):
    assert selectors.member_party_age(_person(tree.a1, "Vũ Khoa")) is None


# --- figures ---------------------------------------------------------------------------------------


def test_member_figures_count_active_members_of_the_scope_by_sex_and_band(roster):
    unit, _ = roster
    secretary = user_with_role("ss", "secretary", unit)
    # when
    figures = selectors.member_figures(user=secretary)
    # then
    assert figures["sex"] == {"M": 2, "F": 1, "?": 1}
    assert figures["age"] == {"≤30": 1, "31–40": 1, "41–50": 0, "51–60": 0, ">60": 1}
    assert figures["party_age"] == {"<5": 1, "5–9": 0, "10–19": 1, "20–29": 0, "30–39": 0, "40+": 1}


def test_member_figures_of_a_wider_scope_include_the_tree(roster, board):
    figures = selectors.member_figures(user=board)
    assert sum(figures["sex"].values()) == 4 + 8  # the roster's active members and the tree's
    assert figures["party_age"]["10–19"] == 1 + 7  # tree officials admitted 1/1/2010


# --- transfers in progress -------------------------------------------------------------------------


def _transfer_out(tree, letter_date=D, decided=D):  # type: ignore[no-untyped-def]
    member = _person(tree.a1, "Hoàng Văn Đi")
    return svc.member_transfer_out(
        actor=None,
        member=member,
        external_org="Đảng bộ tỉnh Nam Định",
        letter_number="12-GGT",
        letter_date=letter_date,
        decision_effective_on=decided,
    )


def test_transfers_in_progress_are_scoped_by_the_sending_unit(tree, board):
    transfer = _transfer_out(tree)
    seen_by = {
        "board": board,
        "secretary_a": user_with_role("sa", "secretary", tree.a),
        "viewer_a1": user_with_role("va1", "viewer", tree.a1),
        "secretary_b": user_with_role("sb", "secretary", tree.b),
        "secretary_b1": user_with_role("sb1", "secretary", tree.b1),
    }
    rows = {
        who: [r.transfer.pk for r in selectors.transfers_in_progress(user=u)] for who, u in seen_by.items()
    }
    assert rows == {
        "board": [transfer.pk],
        "secretary_a": [transfer.pk],
        "viewer_a1": [transfer.pk],
        "secretary_b": [],
        "secretary_b1": [],
    }


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (date(2026, 3, 13), 0),  # 30 working days if there were no Tết
        (date(2026, 3, 20), 0),  # the due date
        (date(2026, 3, 21), 0),  # a Saturday
        (date(2026, 3, 23), 1),
        (date(2026, 3, 27), 5),
    ],
)
def test_transfer_overdue_days_count_working_days_after_the_presentation_due(tree, set_today, today, overdue):
    secretary = user_with_role("sa", "secretary", tree.a)
    transfer = _transfer_out(tree, letter_date=date(2026, 1, 30), decided=date(2026, 1, 20))
    assert transfer.presentation_due == add_working_days(date(2026, 1, 30), 30) == date(2026, 3, 20)
    # when
    set_today(today)
    rows = selectors.transfers_in_progress(user=secretary)
    # then
    assert [(r.transfer.pk, r.overdue_days) for r in rows] == [(transfer.pk, overdue)]


def test_transfers_in_progress_come_earliest_due_first(tree, board):
    later = _transfer_out(tree, letter_date=date(2026, 1, 30), decided=date(2026, 1, 20))
    other = _person(tree.a1, "Lê Thị Sớm")
    earlier = svc.member_transfer_out(
        actor=None,
        member=other,
        external_org="Đảng bộ Y",
        letter_number="3-GGT",
        letter_date=date(2025, 12, 1),
        decision_effective_on=date(2025, 12, 1),
    )
    assert [r.transfer.pk for r in selectors.transfers_in_progress(user=board)] == [earlier.pk, later.pk]


def test_age_and_party_age_filters_count_a_29_february_anniversary_on_28_february(tree, board, set_today):
    """Born (and admitted) on 29/2: on 28/2 of a common year the year is completed (months are
    clamped, DOMAIN.md §2), as the member page and the statistics count it."""
    cell = make_unit(tree.a, "A7", "chi_bo")
    leap = _person(
        cell, "Ngày Nhuận", birth_date=date(1996, 2, 29), admitted_on=date(2022, 2, 28), official_on=None
    )
    leap_admitted = _person(
        cell, "Vào Ngày Nhuận", birth_date=date(1980, 1, 1), admitted_on=date(2020, 2, 29), official_on=None
    )

    def listed(**filters: str) -> set[int]:
        return {m.pk for m in member_list(user=board, filters=MemberFilters(**filters), within=cell)}

    set_today(date(2027, 2, 28))  # 31 years completed
    assert leap.pk in listed(age_band="31–40") and leap.pk not in listed(age_band="≤30")
    set_today(date(2025, 2, 28))  # admitted 29/2/2020: 5 years completed that day
    assert leap_admitted.pk in listed(party_age_band="5–9")
    set_today(date(2025, 2, 27))
    assert leap_admitted.pk in listed(party_age_band="<5")
