"""Working days, for the deadlines the regulations count in working days.

The admission and recognition deadlines (decision within 60 / 30 working days of
the chi bộ's resolution, ceremony within 30 working days of the decision,
recognition vote within 30 working days of the end of probation) and the transfer
deadlines (procedure within 60 working days, letter presented within 30 working
days) are all counted in working days: ../shared/DOMAIN.md §2 [S7, S8, S9] and §5
[S33]. A working day is a day that is neither a weekly rest day (Saturday, Sunday)
nor a public holiday of the Labour Code 2019, art. 112: Tết Dương lịch (1/1), Tết
Âm lịch (5 days), Giỗ Tổ Hùng Vương (10/3 lunar), Ngày Chiến thắng (30/4), Quốc tế
Lao động (1/5) and Quốc khánh (2/9 and the day before or after it).

The holidays come from the ``holidays`` package (Vietnam calendar; checked with
version 0.109), built with ``observed=True`` (also its default for VN).
What it returns:

* **History follows the law in force.** Before 2021 (Labour Code 2012) Quốc khánh
  is 2/9 alone; before 2013 Tết is 4 days; before 2007 there is no Giỗ Tổ. So a
  deadline that ran in 2020 is counted with the 2020 calendar.
* **Tết** is the eve (last day of tháng Chạp) and mùng 1–4 (2013 on). A Tết day
  falling on a Saturday moves to the previous free working day (labelled
  "29 Tết"), one on a Sunday to the next (labelled "Mùng năm/sáu"). The weekdays
  it gives: 2025: 27/1–31/1 plus Saturday 1/2 (Tết 29/1), so with the weekends
  25/1–2/2 are off, which matches the government's announcement; 2026:
  16/2–20/2 (Tết 17/2, Monday to Friday), so with the weekends 14/2–22/2, also
  matching the announcement; 2027 (projection): 4/2–10/2 (Tết Saturday 6/2).
* **Quốc khánh**: from 2021 the extra day is chosen by the weekday of 2/9
  (Mon→Tue, Tue→Mon, Wed→Tue, Thu→Fri, Fri→Thu, Sat→Fri, Sun→Mon); a 2/9 on a
  weekend also gets the next working day (2023: 1/9, 2/9 and Monday 4/9). 2024:
  2–3/9; 2025: 1–2/9; 2026: 1–2/9 (plus the swap below); 2027: 2–3/9.
* **Substitute days** (nghỉ bù): a fixed-date holiday on a Saturday or Sunday is
  followed by the next free working day (e.g. 1/1/2022 → 3/1; 30/4 and 1/5/2022
  → 2/5 and 3/5; Giỗ Tổ 26/4/2026 → 27/4).
* **Announced swaps** (hoán đổi ngày làm việc) are in the package as a day off
  *and* a Saturday that becomes a working day (``weekend_workdays``), and this
  module uses both: 2024: Monday 29/4 off, Saturday 4/5 worked; 2025: Friday 2/5
  off, Saturday 26/4 worked; 2026: Monday 31/8 off, Saturday 22/8 worked (and
  older ones from 2010 to 2019).
* **Beyond the Labour Code**: from 2026 it also gives 24/11, Ngày Văn hóa Việt Nam
  (Politburo Resolution 80-NQ/TW, a paid day off "in principle").
* Its lunar calendar covers 1901–2100; outside it the package returns no holidays
  at all, so only weekends count there.

It cannot know swaps announced after its release, one-off extra days off (Tết
extended by a government decision), swaps for civil servants announced late, or
corrections of its projections. Administrators record those; callers pass them
as ``extra_days_off`` (a day off, whatever the package says) and
``extra_working_days`` (a working day, e.g. a Saturday worked to compensate a
swap). A day in both is a day off: a conflict should not shorten a deadline.

Holiday sets are cached per year, so ``add_working_days(start, 60)`` costs a few
tens of microseconds once the year is warm.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

from chibo.rules.errors import RuleViolation

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5  # date.weekday(): Monday 0 … Saturday 5, Sunday 6


@lru_cache(maxsize=512)
def _calendar(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off on weekdays or weekends, weekend days made working) of ``year``.

    Built from the neighbouring years too and filtered to ``year``, because a swap
    can cross a year end (31/12/2018 off for Saturday 5/1/2019 worked).
    """
    years = range(max(date.min.year, year - 1), min(date.max.year, year + 1) + 1)
    calendar = holidays.country_holidays("VN", years=years, observed=True)
    days_off = frozenset(day for day in calendar if day.year == year)
    weekend_workdays = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    return days_off, weekend_workdays


