"""Reads of party badges: a round's list, a member's badges, the next award days, figures per unit."""

from __future__ import annotations

from datetime import date

import pytest

from chibo.badges import selectors as sel
from chibo.badges import services as svc
from chibo.members import services as mem
from chibo.members.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def veterans(tree):
    """Two official members of A1: admitted 10/1/1994 (30 years on 10/1/2024) and 1/6/1984
    (30 years in 2014 — recorded — and 40 years on 1/6/2024)."""
    spec = mem.MemberSpec
    young = mem.member_create(
        actor=None,
        unit=tree.a1,
        spec=spec("Lý Văn Ba", "official", admitted_on=date(1994, 1, 10), official_on=date(1995, 1, 10)),
    )
    old = mem.member_create(
        actor=None,
        unit=tree.a1,
        spec=spec("Hà Thị Tư", "official", admitted_on=date(1984, 6, 1), official_on=date(1985, 6, 1)),
    )
    svc.badge_history_record(
        actor=None, member=old, threshold=30, award_date=date(2014, 9, 2), badge_number="HH30-1"
    )
    return young, old


def _out_for_a_year(tree) -> Member:  # type: ignore[no-untyped-def]
    """Admitted 10/1/1994, out of the Party from 10/1/2000 to 10/1/2001 (366 days, 2000 is leap)."""
    spec = mem.MemberSpec(
        "Vi Văn Năm", "official", admitted_on=date(1994, 1, 10), official_on=date(1995, 1, 10)
    )
    member = mem.member_create(actor=None, unit=tree.a1, spec=spec)
    mem.member_leave(actor=None, member=member, reason="removed", on=date(2000, 1, 10))
    mem.member_readmit(
        actor=None, member=Member.objects.get(pk=member.pk), unit=tree.a1, admitted_on=date(2001, 1, 10)
    )
    Member.objects.filter(pk=member.pk).update(status="official")
    return Member.objects.get(pk=member.pk)


def _rows_by_member(round_) -> dict[int, dict]:  # type: ignore[no-untyped-def]
    return {row["award"].member_id: row for row in sel.round_awards(round_)}


def test_round_awards_give_the_party_age_on_the_award_day(tree, veterans):
    young, _old = veterans
    # given the round of 3/2/2024, 24 days after young's 30th anniversary
    round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 2, 3))
    # then young is listed with 30 years 0 months and the day the threshold was reached
    row = _rows_by_member(round_)[young.pk]
    assert row["award"].threshold == 30
    assert row["party_age"] == (30, 0)
    assert row["reached_on"] == date(2024, 1, 10)


def test_an_early_award_is_listed_before_its_threshold_is_reached(tree, veterans):
    young, _old = veterans
    round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2023, 11, 7))
    svc.badge_round_add(actor=None, round=round_, member=young, early_months=3, early_reason="illness")
    row = _rows_by_member(round_)[young.pk]
    assert row["party_age"] == (29, 9)
    assert row["reached_on"] == date(2024, 1, 10) and row["reached_on"] > round_.award_date
    assert (row["award"].early_months, row["award"].early_reason) == (3, "illness")


def test_round_awards_push_the_reach_day_back_by_a_gap(tree):
    member = _out_for_a_year(tree)
    round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2025, 2, 3))
    row = _rows_by_member(round_)[member.pk]
    # 30 years from 10/1/1994, plus the 366 days out of the Party
    assert row["reached_on"] == date(2025, 1, 10)
    assert row["party_age"] == (30, 0)  # not 31 years: the gap does not count


def test_round_awards_are_in_threshold_then_name_order(tree, veterans):
    young, _old = veterans
    spec = mem.MemberSpec
    # given a second member due 30 years and one due 40 (no badge recorded: only the higher one)
    also_30 = mem.member_create(
        actor=None,
        unit=tree.a1,
        spec=spec("Đinh Thị An", "official", admitted_on=date(1994, 1, 5), official_on=date(1995, 1, 5)),
    )
    due_40 = mem.member_create(
        actor=None,
        unit=tree.a1,
        spec=spec("An Văn Một", "official", admitted_on=date(1984, 1, 2), official_on=date(1985, 1, 2)),
    )
    round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 2, 3))
    rows = sel.round_awards(round_)
    thirty = list(Member.objects.filter(pk__in=[young.pk, also_30.pk]).order_by("name_sort", "pk"))
    assert [(r["award"].threshold, r["award"].member_id) for r in rows] == [
        *((30, m.pk) for m in thirty),
        (40, due_40.pk),
    ]


def test_member_awards_in_threshold_order(tree, veterans, board):
    _young, old = veterans
    round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 9, 2))
    svc.badge_round_approve(
        actor=board, round=round_, decision_number="7-QĐ/ĐU", decided_on=date(2024, 8, 20)
    )
    awards = list(sel.member_awards(old))
    assert [(a.threshold, a.round_id) for a in awards] == [(30, None), (40, round_.pk)]
    assert all(a.awarded for a in awards)


def test_upcoming_award_days_cross_the_year_end():
    assert sel.upcoming_award_days(date(2026, 11, 8)) == [
        date(2027, 2, 3),
        date(2027, 5, 19),
        date(2027, 9, 2),
        date(2027, 11, 7),
    ]


def test_an_award_day_itself_is_the_first_upcoming_one():
    assert sel.upcoming_award_days(date(2026, 11, 7), count=2) == [date(2026, 11, 7), date(2027, 2, 3)]


def test_badge_figures_count_awarded_badges_per_unit_subtree_and_year(tree, veterans, board):
    _young, _old = veterans
    # given A's two rounds of 2024 approved (young's 30, old's 40), and a 30 of B1 from the register
    for day, decided in ((date(2024, 2, 3), date(2024, 1, 25)), (date(2024, 9, 2), date(2024, 8, 20))):
        round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=day)
        svc.badge_round_approve(actor=board, round=round_, decision_number="QĐ", decided_on=decided)
    from chibo.members import services as mem

    spec = mem.MemberSpec("Đào Sáu", "official", admitted_on=date(1994, 3, 1), official_on=date(1995, 3, 2))
    b_member = mem.member_create(actor=None, unit=tree.b1, spec=spec)
    svc.badge_history_record(actor=None, member=b_member, threshold=30, award_date=date(2024, 5, 19))
    # and a round still being prepared (not awarded): not counted
    svc.badge_round_prepare(actor=None, unit=tree.b, award_date=date(2024, 11, 7))
    units = [tree.root, tree.a, tree.a1, tree.b]
    figures = sel.badge_figures(units=units, year=2024)
    assert figures == {
        tree.root.pk: {30: 2, 40: 1},
        tree.a.pk: {30: 1, 40: 1},
        tree.a1.pk: {30: 1, 40: 1},
        tree.b.pk: {30: 1},
    }
    assert sel.badge_figures(units=units, year=2014)[tree.a.pk] == {30: 1}
    assert sel.badge_figures(units=[tree.b], year=2023) == {tree.b.pk: {}}
