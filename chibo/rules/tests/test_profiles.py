"""Effective-dated regulation profiles (chibo.rules.profiles): DOMAIN.md §0."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from chibo.rules.errors import RuleViolation
from chibo.rules.profiles import PROFILES, RegulationProfile, profile_on

_DAY = timedelta(days=1)


def test_profiles_are_sorted_by_effective_from():
    starts = [p.effective_from for p in PROFILES]
    assert starts == sorted(starts)
    assert len(set(starts)) == len(starts)


def test_profile_keys_are_unique():
    keys = [p.key for p in PROFILES]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("index", range(len(PROFILES)))
def test_a_profile_starts_on_its_effective_from(index):
    profile = PROFILES[index]
    assert profile_on(profile.effective_from) is profile


@pytest.mark.parametrize("index", range(1, len(PROFILES)))
def test_the_day_before_is_the_previous_profile(index):
    profile = PROFILES[index]
    assert profile_on(profile.effective_from - _DAY) is PROFILES[index - 1]


@pytest.mark.parametrize("index", range(len(PROFILES) - 1))
def test_a_profile_lasts_until_the_next_one_starts(index):
    last_day = PROFILES[index + 1].effective_from - _DAY
    assert profile_on(last_day) is PROFILES[index]


def test_days_before_the_first_profile_get_the_first():
    first = PROFILES[0]
    assert profile_on(first.effective_from - _DAY) is first
    assert profile_on(date(1990, 2, 3)) is first
    assert profile_on(date.min) is first


def test_far_future_gets_the_last():
    assert profile_on(date(2100, 1, 1)) is PROFILES[-1]
    assert profile_on(date.max) is PROFILES[-1]


def test_max_chi_uy_members_from_294():
    """294-QĐ/TW, in force 1/7/2025: a chi ủy has at most 7 members (DOMAIN.md §1 [S4])."""
    assert profile_on(date(2025, 6, 30)).max_chi_uy_members is None
    assert profile_on(date(2025, 7, 1)).max_chi_uy_members == 7
    assert profile_on(date(2025, 7, 1)).key == "294-QĐ/TW"
    assert profile_on(date(2026, 1, 1)).max_chi_uy_members == 7


def test_evaluation_regulation_switches_on_30_8_2025():
    assert profile_on(date(2025, 8, 29)).evaluation_regulation == "124-QĐ/TW"
    assert profile_on(date(2025, 8, 30)).evaluation_regulation == "366-QĐ/TW"


def test_override_replaces_a_field():
    day = date(2026, 1, 1)
    base = profile_on(day)
    overridden = profile_on(day, overrides={"introducers_required": 1})
    assert overridden.introducers_required == 1
    assert base.introducers_required == 2
    assert overridden == dataclasses.replace(base, introducers_required=1)
    assert overridden.key == base.key
    # The built-in profile is untouched.
    assert profile_on(day) is base
    assert profile_on(day).introducers_required == 2


def test_empty_overrides_return_the_profile_itself():
    day = date(2026, 1, 1)
    assert profile_on(day, overrides={}) is profile_on(day)
    assert profile_on(day, overrides=None) is profile_on(day)


def test_unknown_override_is_refused():
    with pytest.raises(RuleViolation) as raised:
        profile_on(date(2026, 1, 1), overrides={"introducers_required": 1, "no_such_field": 3})
    assert raised.value.code == "profile.unknown_field"
    assert raised.value.params == {"fields": "no_such_field"}


@pytest.mark.parametrize("name", ["key", "effective_from", "sources"])
def test_identity_fields_cannot_be_overridden(name):
    with pytest.raises(RuleViolation) as raised:
        profile_on(date(2026, 1, 1), overrides={name: "x"})
    assert raised.value.code == "profile.unknown_field"


def test_profiles_are_frozen():
    profile = profile_on(date(2026, 1, 1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.introducers_required = 1  # type: ignore[misc]
    overridden = profile.with_overrides({"probation_months": 12})
    with pytest.raises(dataclasses.FrozenInstanceError):
        overridden.probation_months = 6  # type: ignore[misc]


def test_custom_profiles_argument():
    a = RegulationProfile(key="A", effective_from=date(2000, 1, 1), sources=("a",))
    b = dataclasses.replace(a, key="B", effective_from=date(2010, 1, 1))
    assert profile_on(date(1999, 12, 31), profiles=(a, b)) is a
    assert profile_on(date(2009, 12, 31), profiles=(a, b)) is a
    assert profile_on(date(2010, 1, 1), profiles=(a, b)) is b
