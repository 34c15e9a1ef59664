"""Fixtures of the commendation tests: a member of A1, a fake discipline in effect, fake streaks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from chibo.commendations import selectors, services
from chibo.core.testing import add_members, make_unit

DECIDED = date(2025, 1, 20)


def record(**extra: Any) -> Any:
    """A commendation recorded by the system (no actor): a giấy khen of a đảng ủy cơ sở for 2024."""
    values: dict[str, Any] = {
        "actor": None,
        "kind": "giay_khen",
        "level": "co_so",
        "year": 2024,
        "decision_number": "12-QĐ/ĐU",
        "decided_on": DECIDED,
    }
    values.update(extra)
    return services.commendation_record(**values)


@pytest.fixture
def member(tree: Any) -> Any:
    return tree.a1.members.filter(status="official").order_by("pk").first()


@pytest.fixture
def disciplined(monkeypatch: pytest.MonkeyPatch, member: Any) -> Any:
    """``member`` under a khiển trách in effect (the discipline selector, replaced)."""
    seen: list[Any] = []

    def in_effect(member_ids: Any, on: Any = None) -> dict[int, str]:
        seen.append((list(member_ids), on))
        return {member.pk: "Khiển trách, QĐ 5-QĐ/UBKT"} if member.pk in list(member_ids) else {}

    monkeypatch.setattr(selectors, "discipline_in_effect", in_effect)
    return seen


@dataclass(frozen=True)
class StreakRow:
    """The shape of ``chibo.evaluations.selectors.StreakRow``."""

    kind: str
    member_id: int | None
    unit_id: int
    name: str
    unit_name: str
    years: int


@pytest.fixture
def streaks(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """The evaluation selector replaced: ``streaks.rows`` is what it answers, ``streaks.calls`` what it
    was asked."""
    fake = SimpleNamespace(rows=[], calls=[])

    def answer(**kwargs: Any) -> list[Any]:
        fake.calls.append(kwargs)
        return list(fake.rows)

    monkeypatch.setattr(selectors, "evaluation_streaks", answer)
    return fake


@pytest.fixture
def graded(tree):
    """Five years 2020–2024 decided from the paper records: in A's subtree one member HTXSNV every
    year, chi bộ A1 HTXSNV every year (with enough HTTNV beside them for the 20% quota), and one
    member of A1 HTXSNV only from 2021 (four years)."""
    from chibo.evaluations import services as ev

    add_members(tree.a1, official=9, prefix="Phạm Văn")
    cells = [make_unit(tree.a, f"A{i}", "chi_bo") for i in range(2, 7)]
    members = list(tree.a1.members.order_by("pk"))
    star, rising = members[0], members[1]
    for year in range(2020, 2025):
        grades = {m.pk: "HTTNV" for m in members}
        grades[star.pk] = "HTXSNV"
        if year >= 2021:
            grades[rising.pk] = "HTXSNV"
            grades.update({m.pk: "HTTNV" for m in members[2:]})
        unit_grades = {tree.a1.pk: "HTXSNV", **{c.pk: "HTTNV" for c in cells}}
        ev.evaluations_history_load(
            actor=None, unit=tree.a, year=year, member_grades=grades, unit_grades=unit_grades,
            decided_on=date(year + 1, 1, 15), decision_number=f"{year}-QĐ/ĐU",
        )  # fmt: skip
    return star, rising
