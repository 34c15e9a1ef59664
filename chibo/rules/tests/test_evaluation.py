"""Annual evaluation (chibo.rules.evaluation): DOMAIN.md §6 [S35–S40]."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.rules import evaluation as ev
from chibo.rules.errors import RuleViolation
from chibo.rules.evaluation import HTNV, HTTNV, HTXSNV, KHTNV
from chibo.rules.profiles import profile_on

P = profile_on(date(2026, 1, 1))
EXCELLENT_CONDITIONS = {"exceeding_share": Fraction(3, 10)}


def _code(call, *args, **kwargs):  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as raised:
        call(*args, **kwargs)
    return raised.value.code


# --- score range ------------------------------------------------------------------------------


@pytest.mark.parametrize("score", [0, 100, Decimal("0"), Decimal("100.00"), Decimal("49.99"), Fraction(1, 3)])
def test_scores_from_0_to_100_inclusive_are_accepted(score):
    assert ev.check_score(score) == score


@pytest.mark.parametrize(
    "score",
    [
        -1,
        101,
        Decimal("-0.01"),
        Decimal("100.01"),
        Decimal("NaN"),
        float("nan"),
        float("inf"),
        "90",
        True,
        None,
    ],
)
def test_scores_outside_the_frame_are_refused(score):
    with pytest.raises(RuleViolation) as raised:
        ev.check_score(score)
    assert raised.value.code == "evaluation.score_range"
    assert raised.value.params == {"score": score, "min": 0, "max": 100}


def test_grade_for_score_refuses_a_score_outside_the_frame():
    assert _code(ev.grade_for_score, Decimal("100.01"), profile=P) == "evaluation.score_range"
    assert _code(ev.grade_for_score, -1, profile=P) == "evaluation.score_range"


# --- bands ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (0, KHTNV),
        (Decimal("49.99"), KHTNV),
        (50, HTNV),
        (Decimal("69.99"), HTNV),
        (70, HTTNV),
        (Decimal("89.99"), HTTNV),
        (90, HTXSNV),
        (100, HTXSNV),
        (89.99, HTTNV),
        (90.0, HTXSNV),
    ],
)
def test_bands_at_their_edges(score, grade):
    assert ev.grade_for_score(score, profile=P, **EXCELLENT_CONDITIONS) == grade


def test_excellent_needs_a_recorded_share_of_tasks_exceeding():
    assert ev.grade_for_score(95, profile=P) == HTTNV  # exceeding share not recorded
    assert ev.grade_for_score(95, profile=P, exceeding_share=Decimal("0.29")) == HTTNV
    assert ev.grade_for_score(95, profile=P, exceeding_share=Decimal("0.30")) == HTXSNV
    assert ev.grade_for_score(95, profile=P, exceeding_share=0.3) == HTXSNV  # read as three tenths


def test_excellent_and_good_need_all_tasks_on_time():
    assert ev.grade_for_score(95, profile=P, all_tasks_on_time=False, exceeding_share=1) == HTNV
    assert ev.grade_for_score(75, profile=P, all_tasks_on_time=False) == HTNV
    # A late share above 0 means not every task was on time, whatever the flag says.
    assert ev.grade_for_score(75, profile=P, late_share=Fraction(1, 10)) == HTNV


def test_a_collective_with_a_disciplined_subordinate_is_not_excellent():
    conditions = {"exceeding_share": Fraction(1, 2), "collective": True}
    assert ev.grade_for_score(95, profile=P, **conditions) == HTXSNV
    assert ev.grade_for_score(95, profile=P, subordinate_disciplined=True, **conditions) == HTTNV


def test_a_disciplined_subordinate_does_not_concern_a_member_grade():
    assert ev.grade_for_score(95, profile=P, subordinate_disciplined=True, **EXCELLENT_CONDITIONS) == HTXSNV


def test_a_collective_passes_with_at_most_20_percent_of_tasks_late():
    assert ev.grade_for_score(60, profile=P, collective=True, late_share=Fraction(1, 5)) == HTNV
    assert ev.grade_for_score(60, profile=P, collective=True, late_share=Decimal("0.21")) == KHTNV
    # A member has no late-share condition.
    assert ev.grade_for_score(60, profile=P, late_share=Decimal("0.5")) == HTNV


def test_a_failed_condition_drops_through_every_band_that_fails():
    # Score 95, collective, 25% late: not excellent nor good (late), not pass (>20% late).
    assert ev.grade_for_score(95, profile=P, collective=True, late_share=Decimal("0.25")) == KHTNV
    assert ev.grade_for_score(95, profile=P, collective=True, late_share=Decimal("0.2")) == HTNV


def test_disqualified_is_khtnv_whatever_the_score():
    assert ev.grade_for_score(100, profile=P, disqualified=True, exceeding_share=1) == KHTNV


@pytest.mark.parametrize("share", [Decimal("-0.01"), Decimal("1.01"), 2, float("nan")])
def test_shares_outside_0_to_1_are_refused(share):
    assert _code(ev.grade_for_score, 80, profile=P, late_share=share) == "evaluation.share_range"
    assert _code(ev.grade_for_score, 80, profile=P, exceeding_share=share) == "evaluation.share_range"


def test_bands_come_from_the_profile():
    profile = P.with_overrides({"grade_excellent_min_score": 85, "grade_pass_min_score": 55})
    assert ev.grade_for_score(85, profile=profile, **EXCELLENT_CONDITIONS) == HTXSNV
    assert ev.grade_for_score(54, profile=profile) == KHTNV
    stricter = P.with_overrides({"excellent_min_exceeding_share": Fraction(1, 2)})
    assert ev.grade_for_score(95, profile=stricter, **EXCELLENT_CONDITIONS) == HTTNV
    looser = P.with_overrides({"collective_pass_max_late_share": 0.3})
    assert ev.grade_for_score(60, profile=looser, collective=True, late_share=0.3) == HTNV


_scores = st.decimals(min_value=0, max_value=100, places=2)


@given(_scores, st.booleans(), st.booleans(), st.booleans(), st.fractions(0, 1), st.fractions(0, 1))
def test_a_grade_is_never_better_than_the_band_of_its_score(
    score, on_time, collective, sub_disciplined, exceeding, late
):
    grade = ev.grade_for_score(
        score,
        profile=P,
        all_tasks_on_time=on_time,
        exceeding_share=exceeding,
        late_share=late,
        collective=collective,
        subordinate_disciplined=sub_disciplined,
    )
    best = ev.grade_for_score(score, profile=P, exceeding_share=1)
    assert ev.worse_grade(grade, best) == grade


@given(_scores, _scores)
def test_a_higher_score_never_gives_a_lower_grade(first, second):
    low, high = sorted((first, second))
    assert ev.worse_grade(
        ev.grade_for_score(low, profile=P, exceeding_share=1),
        ev.grade_for_score(high, profile=P, exceeding_share=1),
    ) == ev.grade_for_score(low, profile=P, exceeding_share=1)


# --- quota ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("good", "allowed"), [(0, 0), (4, 0), (5, 1), (9, 1), (10, 2), (14, 2), (15, 3), (100, 20)]
)
def test_max_excellent_is_20_percent_of_good_rounded_down(good, allowed):
    assert ev.max_excellent(good, P) == allowed


def test_max_excellent_reads_the_ratio_from_the_profile():
    assert ev.max_excellent(10, P.with_overrides({"excellent_quota_ratio": Fraction(1, 4)})) == 2
    assert ev.max_excellent(100, P.with_overrides({"excellent_quota_ratio": 0.29})) == 29  # no float drift


def test_max_excellent_refuses_a_negative_count():
    assert _code(ev.max_excellent, -1, P) == "evaluation.count_negative"


def test_quota_counts_the_httnv_grades_alone():
    # 10 HTTNV → 2 HTXSNV allowed; HTXSNV themselves are not in the base.
    grades = [HTXSNV] * 2 + [HTTNV] * 10 + [HTNV] * 3 + [KHTNV]
    assert ev.check_quota(grades, P) == 2
    with pytest.raises(RuleViolation) as raised:
        ev.check_quota([HTXSNV] * 3 + [HTTNV] * 10, P)
    assert raised.value.code == "evaluation.quota_exceeded"
    assert raised.value.params == {"excellent": 3, "allowed": 2, "good": 10}


def test_quota_with_9_good_allows_one_excellent():
    ev.check_quota([HTXSNV] + [HTTNV] * 9, P)
    assert _code(ev.check_quota, [HTXSNV] * 2 + [HTTNV] * 9, P) == "evaluation.quota_exceeded"


def test_quota_without_good_members_allows_no_excellent():
    assert ev.check_quota([HTNV, KHTNV], P) == 0
    assert ev.check_quota([], P) == 0
    assert _code(ev.check_quota, [HTXSNV, HTNV], P) == "evaluation.quota_exceeded"


def test_quota_refuses_an_unknown_grade():
    with pytest.raises(RuleViolation) as raised:
        ev.check_quota([HTTNV, "TOT"], P)
    assert raised.value.code == "evaluation.grade_unknown"
    assert raised.value.params == {"grade": "TOT"}


def test_count_grades_lists_every_grade():
    assert ev.count_grades([HTTNV, HTTNV, KHTNV]) == {HTXSNV: 0, HTTNV: 2, HTNV: 0, KHTNV: 1}


@given(st.lists(st.sampled_from(ev.GRADES), max_size=60))
def test_quota_passes_exactly_when_excellent_is_within_a_fifth_of_good(grades):
    excellent, good = grades.count(HTXSNV), grades.count(HTTNV)
    try:
        ev.check_quota(grades, P)
    except RuleViolation:
        assert 5 * excellent > good
    else:
        assert 5 * excellent <= good


# --- caps -------------------------------------------------------------------------------------


@pytest.mark.parametrize("grade", ev.GRADES)
def test_a_member_disciplined_in_the_year_is_capped_at_khtnv(grade):
    assert ev.cap_grade(grade, disciplined_in_year=True, profile=P) == KHTNV


@pytest.mark.parametrize("grade", ev.GRADES)
def test_no_cap_without_discipline(grade):
    assert ev.cap_grade(grade, disciplined_in_year=False, profile=P) == grade


def test_the_cap_comes_from_the_profile():
    profile = P.with_overrides({"disciplined_member_grade_cap": HTNV})
    assert ev.cap_grade(HTXSNV, disciplined_in_year=True, profile=profile) == HTNV
    assert ev.cap_grade(HTNV, disciplined_in_year=True, profile=profile) == HTNV
    assert ev.cap_grade(KHTNV, disciplined_in_year=True, profile=profile) == KHTNV


def test_probationary_members_are_capped_only_when_the_profile_says_so():
    assert ev.cap_grade(HTXSNV, disciplined_in_year=False, profile=P, probationary=True) == HTXSNV
    profile = P.with_overrides({"probationary_member_grade_cap": HTTNV})
    assert ev.cap_grade(HTXSNV, disciplined_in_year=False, profile=profile, probationary=True) == HTTNV
    assert ev.cap_grade(HTXSNV, disciplined_in_year=False, profile=profile) == HTXSNV


def test_cap_refuses_an_unknown_grade():
    assert _code(ev.cap_grade, "A", disciplined_in_year=False, profile=P) == "evaluation.grade_unknown"


# --- streaks ----------------------------------------------------------------------------------


def test_streak_counts_consecutive_years_ending_at_the_year():
    grades = {2021: HTXSNV, 2022: HTXSNV, 2023: HTXSNV, 2024: HTXSNV, 2025: HTXSNV}
    assert ev.streak(grades, HTXSNV, 2025) == 5
    assert ev.streak(grades, HTXSNV, 2023) == 3


def test_a_gap_year_breaks_the_streak():
    grades = {2019: HTXSNV, 2020: HTXSNV, 2022: HTXSNV, 2023: HTXSNV, 2024: HTXSNV}
    assert ev.streak(grades, HTXSNV, 2024) == 3
    assert ev.streak(grades, HTXSNV, 2020) == 2


def test_another_grade_breaks_the_streak_and_an_ungraded_end_year_gives_0():
    grades = {2022: HTXSNV, 2023: HTTNV, 2024: HTXSNV}
    assert ev.streak(grades, HTXSNV, 2024) == 1
    assert ev.streak(grades, HTXSNV, 2025) == 0
    assert ev.streak(grades, HTTNV, 2024) == 0


def test_streak_of_good_or_better():
    grades = {2022: HTXSNV, 2023: HTTNV, 2024: HTXSNV}
    assert ev.streak(grades, {HTXSNV, HTTNV}, 2024) == 3


def test_streak_refuses_an_unknown_grade():
    assert _code(ev.streak, {}, "XS", 2024) == "evaluation.grade_unknown"


# --- score band, points per criterion, table totals (scoring tables) ---------------------------


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, HTXSNV),
        (90, HTXSNV),
        (Decimal("89.9"), HTTNV),
        (70, HTTNV),
        (69, HTNV),
        (50, HTNV),
        (49, KHTNV),
        (0, KHTNV),
    ],
)
def test_score_band_is_the_grade_of_the_score_alone(score, grade):
    assert ev.score_band(score, profile=P) == grade


def test_score_band_refuses_a_score_outside_the_frame():
    assert _code(ev.score_band, 101, profile=P) == "evaluation.score_range"


@pytest.mark.parametrize("points", [0, 5, Decimal("4.5")])
def test_points_within_the_criterion_maximum_pass(points):
    assert ev.check_points("1.1", points, 5) == points


@pytest.mark.parametrize("points", [-1, Decimal("5.5"), float("nan"), "3"])
def test_points_outside_the_criterion_maximum_are_refused(points):
    assert _code(ev.check_points, "1.1", points, 5) == "evaluation.points_range"


def test_a_table_of_30_common_and_70_task_points_passes():
    totals = ev.check_table_totals(
        [("common", 10), ("common", 20), ("tasks", Decimal("35.5")), ("tasks", Decimal("34.5"))]
    )
    assert totals == {"common": 30, "tasks": 70}


@pytest.mark.parametrize(
    ("criteria", "group", "total"),
    [
        ([("common", 25), ("tasks", 70)], "common", 25),
        ([("common", 30), ("tasks", 75)], "tasks", 75),
        ([("common", 30)], "tasks", 0),
        ([("common", 15), ("common", Decimal("15.5")), ("tasks", 70)], "common", Decimal("30.5")),
    ],
)
def test_a_table_not_totalling_30_and_70_is_refused(criteria, group, total):
    with pytest.raises(RuleViolation) as raised:
        ev.check_table_totals(criteria)
    assert raised.value.code == "evaluation.table_totals"
    assert raised.value.params == {"group": group, "total": total, "expected": ev.GROUP_POINTS[group]}


def test_a_table_with_an_unknown_group_or_a_criterion_without_points_is_refused():
    assert _code(ev.check_table_totals, [("bonus", 5)]) == "evaluation.group_unknown"
    assert (
        _code(ev.check_table_totals, [("common", 0), ("common", 30), ("tasks", 70)])
        == "evaluation.points_range"
    )
