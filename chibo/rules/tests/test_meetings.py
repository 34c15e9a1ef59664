"""Cell meetings (chibo.rules.meetings): DOMAIN.md §3, §4."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.rules import meetings as m
from chibo.rules.errors import RuleViolation
from chibo.rules.profiles import profile_on
from chibo.rules.workdays import is_working_day

P = profile_on(date(2026, 1, 1))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


# --- length and materials ------------------------------------------------------------------


def test_regular_meeting_needs_90_minutes_combined_120():
    day = date(2026, 3, 5)
    assert not m.too_short(m.REGULAR, _at(day, 14), _at(day, 15, 30), P)
    assert m.too_short(m.REGULAR, _at(day, 14), _at(day, 15, 29), P)
    assert m.too_short(m.COMBINED, _at(day, 14), _at(day, 15, 59), P)
    assert not m.too_short(m.COMBINED, _at(day, 14), _at(day, 16), P)
    assert not m.too_short(m.COMMITTEE, _at(day, 14), _at(day, 14, 20), P)


def test_end_before_start_is_refused():
    day = date(2026, 3, 5)
    with pytest.raises(RuleViolation) as raised:
        m.duration_minutes(_at(day, 15), _at(day, 14))
    assert raised.value.code == "meeting.end_before_start"


def test_meeting_across_midnight_counts_its_minutes():
    assert m.duration_minutes(datetime(2025, 12, 31, 23, 0), datetime(2026, 1, 1, 0, 45)) == 105


def test_materials_at_least_one_day_before():
    starts = _at(date(2026, 3, 5), 14)
    assert not m.materials_late(starts - timedelta(days=1), starts, P)
    assert m.materials_late(starts - timedelta(days=1) + timedelta(minutes=1), starts, P)
    assert m.materials_late(None, starts, P)


# --- the yearly plan ------------------------------------------------------------------------


def test_plan_has_twelve_regular_and_four_thematic_meetings_on_working_days():
    plan = m.plan_year(2026, day=5)
    kinds = [kind for _, kind in plan]
    assert kinds.count(m.REGULAR) == 12 and kinds.count(m.THEMATIC) == 4
    assert all(is_working_day(day) for day, _ in plan)
    assert [day.month for day, kind in plan if kind == m.REGULAR] == list(range(1, 13))
    assert [(day.month - 1) // 3 for day, kind in plan if kind == m.THEMATIC] == [0, 1, 2, 3]


def test_plan_moves_a_meeting_off_tet_2026():
    plan = dict((d, k) for d, k in m.plan_year(2026, day=17))  # 17/2/2026 is Tết
    february = [d for d in plan if d.month == 2 and plan[d] == m.REGULAR]
    assert february == [date(2026, 2, 23)]  # the first working day after the Tết holiday


def test_plan_keeps_the_meeting_in_its_month_at_the_year_end():
    plan = m.plan_year(2026, day=31)
    december = [d for d, k in plan if k == m.REGULAR and d.month == 12]
    assert december == [date(2026, 12, 31)]
    february = [d for d, k in plan if k == m.REGULAR and d.month == 2]
    assert february == [date(2026, 2, 27)]  # 28/2/2026 is a Saturday: back to Friday


def test_plan_refuses_a_bad_day_or_missing_quarter():
    with pytest.raises(RuleViolation):
        m.plan_year(2026, day=0)
    with pytest.raises(RuleViolation) as raised:
        m.plan_year(2026, day=5, thematic_months=(1, 2, 3, 4))
    assert raised.value.code == "meeting.plan_quarters"


@given(st.integers(min_value=2015, max_value=2035), st.integers(min_value=1, max_value=31))
def test_every_plan_is_twelve_months_of_working_days(year, day):
    plan = m.plan_year(year, day=day)
    assert sorted({d.month for d, k in plan if k == m.REGULAR}) == list(range(1, 13))
    assert all(is_working_day(d) and d.year == year for d, _ in plan)


# --- regularity -----------------------------------------------------------------------------


def test_months_without_a_regular_meeting_combined_counts():
    held = [(date(2026, 1, 6), m.REGULAR), (date(2026, 2, 24), m.COMBINED), (date(2026, 3, 9), m.THEMATIC)]
    missing = m.months_without_regular(held, start=date(2025, 12, 1), end=date(2026, 3, 31))
    assert missing == [(2025, 12), (2026, 3)]


def test_quarters_without_a_thematic_meeting():
    held = [(date(2026, 2, 24), m.COMBINED), (date(2026, 7, 1), m.THEMATIC)]
    missing = m.quarters_without_thematic(held, start=date(2026, 1, 1), end=date(2026, 12, 31), profile=P)
    assert missing == [(2026, 2), (2026, 4)]


# --- vote base, resolutions, attendance -----------------------------------------------------


def test_vote_base_excludes_the_groups_of_24_qd_tw_9_3_2():
    summoned = [
        m.Summoned(m.PRESENT),
        m.Summoned(m.ABSENT_UNEXCUSED),  # counted: absent without reason stays in the base
        m.Summoned(m.ABSENT_EXCUSED),  # officially excused
        m.Summoned(m.PRESENT, exempt=True),  # exempt but present: counted
        m.Summoned(m.EXCUSED_BY_STATUS, exempt=True),  # exempt and absent
        m.Summoned(m.PRESENT, temporarily_out=True),
        m.Summoned(m.PRESENT, suspended=True),
        m.Summoned(m.ABSENT_UNEXCUSED, detained=True),
        m.Summoned(m.PRESENT, official=False),  # probationary: no vote
    ]
    assert m.vote_base(summoned, P) == 3


def test_probationary_members_vote_when_the_profile_says_so():
    summoned = [m.Summoned(m.PRESENT, official=False)]
    assert m.vote_base(summoned, dataclasses.replace(P, probationary_members_vote=True)) == 1


def test_resolution_needs_strictly_more_than_half():
    assert m.resolution_passes(6, 10, P)
    assert not m.resolution_passes(5, 10, P)
    assert m.resolution_passes(5, 9, P)
    assert not m.resolution_passes(4, 9, P)
    with pytest.raises(RuleViolation) as raised:
        m.resolution_passes(11, 10, P)
    assert raised.value.code == "meeting.votes_exceed_base"


def test_attendance_rate_leaves_out_those_excused_by_status():
    assert m.attendance_rate([m.PRESENT] * 19 + [m.ABSENT_EXCUSED] + [m.EXCUSED_BY_STATUS] * 3) == 95.0
    assert m.attendance_rate([m.EXCUSED_BY_STATUS]) is None


def test_absence_alert_warns_at_two_months_and_triggers_removal_at_three():
    assert m.absence_alert(1, P) is None
    assert m.absence_alert(2, P) == "warning"
    assert m.absence_alert(3, P) == "removal"


def test_unexcused_months_counts_distinct_months_of_the_year():
    days = [date(2026, 1, 5), date(2026, 1, 20), date(2026, 4, 2), date(2025, 12, 30)]
    assert m.unexcused_months(days, 2026) == 2


def test_checkin_window_from_an_hour_before_to_an_hour_after():
    day = date(2026, 3, 5)
    assert m.checkin_open(_at(day, 13), _at(day, 14), _at(day, 16))
    assert not m.checkin_open(_at(day, 12, 59), _at(day, 14), _at(day, 16))
    assert m.checkin_open(_at(day, 17), _at(day, 14), _at(day, 16))
    assert not m.checkin_open(_at(day, 17, 1), _at(day, 14), _at(day, 16))


def test_offline_checkin_pressed_in_the_window_is_recorded_at_the_time_pressed():
    day = date(2026, 3, 5)
    starts, ends = _at(day, 14), _at(day, 16)
    assert m.offline_checkin_time(_at(day, 20), _at(day, 14, 10), starts, ends) == _at(day, 14, 10)
    assert m.offline_checkin_time(_at(day, 20), _at(day, 13), starts, ends) == _at(day, 13)  # first minute
    assert m.offline_checkin_time(_at(day, 20), _at(day, 17), starts, ends) == _at(day, 17)  # last minute


def test_offline_checkin_pressed_outside_the_window_is_refused():
    day = date(2026, 3, 5)
    starts, ends = _at(day, 14), _at(day, 16)
    assert m.offline_checkin_time(_at(day, 20), _at(day, 12, 59), starts, ends) is None
    assert m.offline_checkin_time(_at(day, 20), _at(day, 17, 1), starts, ends) is None


def test_offline_checkin_from_the_future_is_refused_but_a_fast_clock_is_tolerated():
    day = date(2026, 3, 5)
    starts, ends = _at(day, 14), _at(day, 16)
    now = _at(day, 15)
    assert m.offline_checkin_time(now, _at(day, 15, 5), starts, ends) == now  # 5 minutes fast: now
    assert m.offline_checkin_time(now, _at(day, 15, 6), starts, ends) is None
    assert m.offline_checkin_time(now, _at(day, 16, 30), starts, ends) is None  # in the window, but later


def test_offline_checkin_sent_more_than_a_day_later_is_refused():
    day = date(2026, 3, 5)
    starts, ends = _at(day, 14), _at(day, 16)
    pressed = _at(day, 14, 30)
    assert m.offline_checkin_time(pressed + timedelta(hours=24), pressed, starts, ends) == pressed
    late = pressed + timedelta(hours=24, minutes=1)
    assert m.offline_checkin_time(late, pressed, starts, ends) is None


@given(st.integers(min_value=-600, max_value=600), st.integers(min_value=0, max_value=48 * 60))
def test_offline_checkin_is_never_in_the_future_nor_outside_the_window(pressed_min, delay_min):
    day = date(2026, 3, 5)
    starts, ends = _at(day, 14), _at(day, 16)
    pressed = starts + timedelta(minutes=pressed_min)
    now = pressed + timedelta(minutes=delay_min)
    at = m.offline_checkin_time(now, pressed, starts, ends)
    if at is not None:
        assert at <= now and m.checkin_open(at, starts, ends) and now - at <= timedelta(hours=24)
    else:
        assert not m.checkin_open(pressed, starts, ends) or delay_min > 24 * 60
