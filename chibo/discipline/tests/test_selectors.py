"""The selectors other apps code against: disciplined in a year, in effect on a day."""

from __future__ import annotations

from datetime import date

import pytest

from chibo.discipline import selectors
from chibo.discipline import services as svc
from chibo.discipline.tests.conftest import advance, official_of, open_case, probationary_of

pytestmark = pytest.mark.django_db


def _record(tree, member, form: str, decided_on: date, announced_on: date | None = None, **extra):  # type: ignore[no-untyped-def]
    return svc.case_record_decided(
        actor=None, unit=tree.a, member=member, category="moral", description="Vi phạm",
        violation_on=date(2023, 1, 1), form=form, decided_on=decided_on, decision_number="1-QĐ",
        deciding_body="Đảng ủy", announced_on=announced_on, **extra,
    )  # fmt: skip


def test_disciplined_member_ids_counts_decisions_of_the_year_not_annulled(tree):
    first, second = official_of(tree.a1), probationary_of(tree.a1)
    _record(tree, first, "khien_trach", date(2025, 11, 1))
    annulled = _record(tree, second, "khien_trach", date(2025, 3, 1), date(2025, 3, 5))
    svc.case_annul(actor=None, case=annulled, on=date(2025, 6, 1), decision="QĐ-9")
    open_case(tree, second)  # opened, not decided: does not count
    ids = [first.pk, second.pk]
    assert selectors.disciplined_member_ids(ids, 2025) == {first.pk}
    assert selectors.disciplined_member_ids(ids, 2024) == set()
    assert selectors.disciplined_member_ids([], 2025) == set()


def test_disciplined_unit_ids(tree):
    advance(open_case(tree, target_unit=tree.a1), "decided")
    assert selectors.disciplined_unit_ids([tree.a1.pk, tree.b1.pk], 2025) == {tree.a1.pk}
    assert selectors.disciplined_unit_ids([tree.a1.pk], 2026) == set()


def test_in_effect_from_announcement_until_the_end_and_the_most_severe(tree):
    member = official_of(tree.a1)
    light = _record(tree, member, "khien_trach", date(2025, 2, 1), date(2025, 2, 10))
    heavy = _record(tree, member, "canh_cao", date(2025, 5, 1), date(2025, 5, 10))
    assert selectors.in_effect([member.pk], on=date(2025, 2, 9)) == {}
    assert selectors.in_effect([member.pk], on=date(2025, 2, 10))[member.pk].pk == light.pk
    assert selectors.in_effect([member.pk], on=date(2025, 6, 1))[member.pk].pk == heavy.pk
    assert selectors.in_effect([member.pk], on=date(2026, 2, 10))[member.pk].pk == heavy.pk
    assert selectors.in_effect([member.pk], on=date(2026, 5, 10)) == {}


def test_decided_but_not_announced_is_not_in_effect(tree):
    member = official_of(tree.a1)
    _record(tree, member, "canh_cao", date(2025, 5, 1))
    assert selectors.in_effect([member.pk], on=date(2025, 6, 1)) == {}


def test_a_pending_complaint_keeps_it_in_effect_and_annulment_ends_it(tree):
    member = official_of(tree.a1)
    case = _record(tree, member, "khien_trach", date(2025, 1, 5), date(2025, 1, 10))
    svc.case_complaint(actor=None, case=case, on=date(2025, 1, 20))
    assert member.pk in selectors.in_effect([member.pk], on=date(2027, 1, 1))
    svc.case_annul(actor=None, case=case, on=date(2025, 3, 1), decision="QĐ-10")
    assert selectors.in_effect([member.pk], on=date(2025, 4, 1)) == {}


def test_in_effect_defaults_to_today(tree, settings):
    from chibo.core import regulations

    member = official_of(tree.a1)
    today = regulations.today()
    _record(tree, member, "khien_trach", today, today)
    assert member.pk in selectors.in_effect([member.pk])


def test_in_effect_reads_many_members_in_one_query(tree, django_assert_num_queries):
    members = [official_of(tree.a1), probationary_of(tree.a1)]
    for member in members:
        _record(tree, member, "khien_trach", date(2025, 2, 1), date(2025, 2, 10))
    with django_assert_num_queries(1):
        found = selectors.in_effect([m.pk for m in members], on=date(2025, 3, 1))
        assert {case.unit.code for case in found.values()} == {"A"}
    assert set(found) == {m.pk for m in members}


def test_figures_count_by_form_category_and_unit(tree, board):
    _record(tree, official_of(tree.a1), "canh_cao", date(2025, 2, 1))
    advance(open_case(tree, target_unit=tree.a1), "decided", form="giai_tan")
    data = selectors.figures(user=board, units=[tree.root, tree.a, tree.b], year=2025)
    assert data["by_form"] == {"canh_cao": 1, "giai_tan": 1} and data["total"] == 2
    assert data["by_category"] == {"moral": 2}
    assert [row["total"] for row in data["by_unit"]] == [2, 2, 0]
