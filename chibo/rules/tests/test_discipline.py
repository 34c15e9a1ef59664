"""Discipline (chibo.rules.discipline): DOMAIN.md §7 [S41–S43]."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.rules import discipline as d
from chibo.rules.discipline import CACH_CHUC, CANH_CAO, GIAI_TAN, KHAI_TRU, KHIEN_TRACH, MEMBER, ORGANISATION
from chibo.rules.errors import RuleViolation
from chibo.rules.party_age import add_months
from chibo.rules.profiles import profile_on

P = profile_on(date(2026, 1, 1))
ONE_DAY = timedelta(days=1)


def _violation(call, *args, **kwargs):  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as raised:
        call(*args, **kwargs)
    return raised.value


# --- forms ------------------------------------------------------------------------------------


def test_forms_for_an_organisation():
    assert d.allowed_forms(ORGANISATION) == (KHIEN_TRACH, CANH_CAO, GIAI_TAN)
    # Member-only flags change nothing for an organisation.
    assert d.allowed_forms(ORGANISATION, probationary=True, holds_office=True) == (
        KHIEN_TRACH,
        CANH_CAO,
        GIAI_TAN,
    )


def test_forms_for_an_official_member():
    assert d.allowed_forms(MEMBER) == (KHIEN_TRACH, CANH_CAO, KHAI_TRU)
    assert d.allowed_forms(MEMBER, holds_office=True) == (KHIEN_TRACH, CANH_CAO, CACH_CHUC, KHAI_TRU)


def test_forms_for_a_probationary_member():
    assert d.allowed_forms(MEMBER, probationary=True) == (KHIEN_TRACH, CANH_CAO)
    assert d.allowed_forms(MEMBER, probationary=True, holds_office=True) == (KHIEN_TRACH, CANH_CAO)


@pytest.mark.parametrize(
    ("form", "subject", "flags"),
    [
        (KHAI_TRU, MEMBER, {"probationary": True}),
        (CACH_CHUC, MEMBER, {"probationary": True, "holds_office": True}),
        (CACH_CHUC, MEMBER, {}),
        (GIAI_TAN, MEMBER, {"holds_office": True}),
        (KHAI_TRU, ORGANISATION, {}),
        (CACH_CHUC, ORGANISATION, {}),
        ("fine", MEMBER, {}),
    ],
)
def test_a_form_not_allowed_is_refused(form, subject, flags):
    raised = _violation(d.check_form, form, subject, **flags)
    assert raised.code == "discipline.form_not_allowed"
    assert raised.params == {"form": form, "subject": subject}


def test_an_allowed_form_passes():
    assert d.check_form(CACH_CHUC, MEMBER, holds_office=True) == CACH_CHUC
    assert d.check_form(GIAI_TAN, ORGANISATION) == GIAI_TAN


def test_an_unknown_subject_is_refused():
    assert _violation(d.allowed_forms, "cell").code == "discipline.subject_unknown"


# --- limitation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "subject", "ends"),
    [
        (KHIEN_TRACH, MEMBER, date(2029, 3, 10)),
        (CANH_CAO, MEMBER, date(2034, 3, 10)),
        (CACH_CHUC, MEMBER, date(2034, 3, 10)),
        (KHAI_TRU, MEMBER, None),
        (KHIEN_TRACH, ORGANISATION, date(2029, 3, 10)),
        (CANH_CAO, ORGANISATION, date(2034, 3, 10)),
        (GIAI_TAN, ORGANISATION, None),
    ],
)
def test_limitation_5_and_10_years_none_for_the_heaviest(form, subject, ends):
    assert d.limitation_ends(date(2024, 3, 10), form, subject=subject, profile=P) == ends


def test_limitation_from_a_leap_day_ends_on_28_february():
    assert d.limitation_ends(date(2024, 2, 29), KHIEN_TRACH, subject=MEMBER, profile=P) == date(2029, 2, 28)
    # 10 years from 29/2/2024 is 2034, a common year too.
    assert d.limitation_ends(date(2024, 2, 29), CANH_CAO, subject=MEMBER, profile=P) == date(2034, 2, 28)
    # Landing in a leap year keeps the 29th.
    leap = P.with_overrides({"limitation_years_reprimand": 8})
    assert d.limitation_ends(date(2020, 2, 29), KHIEN_TRACH, subject=MEMBER, profile=leap) == date(
        2028, 2, 29
    )


def test_no_limit_for_the_listed_categories():
    assert d.limitation_ends(date(2000, 1, 1), KHIEN_TRACH, subject=MEMBER, profile=P, no_limit=True) is None


def test_limitation_restarts_from_a_new_violation_inside_the_period():
    violation = date(2020, 6, 1)
    ends = d.limitation_ends(
        violation, KHIEN_TRACH, subject=MEMBER, profile=P, later_violations=[date(2024, 1, 15)]
    )
    assert ends == date(2029, 1, 15)


def test_only_a_new_violation_inside_the_running_period_restarts_it():
    violation = date(2018, 6, 1)
    later = [date(2023, 6, 1), date(2023, 5, 31)]  # 31/5/2023 is inside, restarts to 31/5/2028
    ends = d.limitation_ends(violation, KHIEN_TRACH, subject=MEMBER, profile=P, later_violations=later)
    assert ends == date(2028, 6, 1)  # then 1/6/2023 is inside the new period and restarts again
    # Alone, 1/6/2023 is the first day after the period: too late to restart it.
    assert d.limitation_ends(
        violation, KHIEN_TRACH, subject=MEMBER, profile=P, later_violations=[date(2023, 6, 1)]
    ) == date(2023, 6, 1)


def test_limitation_years_come_from_the_profile():
    profile = P.with_overrides({"limitation_years_reprimand": 3, "org_limitation_years_warning": 7})
    assert d.limitation_ends(date(2024, 1, 1), KHIEN_TRACH, subject=MEMBER, profile=profile) == date(
        2027, 1, 1
    )
    assert d.limitation_ends(date(2024, 1, 1), CANH_CAO, subject=ORGANISATION, profile=profile) == date(
        2031, 1, 1
    )
    assert d.limitation_ends(date(2024, 1, 1), CANH_CAO, subject=MEMBER, profile=profile) == date(2034, 1, 1)


def test_limitation_of_a_form_the_subject_cannot_receive_is_refused():
    assert (
        _violation(d.limitation_ends, date(2024, 1, 1), KHAI_TRU, subject=ORGANISATION, profile=P).code
        == "discipline.form_not_allowed"
    )


def test_decision_on_the_last_day_inside_the_limitation_passes():
    ends = d.check_within_limitation(
        date(2024, 2, 29), KHIEN_TRACH, date(2029, 2, 27), subject=MEMBER, profile=P
    )
    assert ends == date(2029, 2, 28)


def test_decision_on_the_first_day_after_the_limitation_is_refused():
    raised = _violation(
        d.check_within_limitation,
        date(2024, 2, 29),
        KHIEN_TRACH,
        date(2029, 2, 28),
        subject=MEMBER,
        profile=P,
    )
    assert raised.code == "discipline.limitation_passed"
    assert raised.params == {
        "ends": date(2029, 2, 28),
        "violation_date": date(2024, 2, 29),
        "decided_on": date(2029, 2, 28),
    }


def test_a_decision_without_limitation_is_never_late():
    assert (
        d.check_within_limitation(date(1990, 1, 1), KHAI_TRU, date(2026, 1, 1), subject=MEMBER, profile=P)
        is None
    )


def test_a_decision_before_the_violation_is_refused():
    raised = _violation(
        d.check_within_limitation, date(2024, 5, 2), CANH_CAO, date(2024, 5, 1), subject=MEMBER, profile=P
    )
    assert raised.code == "discipline.decided_before_violation"


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31)),
    st.sampled_from([KHIEN_TRACH, CANH_CAO]),
)
def test_the_limitation_boundary_is_the_day_of_the_end(violation, form):
    ends = d.limitation_ends(violation, form, subject=MEMBER, profile=P)
    assert ends is not None
    assert ends == add_months(violation, 60 if form == KHIEN_TRACH else 120)
    d.check_within_limitation(violation, form, ends - ONE_DAY, subject=MEMBER, profile=P)
    with pytest.raises(RuleViolation):
        d.check_within_limitation(violation, form, ends, subject=MEMBER, profile=P)


# --- effect -----------------------------------------------------------------------------------


@pytest.mark.parametrize("form", [KHIEN_TRACH, CANH_CAO, CACH_CHUC])
def test_effect_ends_12_months_after_the_announcement(form):
    assert d.effect_ends(date(2025, 3, 15), form, P) == date(2026, 3, 15)


def test_effect_from_a_leap_day_ends_on_28_february():
    assert d.effect_ends(date(2024, 2, 29), KHIEN_TRACH, P) == date(2025, 2, 28)
    assert d.effect_ends(date(2023, 2, 28), KHIEN_TRACH, P) == date(2024, 2, 28)


@pytest.mark.parametrize("form", [KHAI_TRU, GIAI_TAN])
def test_expulsion_and_dissolution_do_not_end(form):
    assert d.effect_ends(date(2025, 3, 15), form, P) is None
    assert d.in_effect(date(2025, 3, 15), form, date(2090, 1, 1), P)


def test_effect_of_an_unknown_form_is_refused():
    assert _violation(d.effect_ends, date(2025, 3, 15), "fine", P).code == "discipline.form_unknown"


def test_in_effect_from_the_announcement_to_the_day_before_the_end():
    announced = date(2024, 2, 29)
    assert not d.in_effect(announced, CANH_CAO, announced - ONE_DAY, P)
    assert d.in_effect(announced, CANH_CAO, announced, P)
    assert d.in_effect(announced, CANH_CAO, date(2025, 2, 27), P)
    assert not d.in_effect(announced, CANH_CAO, date(2025, 2, 28), P)


def test_effect_months_come_from_the_profile():
    profile = P.with_overrides({"discipline_effect_months": 6})
    assert d.effect_ends(date(2025, 8, 31), KHIEN_TRACH, profile) == date(2026, 2, 28)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31)), st.integers(-400, 800))
def test_in_effect_matches_effect_ends(announced, offset):
    on = announced + timedelta(days=offset)
    ends = d.effect_ends(announced, KHIEN_TRACH, P)
    assert ends is not None
    assert 365 <= (ends - announced).days <= 366
    assert d.in_effect(announced, KHIEN_TRACH, on, P) == (announced <= on < ends)


# --- categories, severity, steps in order (chibo.discipline) ----------------------------------


@pytest.mark.parametrize("category", sorted(d.NO_LIMIT_CATEGORIES))
def test_listed_categories_have_no_limitation(category):
    assert not d.limitation_applies(category)


@pytest.mark.parametrize("category", sorted(set(d.CATEGORIES) - d.NO_LIMIT_CATEGORIES))
def test_other_categories_have_a_limitation(category):
    assert d.limitation_applies(category)


def test_no_limit_categories_are_categories():
    assert set(d.CATEGORIES) >= d.NO_LIMIT_CATEGORIES


def test_most_severe_follows_the_order_of_forms():
    assert d.most_severe([]) is None
    assert d.most_severe([KHIEN_TRACH]) == KHIEN_TRACH
    assert d.most_severe([CANH_CAO, KHIEN_TRACH]) == CANH_CAO
    assert d.most_severe([KHIEN_TRACH, KHAI_TRU, CACH_CHUC]) == KHAI_TRU


def test_most_severe_refuses_an_unknown_form():
    assert _violation(d.most_severe, [KHIEN_TRACH, "fine"]).code == "discipline.form_unknown"


def test_steps_on_the_same_day_or_later_are_in_order():
    d.check_steps_in_order(
        [("violation", date(2025, 1, 1)), ("report", date(2025, 1, 1)), ("decision", None)]
    )
    d.check_steps_in_order([])


def test_a_step_before_the_previous_taken_step_is_refused():
    steps = [("violation", date(2025, 1, 10)), ("report", None), ("decision", date(2025, 1, 9))]
    raised = _violation(d.check_steps_in_order, steps)
    assert raised.code == "discipline.step_before_previous"
    assert raised.params["previous"] == "violation" and raised.params["step"] == "decision"


@given(
    st.lists(
        st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1))), max_size=6
    )
)
def test_steps_in_order_iff_the_taken_dates_do_not_decrease(days):
    taken = [day for day in days if day is not None]
    in_order = all(a <= b for a, b in pairwise(taken))
    try:
        d.check_steps_in_order([(f"s{i}", day) for i, day in enumerate(days)])
        assert in_order
    except RuleViolation:
        assert not in_order


def test_a_decision_in_time_for_a_warning_is_too_late_for_a_reprimand():
    violation = date(2015, 6, 1)
    decided = date(2022, 6, 1)
    assert (
        _violation(d.check_within_limitation, violation, KHIEN_TRACH, decided, subject=MEMBER, profile=P).code
        == "discipline.limitation_passed"
    )
    assert d.check_within_limitation(violation, CANH_CAO, decided, subject=MEMBER, profile=P) == date(
        2025, 6, 1
    )
