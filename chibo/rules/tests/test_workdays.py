"""Working days (chibo.rules.workdays): DOMAIN.md §2 [S8, S9], §5 [S33]; Labour Code 2019 art. 112."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chibo.rules.errors import RuleViolation
from chibo.rules.workdays import add_working_days, is_working_day, working_days_between


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _off(first: date, last: date) -> list[date]:
    """The days from ``first`` to ``last`` that are not working days."""
    return [d for d in _days(first, last) if not is_working_day(d)]


# --- weekends --------------------------------------------------------------------


def test_friday_plus_one_is_monday():
    assert date(2025, 3, 7).weekday() == 4
    assert add_working_days(date(2025, 3, 7), 1) == date(2025, 3, 10)


def test_weekend_start_counts_from_the_next_monday():
    assert add_working_days(date(2025, 3, 8), 1) == date(2025, 3, 10)
    assert add_working_days(date(2025, 3, 9), 1) == date(2025, 3, 10)


def test_plain_week():
    assert _off(date(2025, 3, 3), date(2025, 3, 9)) == [date(2025, 3, 8), date(2025, 3, 9)]
    assert add_working_days(date(2025, 3, 3), 5) == date(2025, 3, 10)


# --- Tết ---------------------------------------------------------------------------


def test_package_tet_2026_days():
    """Tết Bính Ngọ: 17/02/2026. The package gives the eve and mùng 1–4, Monday to Friday."""
    calendar = holidays.country_holidays("VN", years=2026)
    tet = sorted(d for d in calendar if d.month == 2)
    assert tet == _days(date(2026, 2, 16), date(2026, 2, 20))


def test_tet_2026_nine_days_off():
    """With the weekends, 14/2 (Sat) to 22/2 (Sun) is off, as the government announced."""
    assert is_working_day(date(2026, 2, 13))
    assert _off(date(2026, 2, 13), date(2026, 2, 23)) == _days(date(2026, 2, 14), date(2026, 2, 22))
    assert is_working_day(date(2026, 2, 23))
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1


def test_package_tet_2025_days():
    """Tết Ất Tỵ: 29/01/2025. Mùng 4 is a Saturday, so the package adds Monday 27/1 before the eve."""
    calendar = holidays.country_holidays("VN", years=2025)
    tet = sorted(d for d in calendar if date(2025, 1, 2) <= d <= date(2025, 2, 28))
    assert tet == _days(date(2025, 1, 27), date(2025, 2, 1))


def test_tet_2025_nine_days_off():
    assert is_working_day(date(2025, 1, 24))
    assert _off(date(2025, 1, 24), date(2025, 2, 3)) == _days(date(2025, 1, 25), date(2025, 2, 2))
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)


def test_sixty_working_days_spanning_tet_2026():
    """An admission decision due 60 working days after a chi bộ resolution of Monday 5/1/2026 [S8]."""
    start = date(2026, 1, 5)
    due = add_working_days(start, 60)
    assert due == date(2026, 4, 6)
    # Tết costs exactly its five weekdays: counting weekdays only gives 30/3.
    weekdays = [d for d in _days(start + timedelta(days=1), due) if d.weekday() < 5]
    assert len(weekdays) == 65
    assert working_days_between(start, due) == 60


# --- 30/4, 1/5, 2/9, swaps -------------------------------------------------------------


def test_30_4_and_1_5_2026():
    assert _off(date(2026, 4, 29), date(2026, 5, 4)) == [
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 5, 2),
        date(2026, 5, 3),
    ]
    assert add_working_days(date(2026, 4, 29), 1) == date(2026, 5, 4)


def test_30_4_and_1_5_2025_with_the_announced_swap():
    """2025: Friday 2/5 off, Saturday 26/4 worked instead; both are in the package."""
    assert is_working_day(date(2025, 4, 26))
    assert add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)
    assert _off(date(2025, 4, 29), date(2025, 5, 5)) == _days(date(2025, 4, 30), date(2025, 5, 4))
    assert add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)


def test_30_4_on_a_weekend_gets_substitute_days():
    """2022: 30/4 Saturday and 1/5 Sunday → Monday 2/5 and Tuesday 3/5 off."""
    assert _off(date(2022, 4, 29), date(2022, 5, 4)) == _days(date(2022, 4, 30), date(2022, 5, 3))


def test_2_9_with_the_day_before_2025():
    """2/9/2025 is a Tuesday: the adjacent day is Monday 1/9."""
    assert _off(date(2025, 8, 29), date(2025, 9, 3)) == _days(date(2025, 8, 30), date(2025, 9, 2))
    assert add_working_days(date(2025, 8, 29), 1) == date(2025, 9, 3)


def test_2_9_with_the_day_after_2027():
    """2/9/2027 is a Thursday: the adjacent day is Friday 3/9."""
    assert _off(date(2027, 9, 1), date(2027, 9, 6)) == _days(date(2027, 9, 2), date(2027, 9, 5))
    assert add_working_days(date(2027, 9, 1), 1) == date(2027, 9, 6)


def test_2_9_on_a_saturday_2023():
    """Friday 1/9 is the adjacent day, Monday 4/9 replaces the Saturday."""
    assert _off(date(2023, 8, 31), date(2023, 9, 5)) == _days(date(2023, 9, 1), date(2023, 9, 4))


def test_2_9_2026_with_the_announced_swap():
    """2026: Monday 31/8 off, Saturday 22/8 worked; 1/9 (Tue) and 2/9 (Wed)."""
    assert is_working_day(date(2026, 8, 22))
    assert not is_working_day(date(2026, 8, 23))
    assert _off(date(2026, 8, 28), date(2026, 9, 3)) == _days(date(2026, 8, 29), date(2026, 9, 2))
    assert add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)


def test_2_9_before_the_labour_code_2019_was_one_day():
    """2020 was under the Labour Code 2012: 2/9 alone (Wednesday)."""
    assert not is_working_day(date(2020, 9, 2))
    assert is_working_day(date(2020, 9, 1))
    assert is_working_day(date(2020, 9, 3))


def test_swap_across_a_year_end():
    """31/12/2018 off, Saturday 5/1/2019 worked (a swap the package lists under 2018)."""
    assert not is_working_day(date(2018, 12, 31))
    assert is_working_day(date(2019, 1, 5))


# --- year end, leap day ------------------------------------------------------------------


def test_new_year_across_the_year_end():
    assert not is_working_day(date(2026, 1, 1))
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 2)
    assert working_days_between(date(2025, 12, 31), date(2026, 1, 2)) == 1


def test_new_year_on_a_saturday_is_made_up_on_monday():
    """1/1/2022 was a Saturday: Monday 3/1 off."""
    assert add_working_days(date(2021, 12, 31), 1) == date(2022, 1, 4)


def test_leap_day_2028():
    assert date(2028, 2, 29).weekday() == 1
    assert is_working_day(date(2028, 2, 29))
    assert add_working_days(date(2028, 2, 28), 1) == date(2028, 2, 29)
    assert add_working_days(date(2028, 2, 29), 1) == date(2028, 3, 1)
    assert working_days_between(date(2028, 2, 25), date(2028, 3, 1)) == 3


# --- administrators' extra days ---------------------------------------------------------


def test_extra_day_off_shifts_a_deadline_by_one():
    start = date(2026, 1, 5)
    assert add_working_days(start, 60, extra_days_off={date(2026, 2, 23)}) == date(2026, 4, 7)
    assert add_working_days(start, 60, extra_days_off=[date(2026, 2, 23)]) == date(2026, 4, 7)
    assert not is_working_day(date(2026, 2, 23), extra_days_off=[date(2026, 2, 23)])


def test_extra_day_off_on_a_day_already_off_changes_nothing():
    start = date(2026, 1, 5)
    extra = {date(2026, 2, 21), date(2026, 2, 17)}  # a Saturday and a Tết day
    assert add_working_days(start, 60, extra_days_off=extra) == date(2026, 4, 6)


def test_extra_day_off_after_the_deadline_changes_nothing():
    assert add_working_days(date(2026, 1, 5), 60, extra_days_off={date(2026, 4, 7)}) == date(2026, 4, 6)


def test_extra_working_saturday():
    saturday = date(2026, 3, 7)
    assert not is_working_day(saturday)
    assert is_working_day(saturday, extra_working_days={saturday})
    assert add_working_days(date(2026, 3, 6), 1, extra_working_days={saturday}) == saturday
    assert add_working_days(date(2026, 1, 5), 60, extra_working_days=(saturday,)) == date(2026, 4, 3)
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9), extra_working_days=[saturday]) == 2


def test_extra_day_off_wins_over_extra_working_day():
    saturday = date(2026, 3, 7)
    assert not is_working_day(saturday, extra_days_off=[saturday], extra_working_days=[saturday])


def test_extra_working_day_corrects_a_package_holiday():
    """An administrator can record that a projected substitute day was in fact worked."""
    assert not is_working_day(date(2027, 2, 10))
    assert is_working_day(date(2027, 2, 10), extra_working_days=[date(2027, 2, 10)])


# --- n == 0, negative n, between, types ---------------------------------------------------


def test_n_zero_returns_start_unchanged():
    assert add_working_days(date(2025, 3, 7), 0) == date(2025, 3, 7)
    sunday = date(2025, 3, 9)
    assert add_working_days(sunday, 0) == sunday
    assert add_working_days(date(2026, 2, 17), 0) == date(2026, 2, 17)


def test_negative_n_is_refused():
    with pytest.raises(RuleViolation) as raised:
        add_working_days(date(2025, 3, 7), -1)
    assert raised.value.code == "workdays.negative"
    assert raised.value.params == {"n": -1}


def test_between_is_zero_when_end_is_not_after_start():
    assert working_days_between(date(2025, 3, 7), date(2025, 3, 7)) == 0
    assert working_days_between(date(2025, 3, 10), date(2025, 3, 7)) == 0


def test_between_counts_overdue_days():
    """A ceremony due Friday 7/3/2025, today Wednesday 12/3: 3 working days overdue [S7]."""
    assert working_days_between(date(2025, 3, 7), date(2025, 3, 12)) == 3
    assert working_days_between(date(2025, 3, 7), date(2025, 3, 9)) == 0


def test_datetime_is_refused():
    with pytest.raises(TypeError):
        is_working_day(datetime(2026, 1, 1, 8, 0))
    with pytest.raises(TypeError):
        add_working_days(datetime(2026, 1, 1, 8, 0), 1)
    with pytest.raises(TypeError):
        working_days_between(date(2026, 1, 1), datetime(2026, 1, 9))


def test_agrees_with_the_package_2020_to_2027():
    calendar = holidays.country_holidays("VN", years=range(2020, 2028))
    for day in _days(date(2020, 1, 1), date(2027, 12, 31)):
        assert is_working_day(day) == calendar.is_working_day(day), day


def test_fast_after_warm_up():
    start = date(2026, 1, 5)
    add_working_days(start, 60)
    runs = 200
    began = time.perf_counter()
    for _ in range(runs):
        add_working_days(start, 60)
    assert (time.perf_counter() - began) / runs < 0.001


# --- properties -------------------------------------------------------------------------------

_dates = st.dates(min_value=date(1995, 1, 1), max_value=date(2099, 6, 30))
_n = st.integers(min_value=0, max_value=300)
_extras = st.sets(st.dates(min_value=date(2024, 12, 1), max_value=date(2026, 12, 31)), max_size=8)


@given(_dates, st.integers(min_value=1, max_value=300))
def test_result_is_a_working_day_after_start(start, n):
    result = add_working_days(start, n)
    assert result > start
    assert is_working_day(result)


@given(st.dates(min_value=date(2024, 12, 1), max_value=date(2026, 6, 30)), _n, _extras, _extras)
def test_result_is_a_working_day_with_extras(start, n, days_off, working_days):
    extras = {"extra_days_off": days_off, "extra_working_days": working_days}
    result = add_working_days(start, n, **extras)
    if n:
        assert result > start
        assert is_working_day(result, **extras)
    else:
        assert result == start


@given(_dates, _n, _n)
def test_adding_composes(start, a, b):
    assert add_working_days(add_working_days(start, a), b) == add_working_days(start, a + b)


@given(st.dates(min_value=date(2024, 12, 1), max_value=date(2026, 6, 30)), _n, _n, _extras, _extras)
def test_adding_composes_with_extras(start, a, b, days_off, working_days):
    extras = {"extra_days_off": days_off, "extra_working_days": working_days}
    step = add_working_days(add_working_days(start, a, **extras), b, **extras)
    assert step == add_working_days(start, a + b, **extras)


@given(_dates, _n)
def test_between_inverts_adding(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@given(st.dates(min_value=date(2024, 12, 1), max_value=date(2026, 6, 30)), _n, _extras, _extras)
def test_between_inverts_adding_with_extras(start, n, days_off, working_days):
    extras = {"extra_days_off": days_off, "extra_working_days": working_days}
    assert working_days_between(start, add_working_days(start, n, **extras), **extras) == n


@settings(max_examples=50)
@given(_dates, st.integers(min_value=0, max_value=60))
def test_between_counts_the_working_days(start, span):
    end = start + timedelta(days=span)
    expected = sum(is_working_day(d) for d in _days(start + timedelta(days=1), end)) if span else 0
    assert working_days_between(start, end) == expected
