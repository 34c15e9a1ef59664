"""With the real neighbours: the streaks of chibo.evaluations and the discipline of chibo.discipline,
their data made through their own services."""

from __future__ import annotations

from datetime import date

import pytest

from chibo.commendations import selectors
from chibo.commendations.tests.conftest import record
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


def test_candidates_come_from_the_evaluation_streaks(tree, graded):
    star, rising = graded
    found = selectors.candidates(roots=[tree.root], year=2024)
    assert {(c.kind, c.member_id, c.unit_code) for c in found} == {
        ("member", star.pk, "A1"),
        ("unit", None, "A1"),
    }
    assert {c.years for c in found} == {5}
    four = selectors.candidates(roots=[tree.a], year=2024, length=4)
    assert rising.pk in {c.member_id for c in four}
    assert selectors.candidates(roots=[tree.b], year=2024) == []


def test_those_commended_for_the_year_drop_out(tree, graded):
    star, _ = graded
    record(member=star, year=2024)
    record(unit=tree.a1, year=2023)  # another year: A1 stays
    found = selectors.candidates(roots=[tree.root], year=2024)
    assert [(c.kind, c.unit_code) for c in found] == [("unit", "A1")]


def test_a_real_discipline_in_effect_needs_the_confirmation(tree, board):
    from chibo.discipline import services as dis

    member = tree.a1.members.order_by("pk").first()
    dis.case_record_decided(
        actor=None, unit=tree.a, member=member, category="duties", description="Bỏ sinh hoạt",
        violation_on=date(2024, 9, 1), form="khien_trach", decided_on=date(2024, 11, 1),
        decision_number="5-QĐ/UBKT", deciding_body="Ủy ban kiểm tra Đảng ủy", announced_on=date(2024, 11, 5),
    )  # fmt: skip
    assert set(selectors.discipline_in_effect([member.pk], date(2025, 1, 20))) == {member.pk}
    with pytest.raises(RuleViolation) as raised:
        record(actor=board, member=member)
    assert raised.value.code == "commendation.under_discipline"
    assert record(actor=board, member=member, confirm_despite_discipline=True).despite_discipline
    # a year after the announcement the effect has ended (69-QĐ/TW art. 2.5)
    assert not record(actor=board, member=member, decided_on=date(2025, 12, 1)).despite_discipline
