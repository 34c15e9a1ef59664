from __future__ import annotations

from datetime import date

import pytest

from chibo.rules import organizations as org
from chibo.rules.errors import RuleViolation
from chibo.rules.organizations import Headcount, structure_warnings
from chibo.rules.profiles import profile_on

P = profile_on(date(2026, 1, 1))


def warnings(level, official, probationary=0, has_committee=False, size_exception=False):  # type: ignore[no-untyped-def]
    return structure_warnings(
        level=level,
        headcount=Headcount(official, probationary),
        has_committee=has_committee,
        size_exception=size_exception,
        profile=P,
    )


@pytest.mark.parametrize(("official", "expected"), [(2, True), (3, False)])
def test_fewer_than_three_official_members_at_the_limit(official, expected):
    assert ("too_few_official" in warnings("chi_bo", official, probationary=5)) is expected


def test_probationary_members_do_not_count_towards_the_three():
    assert "too_few_official" in warnings("chi_bo", 2, probationary=10)


def test_party_groups_and_upper_units_have_no_minimum():
    assert warnings("to_dang", 1) == [] and warnings("upper", 0) == []


@pytest.mark.parametrize(("total", "expected"), [(29, False), (30, True)])
def test_chi_bo_co_so_of_30_should_become_dang_bo(total, expected):
    assert (
        "should_be_dang_bo" in warnings("chi_bo_co_so", total - 3, probationary=3, has_committee=True)
    ) is expected


@pytest.mark.parametrize(("total", "expected"), [(29, True), (30, False)])
def test_dang_bo_co_so_under_30_should_become_chi_bo(total, expected):
    assert ("should_be_chi_bo" in warnings("dang_bo_co_so", total)) is expected


def test_written_consent_silences_the_size_warnings_only():
    assert warnings("dang_bo_co_so", 2, size_exception=True) == ["too_few_official"]
    assert warnings("chi_bo_co_so", 40, has_committee=True, size_exception=True) == []


@pytest.mark.parametrize(
    ("official", "has_committee", "expected"), [(8, False, False), (9, False, True), (9, True, False)]
)
def test_nine_official_members_need_a_committee(official, has_committee, expected):
    assert ("needs_committee" in warnings("chi_bo", official, has_committee=has_committee)) is expected


def test_thresholds_come_from_the_profile():
    lenient = P.with_overrides({"min_official_members_for_org": 2})
    result = structure_warnings(
        level="chi_bo", headcount=Headcount(2, 0), has_committee=False, size_exception=False, profile=lenient
    )
    assert result == []


@pytest.mark.parametrize(
    ("level", "parent", "ok"),
    [
        ("upper", None, True),
        ("upper", "upper", True),
        ("dang_bo_co_so", "upper", True),
        ("chi_bo_co_so", "upper", True),
        ("dang_bo_bo_phan", "dang_bo_co_so", True),
        ("chi_bo", "dang_bo_bo_phan", True),
        ("chi_bo", "dang_bo_co_so", True),
        ("to_dang", "chi_bo", True),
        ("to_dang", "chi_bo_co_so", True),
        ("chi_bo", "upper", False),
        ("chi_bo", "chi_bo", False),
        ("dang_bo_co_so", None, False),
        ("to_dang", "dang_bo_co_so", False),
        ("dang_bo_bo_phan", "upper", False),
    ],
)
def test_nesting_of_levels(level, parent, ok):
    if ok:
        org.check_parent(level, parent)
    else:
        with pytest.raises(RuleViolation) as refused:
            org.check_parent(level, parent)
        assert refused.value.code == "unit.parent_level"


def test_effective_date_today_is_allowed_tomorrow_is_not():
    today = date(2026, 2, 16)  # Tết eve: calendar days, not working days
    org.check_effective_date(today, today=today, not_before=None)
    with pytest.raises(RuleViolation) as refused:
        org.check_effective_date(date(2026, 2, 17), today=today, not_before=None)
    assert refused.value.code == "date.in_future"


def test_effective_date_on_the_last_change_is_allowed_before_is_not():
    org.check_effective_date(date(2025, 7, 1), today=date(2026, 1, 1), not_before=date(2025, 7, 1))
    with pytest.raises(RuleViolation) as refused:
        org.check_effective_date(date(2025, 6, 30), today=date(2026, 1, 1), not_before=date(2025, 7, 1))
    assert refused.value.code == "restructure.before_last_change"


def test_founding_on_a_leap_day_and_before_the_parent():
    org.check_founded_on(date(2024, 2, 29), today=date(2024, 2, 29), parent_founded_on=date(2024, 2, 29))
    with pytest.raises(RuleViolation):
        org.check_founded_on(date(2024, 2, 28), today=date(2025, 1, 1), parent_founded_on=date(2024, 2, 29))


@pytest.mark.parametrize(
    ("unit", "target", "cycle"),
    [
        ("0001", "00010001", True),
        ("0001", "0001", True),
        ("0001", "0002", False),
        ("00010001", "0001", False),
        ("0001", "00020001", False),
    ],
)
def test_cycles(unit, target, cycle):
    if cycle:
        with pytest.raises(RuleViolation):
            org.check_not_cycle(unit, target)
    else:
        org.check_not_cycle(unit, target)
