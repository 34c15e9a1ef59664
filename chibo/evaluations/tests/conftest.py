"""Fixtures of the evaluation tests: a default scoring table on the tree's root, linked accounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from chibo.evaluations import services as svc

YEAR = 2025

#: A small table: 30 points of common criteria, 70 of task results.
CRITERIA = [
    svc.CriterionSpec("common", "1", "Political ideology, ethics, lifestyle", Decimal(15)),
    svc.CriterionSpec("common", "2", "Sense of organisation and discipline", Decimal(15)),
    svc.CriterionSpec("tasks", "3", "Results of the assigned tasks", Decimal(50)),
    svc.CriterionSpec("tasks", "4", "Tasks assigned by the chi bộ", Decimal(20)),
]


def full_points(**changes: Any) -> dict[str, Decimal]:
    points = {c.code: c.max_points for c in CRITERIA}
    points.update({k: Decimal(str(v)) for k, v in changes.items()})
    return points


def make_table(unit: Any, year: int = YEAR, subject: str = "member") -> Any:
    return svc.scoring_table_save(actor=None, unit=unit, year=year, subject=subject, criteria=CRITERIA)


def official_members(tree: Any) -> list[Any]:
    from chibo.members.models import Member

    return list(Member.objects.filter(unit=tree.a1, status="official").order_by("pk"))


def link(member: Any, username: str) -> Any:
    from chibo.core.testing import user_with_role
    from chibo.members.services import member_link_account

    user = user_with_role(username)
    member_link_account(actor=None, member=member, user=user)
    return user


@pytest.fixture
def table(tree: Any) -> Any:
    return make_table(tree.root)
