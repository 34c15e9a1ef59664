"""Member record and life cycle (chibo.rules.members): DOMAIN.md §2, §3, §4, §5, §11."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.rules import members as m
from chibo.rules.errors import RuleViolation
from chibo.rules.party_age import add_months
from chibo.rules.profiles import profile_on

P = profile_on(date(2026, 1, 1))
ONE_DAY = timedelta(days=1)


def _code(call, *args, **kwargs):  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as raised:
        call(*args, **kwargs)
    return raised.value.code


# --- CCCD ----------------------------------------------------------------------------


def test_cccd_of_12_digits_is_accepted():
    assert m.validate_cccd("001090012345") == "001090012345"


def test_cccd_spaces_are_stripped():
    assert m.validate_cccd(" 001 090 012 345 ") == "001090012345"


@pytest.mark.parametrize(
    "value", ["00109001234", "0010900123456", "00109001234A", "", "001-090-012345", "١٢٣"]
)
def test_cccd_not_12_ascii_digits_is_refused(value):
    assert _code(m.validate_cccd, value) == "member.cccd_format"


@pytest.mark.parametrize(("province", "ok"), [("000", False), ("001", True), ("096", True), ("097", False)])
def test_cccd_province_code_between_001_and_096(province, ok):
    value = province + "090012345"
    if ok:
        assert m.validate_cccd(value) == value
    else:
        assert _code(m.validate_cccd, value) == "member.cccd_province"


@pytest.mark.parametrize(
    ("digit", "birth", "sex", "expected"),
    [
        ("0", date(1985, 6, 1), "M", True),
        ("1", date(1985, 6, 1), "F", True),
        ("1", date(1985, 6, 1), "M", False),
        ("0", date(1985, 6, 1), "F", False),
        ("2", date(1985, 6, 1), "M", False),
        ("2", date(2005, 6, 1), "M", True),
        ("3", date(2005, 6, 1), "F", True),
        ("0", date(2005, 6, 1), "M", False),
        ("4", date(2105, 6, 1), "M", True),
        ("5", date(2105, 6, 1), "F", True),
        ("1", date(1985, 6, 1), None, True),
        ("3", date(1985, 6, 1), None, False),
    ],
)
def test_cccd_century_and_sex_digit(digit, birth, sex, expected):
    value = f"001{digit}{birth.year % 100:02d}012345"
    assert m.cccd_matches(value, birth, sex) is expected


def test_cccd_birth_year_digits_must_match():
    assert m.cccd_matches("001085012345", date(1985, 1, 1), "M") is True
    assert m.cccd_matches("001086012345", date(1985, 1, 1), "M") is False


def test_cccd_birth_before_1900_has_no_century_code():
    assert m.cccd_matches("001099012345", date(1899, 1, 1), "M") is False


def test_cccd_matches_refuses_an_unknown_sex_and_a_bad_number():
    assert _code(m.cccd_matches, "001085012345", date(1985, 1, 1), "X") == "member.sex_invalid"
    assert _code(m.cccd_matches, "00108501234", date(1985, 1, 1), "M") == "member.cccd_format"


# --- probation and recognition ----------------------------------------------------------


def test_probation_ends_twelve_months_after_the_ceremony():
    assert m.probation_end(date(2025, 3, 15), P) == date(2026, 3, 15)


def test_probation_from_29_february_ends_on_28_february():
    assert m.probation_end(date(2024, 2, 29), P) == date(2025, 2, 28)


def test_probation_length_comes_from_the_profile():
    assert m.probation_end(date(2025, 3, 15), P.with_overrides({"probation_months": 18})) == date(2026, 9, 15)


def test_recognition_the_day_before_probation_ends_is_refused():
    with pytest.raises(RuleViolation) as raised:
        m.check_official_recognition(
            status=m.PROBATIONARY, ceremony_date=date(2024, 2, 29), on=date(2025, 2, 27), profile=P
        )
    assert raised.value.code == "member.probation_not_ended"
    assert raised.value.params == {"ends": date(2025, 2, 28)}


def test_recognition_on_the_day_probation_ends_is_accepted():
    official = m.check_official_recognition(
        status=m.PROBATIONARY, ceremony_date=date(2024, 2, 29), on=date(2025, 2, 28), profile=P
    )
    assert official == date(2025, 2, 28)


def test_late_recognition_is_official_as_of_the_end_of_probation():
    official = m.check_official_recognition(
        status=m.PROBATIONARY, ceremony_date=date(2024, 5, 10), on=date(2025, 7, 1), profile=P
    )
    assert official == date(2025, 5, 10)


@pytest.mark.parametrize("status", [m.OFFICIAL, m.LEFT])
def test_only_probationary_members_are_recognised(status):
    code = _code(
        m.check_official_recognition,
        status=status,
        ceremony_date=date(2020, 1, 1),
        on=date(2025, 1, 1),
        profile=P,
    )
    assert code == "member.not_probationary"


def test_recognition_vote_due_counts_working_days_across_tet_2026():
    # given probation ending Saturday 10/1/2026; Tết 2026 closes 16–20/2
    assert m.recognition_vote_due(date(2025, 1, 10), P) == date(2026, 2, 27)


def test_recognition_vote_due_with_an_extra_day_off():
    assert m.recognition_vote_due(date(2025, 1, 10), P, extra_days_off={date(2026, 2, 23)}) == date(
        2026, 3, 2
    )


# --- events and record consistency ------------------------------------------------------


def _event(on, **overrides):  # type: ignore[no-untyped-def]
    kwargs = {
        "today": date(2026, 1, 15),
        "admitted_on": date(2010, 5, 1),
        "last_event_on": date(2020, 6, 1),
        "birth_date": date(1985, 1, 1),
    }
    kwargs.update(overrides)
    m.check_event_date(on, **kwargs)


def test_event_today_and_on_the_last_event_day_is_accepted():
    _event(date(2026, 1, 15))
    _event(date(2020, 6, 1))


@pytest.mark.parametrize(
    ("on", "overrides", "code"),
    [
        (date(2026, 1, 16), {}, "date.in_future"),
        (date(2020, 5, 31), {}, "member.event_out_of_order"),
        (date(2010, 4, 30), {"last_event_on": None}, "member.event_before_admission"),
        (date(1984, 12, 31), {"admitted_on": None, "last_event_on": None}, "member.event_before_birth"),
    ],
)
def test_event_dates_that_cannot_be(on, overrides, code):
    assert _code(_event, on, **overrides) == code


def test_event_with_unknown_dates_is_only_checked_against_today():
    m.check_event_date(date(1900, 1, 1), today=date(2026, 1, 1), admitted_on=None, last_event_on=None)


def test_no_event_on_a_member_who_has_left():
    m.check_active(m.OFFICIAL)
    m.check_active(m.PROBATIONARY)
    assert _code(m.check_active, m.LEFT) == "member.has_left"


def test_readmission_allowed_once():
    m.check_readmission(readmissions_so_far=0, leave_reason=m.REMOVED, profile=P)
    code = _code(m.check_readmission, readmissions_so_far=1, leave_reason=m.REMOVED, profile=P)
    assert code == "member.readmission_limit"


def test_readmission_limit_comes_from_the_profile():
    m.check_readmission(
        readmissions_so_far=1, leave_reason=m.REMOVED, profile=P.with_overrides({"readmissions_allowed": 2})
    )


@pytest.mark.parametrize("reason", [m.EXPELLED, m.RESIGNED, m.TRANSFERRED_OUT])
def test_readmission_not_barred_by_other_leave_reasons(reason):
    m.check_readmission(readmissions_so_far=0, leave_reason=reason, profile=P)


def test_no_readmission_after_death_or_without_leaving():
    assert (
        _code(m.check_readmission, readmissions_so_far=0, leave_reason=m.DIED, profile=P) == "member.deceased"
    )
    assert (
        _code(m.check_readmission, readmissions_so_far=0, leave_reason=None, profile=P) == "member.not_left"
    )


def _dates(**overrides):  # type: ignore[no-untyped-def]
    kwargs = {
        "birth_date": date(1990, 1, 1),
        "admitted_on": date(2015, 3, 1),
        "ceremony_on": date(2015, 3, 20),
        "official_on": date(2016, 3, 20),
        "died_on": None,
    }
    kwargs.update(overrides)
    m.check_dates_order(**kwargs)


def test_consistent_dates_are_accepted_and_official_date_is_not_forced():
    _dates()
    _dates(ceremony_on=date(2015, 3, 1), official_on=date(2015, 3, 1))  # legacy records
    _dates(admitted_on=None, ceremony_on=None, official_on=None, died_on=date(2020, 1, 1))


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"ceremony_on": date(2015, 2, 28)}, "member.ceremony_before_decision"),
        ({"official_on": date(2015, 3, 19)}, "member.official_before_ceremony"),
        ({"admitted_on": date(1990, 1, 1), "ceremony_on": None}, "member.admitted_before_birth"),
        ({"died_on": date(1989, 12, 31)}, "member.died_before_birth"),
    ],
)
def test_dates_out_of_order_are_refused(overrides, code):
    assert _code(_dates, **overrides) == code


# --- transfers -----------------------------------------------------------------------------


def test_permanent_transfer_within_60_working_days_across_tet_and_the_april_holidays():
    # 2/2/2026 + 60 working days: Tết 16–20/2, Giỗ Tổ substitute 27/4, 30/4 and 1/5 are off
    assert m.permanent_transfer_due(date(2026, 2, 2), P) == date(2026, 5, 7)


def test_letter_presented_within_30_working_days_across_tet_2026():
    # without Tết it would be 16/3; Tết 2026 adds a week
    assert m.letter_presentation_due(date(2026, 2, 2), P) == date(2026, 3, 23)


def test_transfer_deadlines_come_from_the_profile():
    profile = P.with_overrides({"transfer_letter_working_days": 5, "transfer_permanent_working_days": 1})
    assert m.letter_presentation_due(date(2026, 3, 2), profile) == date(2026, 3, 9)
    assert m.permanent_transfer_due(date(2026, 3, 6), profile) == date(2026, 3, 9)


def test_transfer_overdue_in_working_days():
    due = date(2026, 3, 23)
    assert m.transfer_overdue(due, date(2026, 3, 23)) == 0
    assert m.transfer_overdue(due, date(2026, 3, 1)) == 0
    assert m.transfer_overdue(due, date(2026, 3, 30)) == 5
    assert m.transfer_overdue(date(2026, 2, 13), date(2026, 2, 23)) == 1  # Tết week not counted


@pytest.mark.parametrize(
    ("end", "purpose", "ok"),
    [
        (date(2025, 4, 1), m.TEMPORARY_WORK, True),  # 3 months
        (date(2025, 3, 31), m.TEMPORARY_WORK, False),  # 2 months 30 days
        (date(2025, 12, 31), m.TEMPORARY_RESIDENCE, True),  # just under a year
        (date(2026, 1, 1), m.TEMPORARY_WORK, False),  # 12 months
        (date(2026, 1, 1), m.TEMPORARY_RESIDENCE, False),
        (date(2026, 1, 1), m.TEMPORARY_STUDY, True),
        (date(2027, 1, 1), m.TEMPORARY_STUDY, True),  # 24 months
        (date(2027, 1, 2), m.TEMPORARY_STUDY, False),
        (date(2027, 2, 1), m.TEMPORARY_STUDY, False),  # 25 months
        (date(2025, 3, 31), m.TEMPORARY_STUDY, False),
    ],
)
def test_temporary_transfer_length(end, purpose, ok):
    start = date(2025, 1, 1)
    if ok:
        m.check_temporary_transfer(start, end, purpose=purpose, profile=P)
    else:
        with pytest.raises(RuleViolation) as raised:
            m.check_temporary_transfer(start, end, purpose=purpose, profile=P)
        assert raised.value.code == "member.temporary_duration"


def test_temporary_transfer_limits_are_reported():
    with pytest.raises(RuleViolation) as raised:
        m.check_temporary_transfer(date(2025, 1, 1), date(2025, 2, 1), purpose=m.TEMPORARY_WORK, profile=P)
    assert raised.value.params == {"min": 3, "max": 12, "purpose": "work"}


def test_temporary_transfer_needs_an_end_after_the_start_and_a_known_purpose():
    start = date(2025, 1, 1)
    assert (
        _code(m.check_temporary_transfer, start, start, purpose=m.TEMPORARY_WORK, profile=P)
        == "date.end_not_after_start"
    )
    assert (
        _code(m.check_temporary_transfer, start, date(2025, 6, 1), purpose="holiday", profile=P)
        == "member.temporary_purpose"
    )


def test_temporary_transfer_from_31_january_counts_calendar_months():
    # 31/1 + 3 months = 30/4
    m.check_temporary_transfer(date(2025, 1, 31), date(2025, 4, 30), purpose=m.TEMPORARY_WORK, profile=P)
    code = _code(
        m.check_temporary_transfer, date(2025, 1, 31), date(2025, 4, 29), purpose=m.TEMPORARY_WORK, profile=P
    )
    assert code == "member.temporary_duration"


# --- exemption -------------------------------------------------------------------------------


def _exemption(**overrides):  # type: ignore[no-untyped-def]
    kwargs = {
        "reason": "old_age",
        "start": date(2026, 1, 1),
        "end": None,
        "birth_date": date(1950, 1, 1),
        "sex": m.MALE,
        "on": date(2026, 1, 1),
    }
    kwargs.update(overrides)
    m.check_exemption(**kwargs)


def test_old_age_exemption_at_exactly_60_is_refused_for_a_man():
    assert _code(_exemption, birth_date=date(1966, 1, 1)) == "member.exemption_not_old"
    _exemption(birth_date=date(1965, 12, 31))


def test_old_age_exemption_for_a_woman_just_past_55():
    _exemption(sex=m.FEMALE, birth_date=date(1970, 12, 31))  # 55 years and 1 day
    assert _code(_exemption, sex=m.FEMALE, birth_date=date(1971, 1, 1)) == "member.exemption_not_old"


def test_old_age_threshold_can_be_passed_in():
    assert _code(_exemption, birth_date=date(1964, 6, 1), old_age_male_years=62) == "member.exemption_not_old"


def test_old_age_of_a_leap_day_birth():
    # the 55th birthday of 29/2/1968 is 28/2/2023 (clamped); the next day is past it
    leap = {"sex": m.FEMALE, "birth_date": date(1968, 2, 29)}
    assert (
        _code(_exemption, start=date(2023, 2, 28), on=date(2023, 2, 28), **leap) == "member.exemption_not_old"
    )
    _exemption(start=date(2023, 3, 1), on=date(2023, 3, 1), **leap)


def test_other_grounds_need_no_age():
    _exemption(reason="maternity", sex=m.FEMALE, birth_date=date(1995, 1, 1), end=date(2026, 7, 1))
    _exemption(reason="mobile_work", birth_date=date(1995, 1, 1), end=date(2026, 10, 1))


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"reason": "holiday"}, "member.exemption_reason"),
        ({"end": date(2026, 1, 1)}, "date.end_not_after_start"),
        ({"end": date(2025, 12, 1)}, "date.end_not_after_start"),
        ({"start": date(2025, 1, 1), "end": date(2025, 12, 31)}, "member.exemption_in_past"),
        ({"sex": "X"}, "member.sex_invalid"),
    ],
)
def test_exemption_refusals(overrides, code):
    assert _code(_exemption, **overrides) == code


def test_exemption_ending_today_or_started_in_the_past_and_open_is_accepted():
    _exemption(start=date(2025, 1, 1), end=date(2026, 1, 1))
    _exemption(start=date(2020, 1, 1), end=None)


# --- removal trigger -------------------------------------------------------------------------


@pytest.mark.parametrize(("months", "expected"), [(0, False), (2, False), (3, True), (12, True)])
def test_three_months_absent_in_a_year_triggers_removal(months, expected):
    assert m.removal_trigger_absent_months(months, P) is expected


def test_removal_trigger_comes_from_the_profile():
    assert (
        m.removal_trigger_absent_months(3, P.with_overrides({"removal_absent_months_per_year": 4})) is False
    )


# --- bands ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (16, "≤30"),
        (30, "≤30"),
        (31, "31–40"),
        (40, "31–40"),
        (41, "41–50"),
        (50, "41–50"),
        (51, "51–60"),
        (60, "51–60"),
        (61, ">60"),
        (95, ">60"),
    ],
)
def test_age_band_in_completed_years(age, band):
    assert m.age_band(date(2026 - age, 1, 1), date(2026, 1, 1)) == band


def test_age_band_changes_on_the_birthday():
    assert m.age_band(date(1995, 1, 2), date(2026, 1, 1)) == "≤30"
    assert m.age_band(date(1995, 1, 2), date(2026, 1, 2)) == "31–40"


@pytest.mark.parametrize(
    ("years", "band"),
    [(0, "<5"), (4, "<5"), (5, "5–9"), (9, "5–9"), (10, "10–19"), (29, "20–29"), (30, "30–39"), (40, "40+")],
)
def test_party_age_band(years, band):
    assert m.party_age_band(years) == band


def test_bands_cover_the_listed_labels():
    assert {m.party_age_band(y) for y in range(100)} == set(m.PARTY_AGE_BANDS)
    assert {m.age_band(date(2026 - a, 1, 1), date(2026, 1, 1)) for a in range(18, 100)} == set(m.AGE_BANDS)


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2020, 12, 31)), st.integers(0, 120))
def test_age_years_is_reached_on_the_birthday(birth, years):
    birthday = add_months(birth, 12 * years)
    assert m.age_years(birth, birthday) == years
    if years:
        assert m.age_years(birth, birthday - ONE_DAY) == years - 1
