"""Shared helpers of the discipline tests: members of A1 and cases brought to a step."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from chibo.discipline import services as svc
from chibo.discipline.models import Case
from chibo.members.models import Member, MemberStatus

VIOLATION = date(2025, 3, 1)
OPENED = date(2025, 4, 1)
REPORTED = date(2025, 4, 10)
REVIEWED = date(2025, 4, 20)
DECIDED = date(2025, 5, 5)
ANNOUNCED = date(2025, 5, 10)


def official_of(unit: Any) -> Member:
    return Member.objects.filter(unit=unit, status=MemberStatus.OFFICIAL).order_by("pk").first()


def probationary_of(unit: Any) -> Member:
    return Member.objects.filter(unit=unit, status=MemberStatus.PROBATIONARY).order_by("pk").first()


def open_case(tree: Any, member: Member | None = None, **extra: Any) -> Case:
    values: dict[str, Any] = {
        "unit": tree.a,
        "category": "moral",
        "description": "Vi phạm đạo đức, lối sống",
        "violation_on": VIOLATION,
        "opened_on": OPENED,
    }
    if "target_unit" not in extra:
        values["member"] = member or official_of(tree.a1)
    values.update(extra)
    return svc.case_open(actor=None, **values)


def advance(case: Case, stage: str, form: str = "khien_trach") -> Case:
    """Bring ``case`` to ``stage`` (reported, reviewed, decided, announced) as the system."""
    order = ["reported", "reviewed", "decided", "announced"]
    for step in order[: order.index(stage) + 1]:
        if step == "reported":
            case = svc.case_report(actor=None, case=case, on=REPORTED, note="Đã kiểm điểm")
        elif step == "reviewed":
            case = svc.case_review(actor=None, case=case, on=REVIEWED, body="Chi bộ Văn phòng")
        elif step == "decided":
            case = svc.case_decide(
                actor=None, case=case, form=form, decided_on=DECIDED, decision_number="01-QĐ/ĐU",
                deciding_body="Đảng ủy Sở Tài chính",
            )  # fmt: skip
        else:
            case = svc.case_announce(actor=None, case=case, on=ANNOUNCED)
    return case


@pytest.fixture
def inspector(tree: Any) -> Any:
    from chibo.core.testing import user_with_role

    return user_with_role("kiemtra", "inspector", tree.a)