def _as_set(days: Collection[date]) -> frozenset[date] | set[date]:
    return days if isinstance(days, set | frozenset) else frozenset(days)


def _check_date(value: date, name: str) -> None:
    # A datetime is a date, but never equal to one: it would miss every holiday.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")


def _is_working(day: date, days_off: Collection[date], working_days: Collection[date]) -> bool:
    if day in days_off:
        return False
    if day in working_days:
        return True
    holidays_of_year, weekend_workdays = _calendar(day.year)
    if day.weekday() >= _SATURDAY:
        return day in weekend_workdays
    return day not in holidays_of_year


def is_working_day(
    day: date,
    *,
    extra_days_off: Collection[date] = (),
    extra_working_days: Collection[date] = (),
) -> bool:
    """Whether ``day`` is a working day (DOMAIN.md §2 [S8, S9], §5 [S33]).

    Not working: Saturdays and Sundays (unless the package lists them as swapped
    working Saturdays), the public holidays of the Labour Code 2019 art. 112 with
    their substitute days as the ``holidays`` package gives them (module
    docstring), and ``extra_days_off``. ``extra_working_days`` make a day working
    even on a weekend or a package holiday; ``extra_days_off`` win over both.
    """
    _check_date(day, "day")
    return _is_working(day, extra_days_off, extra_working_days)


def add_working_days(
    start: date,
    n: int,
    *,
    extra_days_off: Collection[date] = (),
    extra_working_days: Collection[date] = (),
) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself not counted).

    The last day of a deadline of ``n`` working days counted from ``start``: the
    decision within 60 working days of the chi bộ's admission resolution, the
    ceremony within 30 working days of the decision, the recognition vote and
    decision within 30 (DOMAIN.md §2 [S7, S8, S9]); the permanent transfer within
    60 and the letter presented within 30 (§5 [S33]). Working days as in
    :func:`is_working_day` (Labour Code 2019 art. 112). ``n == 0`` returns
    ``start`` unchanged, even if it is not a working day; a negative ``n`` is
    refused with ``workdays.negative``.
    """
    _check_date(start, "start")
    if n < 0:
        raise RuleViolation("workdays.negative", n=n)
    days_off = _as_set(extra_days_off)
    working_days = _as_set(extra_working_days)
    day = start
    remaining = n
    while remaining:
        day += _ONE_DAY
        if _is_working(day, days_off, working_days):
            remaining -= 1
    return day


def working_days_between(
    start: date,
    end: date,
    *,
    extra_days_off: Collection[date] = (),
    extra_working_days: Collection[date] = (),
) -> int:
    """How many working days ``d`` have ``start < d <= end`` (0 if ``end <= start``).

    The inverse of :func:`add_working_days`:
    ``working_days_between(d, add_working_days(d, n)) == n``. With ``start`` a
    deadline's last day and ``end`` today, it is how many working days the
    deadline is overdue (DOMAIN.md §2 [S8, S9], §5 [S33]; Labour Code 2019
    art. 112 for the holidays).
    """
    _check_date(start, "start")
    _check_date(end, "end")
    if end <= start:
        return 0
    days_off = _as_set(extra_days_off)
    working_days = _as_set(extra_working_days)
    count = 0
    day = start
    while day < end:
        day += _ONE_DAY
        if _is_working(day, days_off, working_days):
            count += 1
    return count
