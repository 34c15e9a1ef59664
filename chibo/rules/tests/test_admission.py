"""Admission and probation (chibo.rules.admission): DOMAIN.md §2."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.rules import admission as a
from chibo.rules import organizations as org
from chibo.rules.errors import RuleViolation
from chibo.rules.profiles import profile_on
from chibo.rules.workdays import is_working_day, working_days_between

P = profile_on(date(2026, 1, 1))
ONE_DAY = timedelta(days=1)


def _code(call, *args, **kwargs):  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as raised:
        call(*args, **kwargs)
    return raised.value.code


# --- age ------------------------------------------------------------------------------------


def test_age_in_months_counts_completed_months():
    assert a.age_in_months(date(2008, 3, 15), date(2026, 3, 14)) == 215
    assert a.age_in_months(date(2008, 3, 15), date(2026, 3, 15)) == 216


def test_age_in_months_of_a_leap_day_birth_clamps_to_28_february():
    assert a.age_in_months(date(2008, 2, 29), date(2026, 2, 27)) == 215
    assert a.age_in_months(date(2008, 2, 29), date(2026, 2, 28)) == 216


def test_admission_age_from_216_months_inclusive():
    assert a.check_admission_age(date(2008, 3, 15), date(2026, 3, 15), profile=P) == 216
    assert (
        _code(a.check_admission_age, date(2008, 3, 15), date(2026, 3, 14), profile=P) == "admission.too_young"
    )


def test_admission_age_up_to_720_months_inclusive_then_needs_approval():
    birth = date(1966, 5, 10)
    assert a.check_admission_age(birth, date(2026, 6, 9), profile=P) == 720  # 60 years, 0 months
    assert a.check_admission_age(birth, date(2026, 5, 10), profile=P) == 720
    code = _code(a.check_admission_age, birth, date(2026, 6, 10), profile=P)
    assert code == "admission.over_age_needs_approval"
    assert a.check_admission_age(birth, date(2026, 6, 10), profile=P, over_age_approved=True) == 721


def test_approval_never_allows_a_minor():
    code = _code(a.check_admission_age, date(2010, 1, 1), date(2026, 1, 1), profile=P, over_age_approved=True)
    assert code == "admission.too_young"


def test_admission_age_limits_come_from_the_profile():
    stricter = dataclasses.replace(P, admission_age_min_months=240)
    assert (
        _code(a.check_admission_age, date(2006, 1, 2), date(2026, 1, 1), profile=stricter)
        == "admission.too_young"
    )


# --- introducers ----------------------------------------------------------------------------


def _intro(name="A", official=True, since=date(2024, 1, 10), replacement=False):  # type: ignore[no-untyped-def]
    return a.IntroducerFacts(name=name, official=official, together_since=since, replacement=replacement)


def test_two_official_introducers_of_12_months_pass():
    a.check_introducers([_intro("A"), _intro("B")], on=date(2025, 1, 10), profile=P)


def test_introducer_together_one_day_short_of_12_months_is_refused():
    code = _code(a.check_introducers, [_intro("A"), _intro("B")], on=date(2025, 1, 9), profile=P)
    assert code == "admission.introducer_too_recent"


def test_probationary_introducer_is_refused():
    code = _code(
        a.check_introducers, [_intro("A"), _intro("B", official=False)], on=date(2026, 1, 1), profile=P
    )
    assert code == "admission.introducer_not_official"


def test_replacement_introducer_is_exempt_from_12_months_but_not_from_being_official():
    recent = date(2025, 12, 1)
    a.check_introducers(
        [_intro("A"), _intro("B", since=recent, replacement=True)], on=date(2026, 1, 1), profile=P
    )
    code = _code(
        a.check_introducers,
        [_intro("A"), _intro("B", official=False, replacement=True)],
        on=date(2026, 1, 1),
        profile=P,
    )
    assert code == "admission.introducer_not_official"


def test_number_of_introducers_follows_the_profile():
    assert (
        _code(a.check_introducers, [_intro("A")], on=date(2026, 1, 1), profile=P)
        == "admission.introducers_count"
    )
    one = dataclasses.replace(P, introducers_required=1)
    a.check_introducers([_intro("A")], on=date(2026, 1, 1), profile=one)


def test_introducer_without_a_known_start_date_is_refused():
    code = _code(a.check_introducers, [_intro("A"), _intro("B", since=None)], on=date(2026, 1, 1), profile=P)
    assert code == "admission.introducer_too_recent"


# --- certificate and dossier ----------------------------------------------------------------


def test_certificate_valid_60_months_then_expired():
    issued = date(2021, 6, 15)
    assert a.certificate_valid(issued, date(2026, 6, 14), P)
    assert not a.certificate_valid(issued, date(2026, 6, 15), P)
    assert not a.certificate_valid(issued, date(2021, 6, 14), P)  # not before it was issued


def test_certificate_of_a_leap_day_expires_on_28_february():
    issued = date(2024, 2, 29)
    assert a.certificate_expires_on(issued, P) == date(2029, 2, 28)
    assert a.certificate_valid(issued, date(2029, 2, 27), P)
    assert not a.certificate_valid(issued, date(2029, 2, 28), P)


def test_dossier_is_stale_after_12_months_without_a_vote():
    done = date(2025, 12, 31)
    assert not a.dossier_stale(done, date(2026, 12, 30), P)
    assert a.dossier_stale(done, date(2026, 12, 31), P)


def test_missing_papers_lists_the_required_ones_in_order():
    assert a.missing_papers({"application", "cv"}) == [
        "certificate",
        "verification",
        "introducer_letter",
        "comments",
    ]
    assert a.missing_papers({code for code, _ in a.DOSSIER_PAPERS if _}) == []
    assert "youth_union_resolution" not in a.missing_papers(set())  # "if any"


# --- votes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("members", "needed"), [(3, 2), (9, 6), (10, 7), (12, 8), (29, 20), (30, 20)])
def test_votes_required_is_two_thirds_rounded_up(members, needed):
    assert a.votes_required(members, P) == needed


@given(st.integers(min_value=1, max_value=5000))
def test_votes_required_is_the_least_count_reaching_two_thirds(members):
    needed = a.votes_required(members, P)
    assert 3 * needed >= 2 * members
    assert 3 * (needed - 1) < 2 * members


def test_vote_passes_at_two_thirds_and_fails_one_below():
    assert a.check_vote(official_members=9, in_favour=6, against=3, profile=P)
    assert not a.check_vote(official_members=9, in_favour=5, against=4, profile=P)


def test_vote_with_more_votes_than_members_is_refused():
    assert (
        _code(a.check_vote, official_members=9, in_favour=7, against=3, profile=P)
        == "admission.vote_exceeds_members"
    )


def test_vote_negative_or_of_an_empty_cell_is_refused():
    assert (
        _code(a.check_vote, official_members=9, in_favour=-1, against=0, profile=P)
        == "admission.vote_negative"
    )
    assert (
        _code(a.check_vote, official_members=0, in_favour=0, against=0, profile=P)
        == "admission.vote_no_members"
    )


def test_escalation_after_three_failed_votes():
    assert not a.escalation_due(2, P)
    assert a.escalation_due(3, P)


# --- pipeline -------------------------------------------------------------------------------


def test_steps_follow_the_pipeline():
    a.check_transition(a.CANDIDATE, a.TRAINED)
    assert _code(a.check_transition, a.CANDIDATE, a.DOSSIER) == "admission.step_out_of_order"
    assert _code(a.check_transition, a.PROBATION, a.WITHDRAWN) == "admission.step_out_of_order"
    assert _code(a.check_transition, a.OFFICIAL, a.PROBATION) == "admission.step_out_of_order"


def test_upper_resolution_needed_for_chi_bo_truc_thuoc_only():
    a.check_transition(a.CELL_RESOLVED, a.UPPER_RESOLVED, cell_level=org.CHI_BO)
    assert (
        _code(a.check_transition, a.CELL_RESOLVED, a.DECIDED, cell_level=org.CHI_BO)
        == "admission.step_out_of_order"
    )
    a.check_transition(a.CELL_RESOLVED, a.DECIDED, cell_level=org.CHI_BO_CO_SO)
    code = _code(a.check_transition, a.CELL_RESOLVED, a.UPPER_RESOLVED, cell_level=org.CHI_BO_CO_SO)
    assert code == "admission.step_out_of_order"


def test_every_stage_has_its_transitions():
    assert set(a.TRANSITIONS) == set(a.STAGES)
    for stage in a.CLOSED:
        assert a.TRANSITIONS[stage] == frozenset()


def test_step_dates_in_order_same_day_allowed():
    a.check_step_date(date(2026, 1, 5), previous_on=date(2026, 1, 5), today=date(2026, 2, 1))
    code = _code(a.check_step_date, date(2026, 1, 4), previous_on=date(2026, 1, 5), today=date(2026, 2, 1))
    assert code == "admission.step_before_previous"
    assert (
        _code(a.check_step_date, date(2026, 2, 2), previous_on=None, today=date(2026, 2, 1))
        == "date.in_future"
    )


def test_deciding_body_depends_on_delegated_authority():
    assert a.deciding_body(org.DANG_BO_CO_SO, delegated=True) == a.GRASSROOTS_COMMITTEE
    assert a.deciding_body(org.DANG_BO_CO_SO, delegated=False) == a.UPPER_STANDING_BOARD
    assert a.deciding_body(org.CHI_BO_CO_SO, delegated=True) == a.UPPER_STANDING_BOARD


# --- deadlines across Tết and year ends -----------------------------------------------------


def test_decision_due_counts_60_working_days_across_tet_2026():
    # Tết Bính Ngọ: 14/2–22/2/2026 off with the weekends (module docstring of workdays)
    resolution = date(2026, 1, 5)
    due = a.decision_due(resolution, P)
    assert working_days_between(resolution, due) == 60
    assert is_working_day(due)
    assert due == date(2026, 4, 6)  # without the Tết week it would be 30/3


def test_ceremony_due_30_working_days_across_the_year_end():
    received = date(2025, 12, 15)
    due = a.ceremony_due(received, P)
    assert working_days_between(received, due) == 30
    assert due == date(2026, 1, 27)  # 1/1/2026 is Tết Dương lịch


def test_ceremony_due_honours_an_extra_day_off():
    received = date(2025, 12, 15)
    plain = a.ceremony_due(received, P)
    assert a.ceremony_due(received, P, extra_days_off={date(2026, 1, 2)}) == plain + ONE_DAY


def test_probation_end_and_recognition_vote_due_from_a_leap_day_ceremony():
    ceremony = date(2024, 2, 29)
    assert a.probation_end(ceremony, P) == date(2025, 2, 28)
    due = a.recognition_vote_due(ceremony, P)
    assert working_days_between(date(2025, 2, 28), due) == 30


def test_recognition_decision_due_30_working_days():
    resolution = date(2026, 2, 10)  # just before Tết 2026
    due = a.recognition_decision_due(resolution, P)
    assert working_days_between(resolution, due) == 30
    assert due > date(2026, 3, 20)  # the Tết week does not count


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)))
def test_decision_due_is_always_60_working_days_later(day):
    due = a.decision_due(day, P)
    assert working_days_between(day, due) == 60
    assert is_working_day(due)
