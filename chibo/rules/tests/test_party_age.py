"""Party age and badges (chibo.rules.party_age): DOMAIN.md §2 [S10, S11], §8 [S46, S47]."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from chibo.rules.errors import RuleViolation
from chibo.rules.party_age import (
    add_months,
    badges_reached_between,
    completed_months,
    latest_start,
    merged_gaps,
    next_award_day,
    party_age,
    party_age_days,
    party_age_reached_on,
)
from chibo.rules.profiles import profile_on

P = profile_on(date(2026, 1, 1))
ONE_DAY = timedelta(days=1)


def _brute_force_days(decision, as_of, gaps):  # type: ignore[no-untyped-def]
    """Counted days by walking day by day: the definition, without arithmetic."""
    count = 0
    day = decision
    while day < as_of:
        if not any(start <= day < end for start, end in gaps):
            count += 1
        day += ONE_DAY
    return count


# --- add_months / completed_months ---------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 1, 15), -13, date(2023, 12, 15)),
        (date(2025, 5, 31), 0, date(2025, 5, 31)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 1, 31), date(2025, 2, 27), 0),
        (date(2025, 1, 31), date(2025, 2, 28), 1),
        (date(2024, 2, 29), date(2025, 2, 27), 11),
        (date(2024, 2, 29), date(2025, 2, 28), 12),
        (date(2025, 1, 15), date(2025, 1, 15), 0),
        (date(2025, 1, 15), date(2024, 1, 15), 0),
        (date(2000, 1, 1), date(2030, 1, 1), 360),
    ],
)
def test_completed_months(start, end, expected):
    assert completed_months(start, end) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2150, 1, 1)), st.integers(0, 1200))
def test_completed_months_inverts_add_months(start, months):
    end = add_months(start, months)
    assert completed_months(start, end) == months
    if months:
        assert completed_months(start, end - ONE_DAY) == months - 1


# --- party_age_days --------------------------------------------------------------------


def test_days_without_gaps_are_the_calendar_difference():
    assert party_age_days(date(2000, 1, 1), date(2001, 1, 1)) == 366


@pytest.mark.parametrize("as_of", [date(2020, 5, 1), date(2020, 4, 30), date(1990, 1, 1)])
def test_no_party_age_on_or_before_the_decision(as_of):
    assert party_age_days(date(2020, 5, 1), as_of) == 0
    assert party_age(date(2020, 5, 1), as_of) == (0, 0)


def test_only_the_part_of_a_gap_inside_the_interval_counts():
    decision, as_of = date(2020, 1, 1), date(2021, 1, 1)
    # given a gap from 10 days before the decision to 10 days after it
    assert party_age_days(decision, as_of, [(date(2019, 12, 22), date(2020, 1, 11))]) == 366 - 10
    # and a gap that runs past as_of
    assert party_age_days(decision, as_of, [(date(2020, 12, 22), date(2021, 3, 1))]) == 366 - 10
    # and one wholly before or after
    assert party_age_days(decision, as_of, [(date(2010, 1, 1), date(2019, 1, 1))]) == 366
    assert party_age_days(decision, as_of, [(date(2021, 1, 1), date(2022, 1, 1))]) == 366


def test_overlapping_gaps_are_subtracted_once():
    gaps = [
        (date(2020, 3, 1), date(2020, 3, 21)),
        (date(2020, 3, 11), date(2020, 4, 1)),
        (date(2020, 3, 5), date(2020, 3, 6)),
    ]
    assert party_age_days(date(2020, 1, 1), date(2021, 1, 1), gaps) == 366 - 31


def test_merged_gaps_sort_merge_and_drop_empty():
    gaps = [
        (date(2020, 5, 1), date(2020, 6, 1)),
        (date(2020, 1, 1), date(2020, 2, 1)),
        (date(2020, 2, 1), date(2020, 3, 1)),
        (date(2020, 7, 1), date(2020, 7, 1)),
    ]
    assert merged_gaps(gaps) == [(date(2020, 1, 1), date(2020, 3, 1)), (date(2020, 5, 1), date(2020, 6, 1))]


def test_a_reversed_gap_is_refused():
    with pytest.raises(RuleViolation) as raised:
        party_age_days(date(2020, 1, 1), date(2021, 1, 1), [(date(2020, 6, 1), date(2020, 5, 1))])
    assert raised.value.code == "party_age.gap_reversed"


# --- party_age (years, months) -----------------------------------------------------------


def test_party_age_in_years_and_months():
    assert party_age(date(1995, 5, 19), date(2025, 5, 18)) == (29, 11)
    assert party_age(date(1995, 5, 19), date(2025, 5, 19)) == (30, 0)
    assert party_age(date(1995, 5, 19), date(2025, 8, 20)) == (30, 3)


def test_party_age_of_a_leap_day_decision():
    decision = date(2000, 2, 29)
    assert party_age(decision, date(2030, 2, 27)) == (29, 11)
    assert party_age(decision, date(2030, 2, 28)) == (30, 0)
    assert party_age(decision, date(2032, 2, 29)) == (32, 0)


def test_party_age_subtracts_the_gap():
    # given a one-year removal gap (365 days, no 29/2 inside)
    gaps = [(date(2005, 3, 1), date(2006, 3, 1))]
    assert party_age(date(2000, 1, 1), date(2030, 1, 1), gaps) == (29, 0)
    assert party_age(date(2000, 1, 1), date(2030, 12, 31), gaps) == (29, 11)
    assert party_age(date(2000, 1, 1), date(2031, 1, 1), gaps) == (30, 0)


def test_readmitted_member_counts_from_the_first_decision_minus_the_gap():
    # given admitted 10/3/1990, removed 1/6/2000, re-admitted 1/6/2003
    first_decision = date(1990, 3, 10)
    gap = (date(2000, 6, 1), date(2003, 6, 1))
    # then on 10/3/2020 (30 calendar years) the age is 27 years
    assert party_age(first_decision, date(2020, 3, 10), [gap]) == (27, 0)
    # and 30 years are reached 1095 days (the length of the gap) after the anniversary
    assert party_age_reached_on(first_decision, 30, [gap]) == date(2020, 3, 10) + (gap[1] - gap[0])
    assert party_age_reached_on(first_decision, 30, [gap]) == date(2023, 3, 10)


# --- party_age_reached_on ----------------------------------------------------------------


def test_without_gaps_the_threshold_is_the_anniversary():
    assert party_age_reached_on(date(1995, 5, 19), 30) == date(2025, 5, 19)
    assert party_age_reached_on(date(1995, 5, 19), 0) == date(1995, 5, 19)


def test_leap_day_decision_reaches_30_years_on_28_february():
    decision = date(2000, 2, 29)
    reached = party_age_reached_on(decision, 30)
    assert reached == date(2030, 2, 28)
    # by the definition: the counted days equal the days to the anniversary, and not a day earlier
    target = (date(2030, 2, 28) - decision).days
    assert party_age_days(decision, reached) == target
    assert party_age_days(decision, reached - ONE_DAY) == target - 1


def test_gap_before_the_anniversary_delays_it_by_its_length():
    gaps = [(date(2000, 3, 1), date(2000, 4, 10))]  # 40 days
    assert party_age_reached_on(date(1995, 5, 19), 30, gaps) == date(2025, 5, 19) + timedelta(days=40)


def test_gap_straddling_the_anniversary_pushes_past_its_end():
    anniversary = date(2025, 5, 19)
    gaps = [(anniversary - timedelta(days=5), anniversary + timedelta(days=100))]
    reached = party_age_reached_on(date(1995, 5, 19), 30, gaps)
    # 5 days were missing before the gap: they are made up after it
    assert reached == anniversary + timedelta(days=105)
    assert party_age(date(1995, 5, 19), reached, gaps) == (30, 0)
    assert party_age(date(1995, 5, 19), reached - ONE_DAY, gaps) == (29, 11)


def test_gap_after_the_anniversary_does_not_delay_it():
    gaps = [(date(2025, 5, 19), date(2026, 1, 1))]
    assert party_age_reached_on(date(1995, 5, 19), 30, gaps) == date(2025, 5, 19)


def test_gap_that_starts_before_the_decision_counts_only_after_it():
    gaps = [(date(1995, 5, 9), date(1995, 5, 29))]  # 10 days after the decision
    assert party_age_reached_on(date(1995, 5, 19), 30, gaps) == date(2025, 5, 29)


def test_overlapping_gaps_delay_once():
    gaps = [(date(2000, 1, 1), date(2000, 1, 21)), (date(2000, 1, 11), date(2000, 1, 31))]
    assert party_age_reached_on(date(1995, 5, 19), 30, gaps) == date(2025, 5, 19) + timedelta(days=30)


def test_a_gap_reached_only_because_of_an_earlier_gap_also_delays():
    # the second gap starts after the anniversary, but before the day the first gap pushes it to
    anniversary = date(2025, 5, 19)
    gaps = [
        (date(2000, 1, 1), date(2000, 1, 11)),
        (anniversary + timedelta(days=5), anniversary + timedelta(days=8)),
    ]
    assert party_age_reached_on(date(1995, 5, 19), 30, gaps) == anniversary + timedelta(days=13)


def test_negative_years_are_refused():
    with pytest.raises(RuleViolation) as raised:
        party_age_reached_on(date(2000, 1, 1), -1)
    assert raised.value.code == "party_age.negative_years"


# --- badges --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reached", "award"),
    [
        (date(2025, 2, 3), date(2025, 2, 3)),
        (date(2025, 2, 4), date(2025, 5, 19)),
        (date(2025, 1, 1), date(2025, 2, 3)),
        (date(2025, 5, 19), date(2025, 5, 19)),
        (date(2025, 5, 20), date(2025, 9, 2)),
        (date(2025, 9, 2), date(2025, 9, 2)),
        (date(2025, 9, 3), date(2025, 11, 7)),
        (date(2025, 11, 7), date(2025, 11, 7)),
        (date(2025, 11, 8), date(2026, 2, 3)),
        (date(2025, 12, 31), date(2026, 2, 3)),
    ],
)
def test_award_day_is_the_first_of_3_2_19_5_2_9_7_11_on_or_after(reached, award):
    assert next_award_day(reached, P) == award


def test_award_days_come_from_the_profile():
    assert next_award_day(date(2025, 2, 4), P.with_overrides({"badge_award_days": ((3, 26),)})) == date(
        2025, 3, 26
    )
    assert next_award_day(date(2025, 2, 4), P.with_overrides({"badge_award_days": ()})) == date(2025, 2, 4)


def test_badge_due_in_a_window():
    decision = date(1995, 5, 1)
    due = badges_reached_between(decision, [], P, after=date(2024, 12, 31), until=date(2025, 12, 31))
    assert due == [(30, date(2025, 5, 19))]


def test_badge_window_is_open_at_after_and_closed_at_until():
    decision = date(1995, 5, 1)
    assert badges_reached_between(decision, [], P, after=date(2025, 5, 1), until=date(2026, 1, 1)) == []
    assert badges_reached_between(decision, [], P, after=date(2025, 4, 30), until=date(2025, 5, 1)) == [
        (30, date(2025, 5, 19))
    ]


def test_a_one_year_transfer_gap_delays_the_30_year_badge_by_a_year():
    decision = date(1995, 5, 1)
    gap = (date(2001, 3, 1), date(2002, 3, 1))  # 365 days, a transfer never completed
    assert party_age_reached_on(decision, 30, [gap]) == date(2026, 5, 1)
    assert (
        badges_reached_between(decision, [gap], P, after=date(2024, 12, 31), until=date(2025, 12, 31)) == []
    )
    assert badges_reached_between(decision, [gap], P, after=date(2025, 12, 31), until=date(2026, 12, 31)) == [
        (30, date(2026, 5, 19))
    ]


def test_a_short_gap_moves_the_award_to_the_next_award_day():
    decision = date(1995, 5, 1)
    gap = (date(2001, 3, 1), date(2001, 3, 21))  # 20 days: reached 21/5/2025, after 19/5
    assert badges_reached_between(decision, [gap], P, after=date(2024, 12, 31), until=date(2025, 12, 31)) == [
        (30, date(2025, 9, 2))
    ]


def test_reached_in_november_is_awarded_on_3_february_next_year():
    assert badges_reached_between(
        date(1985, 11, 20), [], P, after=date(2025, 1, 1), until=date(2025, 12, 31)
    ) == [(40, date(2026, 2, 3))]


def test_several_thresholds_in_one_window_in_order():
    due = badges_reached_between(date(1960, 6, 1), [], P, after=date(1990, 1, 1), until=date(2025, 12, 31))
    assert due == [
        (30, date(1990, 9, 2)),
        (40, date(2000, 9, 2)),
        (45, date(2005, 9, 2)),
        (50, date(2010, 9, 2)),
        (55, date(2015, 9, 2)),
        (60, date(2020, 9, 2)),
        (65, date(2025, 9, 2)),
    ]


def test_badge_thresholds_come_from_the_profile():
    profile = P.with_overrides({"badge_thresholds_years": (25,)})
    assert badges_reached_between(
        date(2000, 1, 1), [], profile, after=date(2024, 1, 1), until=date(2025, 12, 31)
    ) == [(25, date(2025, 2, 3))]


def test_empty_or_reversed_window_gives_nothing():
    assert (
        badges_reached_between(date(1995, 5, 1), [], P, after=date(2025, 5, 1), until=date(2025, 5, 1)) == []
    )
    assert (
        badges_reached_between(date(1995, 5, 1), [], P, after=date(2026, 1, 1), until=date(2025, 1, 1)) == []
    )


# --- properties ----------------------------------------------------------------------------

_decisions = st.dates(min_value=date(1940, 1, 1), max_value=date(2030, 12, 31))
_gap = st.tuples(st.integers(-400, 40 * 366), st.integers(0, 800))
_years = st.integers(0, 45)


def _as_gaps(decision, raw):  # type: ignore[no-untyped-def]
    return [(decision + timedelta(days=s), decision + timedelta(days=s + n)) for s, n in raw]


@given(_decisions, _years, st.lists(_gap, max_size=5))
def test_reached_on_is_the_earliest_day_with_the_target_count(decision, years, raw):
    gaps = _as_gaps(decision, raw)
    target = (add_months(decision, 12 * years) - decision).days
    reached = party_age_reached_on(decision, years, gaps)
    assert party_age_days(decision, reached, gaps) == target
    if reached > decision:
        assert party_age_days(decision, reached - ONE_DAY, gaps) < target
    assert party_age(decision, reached, gaps) == (years, 0)


@given(_decisions, _years, st.lists(_gap, max_size=4), _gap)
def test_adding_a_gap_never_makes_a_threshold_earlier(decision, years, raw, extra):
    gaps = _as_gaps(decision, raw)
    before = party_age_reached_on(decision, years, gaps)
    after = party_age_reached_on(decision, years, [*gaps, *_as_gaps(decision, [extra])])
    assert after >= before


@given(_decisions, _years)
def test_without_gaps_reached_on_is_the_anniversary(decision, years):
    assert party_age_reached_on(decision, years) == add_months(decision, 12 * years)


@settings(max_examples=60)
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2003, 1, 1)),
    st.integers(-30, 800),
    st.lists(st.tuples(st.integers(-60, 700), st.integers(0, 120)), max_size=4),
)
def test_party_age_days_matches_the_day_by_day_count(decision, length, raw):
    gaps = _as_gaps(decision, raw)
    as_of = decision + timedelta(days=length)
    assert party_age_days(decision, as_of, gaps) == _brute_force_days(decision, as_of, gaps)


@given(_decisions, st.integers(0, 20000), st.lists(_gap, max_size=4))
def test_party_age_never_decreases_with_time(decision, length, raw):
    gaps = _as_gaps(decision, raw)
    day = decision + timedelta(days=length)
    assert party_age(decision, day, gaps) <= party_age(decision, day + ONE_DAY, gaps)


def test_latest_start_clamps_the_leap_day():
    assert latest_start(date(2030, 2, 28), 30) == date(2000, 2, 29)  # born 29/2/2000: 30 that day
    assert latest_start(date(2030, 2, 28), 29) == date(2001, 2, 28)
    assert latest_start(date(2028, 2, 28), 4) == date(2024, 2, 28)  # 29/2/2028 is still to come
    assert latest_start(date(2024, 2, 29), 1) == date(2023, 2, 28)
    assert latest_start(date(2026, 6, 30), 30) == date(1996, 6, 30)


@given(st.dates(date(1950, 1, 1), date(2040, 12, 31)), st.integers(0, 90))
@example(on=date(2030, 2, 28), years=30)
@example(on=date(2025, 2, 28), years=5)
def test_latest_start_is_the_last_day_the_years_are_completed(on, years):
    start = latest_start(on, years)
    assert add_months(start, 12 * years) <= on
    assert add_months(start + timedelta(days=1), 12 * years) > on
