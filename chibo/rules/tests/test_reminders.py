"""Deadline reminders (chibo.rules.reminders): PRODUCT.md handbook column, DOMAIN.md §3."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from chibo.rules import reminders as r

TODAY = date(2026, 3, 10)


# --- study ------------------------------------------------------------------------------------


def test_study_due_today_is_the_last_reminder():
    assert r.study_stage(TODAY, TODAY) == r.TODAY


def test_study_due_in_one_to_three_days_is_the_first_reminder():
    assert r.study_stage(TODAY + timedelta(days=1), TODAY) == r.SOON
    assert r.study_stage(TODAY + timedelta(days=3), TODAY) == r.SOON


def test_study_due_in_four_days_is_too_early():
    assert r.study_stage(TODAY + timedelta(days=4), TODAY) is None


def test_study_past_due_or_without_due_date_gets_no_reminder():
    assert r.study_stage(TODAY - timedelta(days=1), TODAY) is None
    assert r.study_stage(None, TODAY) is None


def test_study_lead_days_can_be_chosen():
    assert r.study_stage(TODAY + timedelta(days=4), TODAY, lead_days=5) == r.SOON
    assert r.study_stage(TODAY + timedelta(days=1), TODAY, lead_days=0) is None


def test_study_window_across_the_year_end():
    assert r.study_window(date(2026, 12, 30)) == (date(2026, 12, 30), date(2027, 1, 2))
    assert r.study_stage(date(2027, 1, 2), date(2026, 12, 30)) == r.SOON
    assert r.study_stage(date(2027, 1, 1), date(2027, 1, 1)) == r.TODAY


def test_tet_is_not_special():
    # Tết Bính Ngọ: 17/02/2026; the days off do not move or silence a reminder (calendar days)
    tet = date(2026, 2, 17)
    assert r.study_stage(tet, tet - timedelta(days=3)) == r.SOON
    assert r.study_stage(tet, tet) == r.TODAY
    assert r.meeting_reminder_due(tet, tet - timedelta(days=1), answered=False)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 1)), st.integers(-30, 30))
def test_a_reminder_is_due_exactly_inside_the_window(today, offset):
    due_on = today + timedelta(days=offset)
    first, last = r.study_window(today)
    assert (r.study_stage(due_on, today) is not None) == (first <= due_on <= last)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 1)))
def test_each_assignment_gets_at_most_two_reminders_over_its_days(due_on):
    stages = {r.study_stage(due_on, due_on - timedelta(days=n)) for n in range(-5, 10)} - {None}
    assert stages == {r.SOON, r.TODAY}


def test_keys_name_the_assignment_and_the_stage():
    assert r.study_key(7, r.SOON) == "study:7:soon"
    assert r.study_key(7, r.SOON) != r.study_key(7, r.TODAY) != r.study_key(8, r.TODAY)


# --- meetings ---------------------------------------------------------------------------------


def test_meeting_tomorrow_unanswered_is_reminded():
    assert r.meeting_reminder_due(TODAY + timedelta(days=1), TODAY, answered=False)


def test_meeting_answered_today_later_or_not_published_is_not_reminded():
    tomorrow = TODAY + timedelta(days=1)
    assert not r.meeting_reminder_due(tomorrow, TODAY, answered=True)
    assert not r.meeting_reminder_due(TODAY, TODAY, answered=False)
    assert not r.meeting_reminder_due(TODAY + timedelta(days=2), TODAY, answered=False)
    assert not r.meeting_reminder_due(tomorrow, TODAY, answered=False, published=False)


def test_meeting_on_new_years_day_is_reminded_on_new_years_eve():
    assert r.meeting_day(date(2026, 12, 31)) == date(2027, 1, 1)
    assert r.meeting_reminder_due(date(2027, 1, 1), date(2026, 12, 31), answered=False)
    assert r.meeting_key(5) == "meeting:5:eve"


# --- self-assessment ----------------------------------------------------------------------------


def test_the_self_assessment_of_the_current_year_is_announced():
    assert r.self_assessment_open(2026, TODAY)
    assert r.self_assessment_year(TODAY) == 2026


def test_next_years_table_opens_on_new_years_day_and_last_years_is_not_announced_again():
    assert not r.self_assessment_open(2027, date(2026, 12, 31))
    assert r.self_assessment_open(2027, date(2027, 1, 1))
    assert not r.self_assessment_open(2026, date(2027, 1, 1))


def test_the_announcement_key_names_the_year():
    assert r.self_assessment_key(2026) == "evaluation:2026:open" != r.self_assessment_key(2027)
