"""Party badges (chibo.rules.badges): DOMAIN.md §8 [S46, S47]."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.rules import badges as b
from chibo.rules.badges import ILLNESS, POSTHUMOUS, BadgeFacts
from chibo.rules.errors import RuleViolation
from chibo.rules.party_age import add_months, party_age_reached_on
from chibo.rules.profiles import profile_on

P = profile_on(date(2026, 1, 1))


def _violation(call, *args, **kwargs):  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as raised:
        call(*args, **kwargs)
    return raised.value


# --- thresholds and award days ----------------------------------------------------------------


def test_thresholds_and_award_days_of_the_regulation():
    assert b.BADGE_THRESHOLDS == (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
    assert b.AWARD_DAYS == ((2, 3), (5, 19), (9, 2), (11, 7))
    assert b.award_dates(2026, P) == [
        date(2026, 2, 3),
        date(2026, 5, 19),
        date(2026, 9, 2),
        date(2026, 11, 7),
    ]


@pytest.mark.parametrize(
    ("day", "award"),
    [
        (date(2025, 2, 3), date(2025, 2, 3)),
        (date(2025, 2, 4), date(2025, 5, 19)),
        (date(2025, 11, 7), date(2025, 11, 7)),
        (date(2025, 11, 8), date(2026, 2, 3)),
        (date(2024, 2, 29), date(2024, 5, 19)),
    ],
)
def test_next_award_date(day, award):
    assert b.next_award_date(day, P) == award


def test_next_award_date_reads_the_profile():
    assert b.next_award_date(date(2025, 2, 4), P.with_overrides({"badge_award_days": ((3, 26),)})) == date(
        2025, 3, 26
    )


def test_reached_on_is_party_age_reached_on():
    assert b.reached_on is party_age_reached_on


# --- early awards -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("threshold", "reason", "limit"),
    [
        (30, ILLNESS, 12),
        (65, ILLNESS, 12),
        (70, ILLNESS, 24),
        (90, ILLNESS, 24),
        (30, POSTHUMOUS, 12),
        (70, POSTHUMOUS, 12),
        (90, POSTHUMOUS, 12),
    ],
)
def test_early_award_at_its_limit_passes_and_one_month_more_is_refused(threshold, reason, limit):
    assert b.check_early_months(threshold, limit, reason=reason, profile=P) == limit
    assert b.check_early_months(threshold, limit - 1, reason=reason, profile=P) == limit
    raised = _violation(b.check_early_months, threshold, limit + 1, reason=reason, profile=P)
    assert raised.code == "badge.early_too_much"
    assert raised.params == {
        "early_months": limit + 1,
        "allowed": limit,
        "threshold": threshold,
        "reason": reason,
    }


def test_no_early_months_always_passes():
    assert b.check_early_months(45, 0, reason=ILLNESS, profile=P) == 12


def test_negative_early_months_are_refused():
    raised = _violation(b.check_early_months, 30, -1, reason=ILLNESS, profile=P)
    assert raised.code == "badge.early_negative"


def test_unknown_reason_and_threshold_are_refused():
    assert (
        _violation(b.check_early_months, 30, 6, reason="merit", profile=P).code
        == "badge.early_reason_unknown"
    )
    assert (
        _violation(b.check_early_months, 35, 6, reason=ILLNESS, profile=P).code == "badge.threshold_unknown"
    )


def test_early_limits_come_from_the_profile():
    profile = P.with_overrides({"badge_early_high_from_years": 60, "badge_posthumous_early_months": 6})
    assert b.early_months_allowed(60, reason=ILLNESS, profile=profile) == 24
    assert b.early_months_allowed(55, reason=ILLNESS, profile=profile) == 12
    assert b.early_months_allowed(90, reason=POSTHUMOUS, profile=profile) == 6


# --- badge due on an award date ---------------------------------------------------------------

DECISION = date(1995, 5, 1)  # 30 years on 1/5/2025 → awarded on 19/5/2025


def test_badge_due_on_the_first_award_date_on_or_after_the_reach_day():
    assert b.badge_due(DECISION, [], [], date(2025, 2, 3), profile=P) is None
    assert b.badge_due(DECISION, [], [], date(2025, 5, 1), profile=P) == 30  # reach day itself
    assert b.badge_due(DECISION, [], [], date(2025, 5, 19), profile=P) == 30
    assert b.badge_due(DECISION, [], [], date(2025, 4, 30), profile=P) is None


def test_an_awarded_badge_is_not_due_again():
    assert b.badge_due(DECISION, [], [30], date(2025, 5, 19), profile=P) is None
    assert b.badge_due(DECISION, [], [30], date(2035, 5, 19), profile=P) == 40


def test_a_missed_badge_stays_due_and_only_the_highest_is_given():
    assert b.badge_due(DECISION, [], [], date(2036, 2, 3), profile=P) == 40  # 30 never awarded
    assert b.badge_due(DECISION, [], [30], date(2041, 2, 3), profile=P) == 45  # 40 skipped


def test_a_one_year_gap_delays_the_badge_by_a_year():
    gap = (date(2001, 3, 1), date(2002, 3, 1))
    assert b.badge_due(DECISION, [gap], [], date(2025, 5, 19), profile=P) is None
    assert b.badge_due(DECISION, [gap], [], date(2026, 5, 19), profile=P) == 30


def test_a_short_gap_delays_the_badge_to_the_next_award_date():
    decision = date(1995, 5, 10)  # reaches 30 on 10/5/2025: round of 19/5/2025
    assert b.badge_due(decision, [], [], date(2025, 5, 19), profile=P) == 30
    gap = (date(2010, 1, 1), date(2010, 1, 11))  # 10 days → reaches on 20/5/2025
    assert b.badge_due(decision, [gap], [], date(2025, 5, 19), profile=P) is None
    assert b.next_award_date(party_age_reached_on(decision, 30, [gap]), P) == date(2025, 9, 2)
    assert b.badge_due(decision, [gap], [], date(2025, 9, 2), profile=P) == 30


def test_early_months_bring_the_reach_day_forward():
    decision = date(1960, 6, 1)  # 65 years on 1/6/2025
    assert b.badge_due(decision, [], [60], date(2024, 9, 2), profile=P) is None
    assert b.badge_due(decision, [], [60], date(2024, 9, 2), profile=P, early_months=9) == 65  # 1/9/2024
    assert b.badge_due(decision, [], [60], date(2024, 9, 2), profile=P, early_months=8) is None  # 1/10/2024


def test_badge_due_refuses_negative_early_months():
    assert _violation(b.badge_due, DECISION, [], [], date(2025, 5, 19), profile=P, early_months=-1).code == (
        "badge.early_negative"
    )


def test_past_the_last_threshold_nothing_is_due():
    assert b.badge_due(date(1930, 1, 1), [], [90], date(2026, 2, 3), profile=P) is None


_decisions = st.dates(min_value=date(1935, 1, 1), max_value=date(2000, 12, 31))
_award_dates = st.dates(min_value=date(1960, 1, 1), max_value=date(2040, 12, 31))
_gaps = st.lists(
    st.tuples(st.dates(min_value=date(1935, 1, 1), max_value=date(2040, 1, 1)), st.integers(0, 800)).map(
        lambda pair: (pair[0], pair[0] + timedelta(days=pair[1]))
    ),
    max_size=3,
)


@given(_decisions, _gaps, _award_dates, st.integers(0, 24))
def test_the_badge_due_is_the_highest_threshold_reached(decision, gaps, award_date, early):
    due = b.badge_due(decision, gaps, [], award_date, profile=P, early_months=early)
    reached = {t: add_months(party_age_reached_on(decision, t, gaps), -early) for t in b.BADGE_THRESHOLDS}
    eligible = [t for t, day in reached.items() if day <= award_date]
    assert due == (max(eligible) if eligible else None)


@given(_decisions, _gaps, _award_dates, st.integers(1, 3000))
def test_a_later_award_date_never_gives_a_lower_badge(decision, gaps, award_date, days):
    first = b.badge_due(decision, gaps, [], award_date, profile=P) or 0
    later = b.badge_due(decision, gaps, [], award_date + timedelta(days=days), profile=P) or 0
    assert later >= first


# --- award rounds -----------------------------------------------------------------------------


def test_an_award_round_lists_the_members_due_in_order():
    facts = [
        BadgeFacts("a", date(1995, 5, 1)),  # 30 on 1/5/2025
        BadgeFacts("b", date(1995, 5, 20)),  # 30 on 20/5/2025: next round
        BadgeFacts("c", date(1985, 3, 1), awarded=(30,)),  # 40 on 1/3/2025
        BadgeFacts("d", date(1985, 3, 1), awarded=(30, 40)),  # already has 40
        BadgeFacts("e", date(1995, 4, 1), gaps=((date(2000, 1, 1), date(2001, 1, 1)),)),  # 30 in 2026
    ]
    assert b.award_round(facts, date(2025, 5, 19), P) == [("a", 30), ("c", 40)]
    assert b.award_round(facts, date(2025, 9, 2), P) == [("a", 30), ("b", 30), ("c", 40)]


def test_an_award_round_checks_early_awards():
    decision = date(1956, 8, 1)  # 70 years on 1/8/2026
    ill = BadgeFacts("ill", decision, awarded=(65,), early_months=24, early_reason=ILLNESS)
    assert b.award_round([ill], date(2024, 9, 2), P) == [("ill", 70)]
    dead = BadgeFacts("dead", decision, awarded=(65,), early_months=13, early_reason=POSTHUMOUS)
    raised = _violation(b.award_round, [dead], date(2025, 9, 2), P)
    assert raised.code == "badge.early_too_much"
    assert raised.params["allowed"] == 12
    dead_in_time = BadgeFacts("dead", decision, awarded=(65,), early_months=12, early_reason=POSTHUMOUS)
    assert b.award_round([dead_in_time], date(2025, 9, 2), P) == [("dead", 70)]


def test_an_early_award_for_a_threshold_below_70_is_limited_to_12_months():
    decision = date(1960, 11, 1)  # 65 years on 1/11/2025
    facts = BadgeFacts("x", decision, awarded=(60,), early_months=13, early_reason=ILLNESS)
    assert _violation(b.award_round, [facts], date(2024, 11, 7), P).code == "badge.early_too_much"
    facts = BadgeFacts("x", decision, awarded=(60,), early_months=12, early_reason=ILLNESS)
    assert b.award_round([facts], date(2024, 11, 7), P) == [("x", 65)]


def test_early_months_that_are_not_needed_are_not_checked():
    facts = BadgeFacts("x", date(1995, 5, 1), early_months=30, early_reason=ILLNESS)
    assert b.award_round([facts], date(2025, 5, 19), P) == [("x", 30)]


def test_an_early_award_needs_a_reason():
    facts = BadgeFacts("x", date(1995, 5, 1), early_months=6)
    assert _violation(b.award_round, [facts], date(2025, 2, 3), P).code == "badge.early_reason_unknown"
