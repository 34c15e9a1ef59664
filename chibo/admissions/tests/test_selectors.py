"""Reads of the admission pipeline: the deadline board, targets and admissions per year, the funnel.

Working-day deadlines are computed here with ``chibo.rules.workdays.add_working_days`` (Vietnamese
holidays), so each test says which rule it expects rather than a date worked out by hand.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from chibo.admissions import services as svc
from chibo.admissions.models import Candidate, Stage
from chibo.admissions.selectors import Deadline, admitted_counts, deadline_board, funnel, target_progress
from chibo.admissions.tests.conftest import (
    CELL_VOTE,
    CEREMONY,
    DECISION,
    RECOGNITION_VOTE,
    TODAY,
    advance,
    make_candidate,
)
from chibo.core.testing import user_with_role
from chibo.members import services as member_services
from chibo.rules.workdays import add_working_days

pytestmark = pytest.mark.django_db

PROBATION_ENDS = date(2025, 6, 10)  # the ceremony of 10/6/2024 + 12 months
CERTIFICATE_EXPIRES = date(2029, 3, 1)  # the certificate of 1/3/2024 + 60 months
DOSSIER_STALE = date(2025, 4, 1)  # the dossier complete on 1/4/2024 + 12 months


def _items(user: Any, candidate: Candidate | None = None, **kwargs: Any) -> dict[str, Deadline]:
    """The board's items, by kind (of ``candidate`` only, when given)."""
    board = deadline_board(user=user, **kwargs)
    return {d.kind: d for d in board if candidate is None or d.candidate.pk == candidate.pk}


def _failed_vote(candidate: Candidate, held_on: date, kind: str = "admission") -> None:
    vote = (svc.candidate_cell_vote if kind == "admission" else svc.candidate_recognition_vote)(
        actor=None, candidate=candidate, held_on=held_on, in_favour=2, against=2
    )
    assert not vote.passed


# --- decision -----------------------------------------------------------------------------------


def test_the_decision_is_due_sixty_working_days_after_the_cell_resolution(tree, board, set_today):
    candidate = advance(make_candidate(tree), tree, "cell_resolved")
    due = add_working_days(CELL_VOTE, 60)
    # on the 60th working day it is due, not overdue
    set_today(due)
    item = _items(board, candidate)["decision"]
    assert (item.due, item.overdue, item.overdue_working_days) == (due, False, 0)
    # on the 61st it is overdue by one working day
    set_today(add_working_days(CELL_VOTE, 61))
    item = _items(board, candidate)["decision"]
    assert (item.due, item.overdue, item.overdue_working_days) == (due, True, 1)


def test_the_decision_deadline_still_runs_after_the_upper_resolution(tree, board, set_today):
    candidate = advance(make_candidate(tree), tree, "upper_resolved")
    set_today(add_working_days(CELL_VOTE, 65))
    item = _items(board, candidate)["decision"]
    assert item.due == add_working_days(CELL_VOTE, 60) and item.overdue and item.overdue_working_days == 5


def test_a_working_day_deadline_shows_from_fourteen_days_before(tree, board, set_today):
    candidate = advance(make_candidate(tree), tree, "cell_resolved")
    due = add_working_days(CELL_VOTE, 60)
    set_today(due - timedelta(days=14))
    assert not _items(board, candidate)["decision"].overdue
    set_today(due - timedelta(days=15))
    assert _items(board, candidate) == {}


# --- ceremony -----------------------------------------------------------------------------------


def test_the_ceremony_is_overdue_after_thirty_working_days_from_the_decision(tree, board, set_today):
    candidate = advance(make_candidate(tree), tree, "decided")  # decided and received on 20/5/2024
    due = add_working_days(DECISION, 30)
    set_today(due)
    assert _items(board, candidate)["ceremony"].overdue is False
    set_today(add_working_days(DECISION, 31))
    item = _items(board, candidate)["ceremony"]
    assert item.due == due and item.overdue and item.overdue_working_days == 1


def test_the_ceremony_deadline_counts_from_the_day_the_decision_was_received(tree, board, set_today):
    candidate = advance(make_candidate(tree), tree, "upper_resolved")
    received = date(2024, 5, 27)
    svc.candidate_decide(
        actor=None, candidate=candidate, decided_on=DECISION, number="QĐ-1", received_on=received
    )
    set_today(add_working_days(DECISION, 31))
    item = _items(board, candidate)["ceremony"]
    assert item.due == add_working_days(received, 30) and not item.overdue


# --- probation and recognition ------------------------------------------------------------------


def test_the_end_of_probation_shows_within_sixty_days_before_it(tree, board, set_today):
    candidate = advance(make_candidate(tree), tree, "probation")
    set_today(PROBATION_ENDS - timedelta(days=61))
    assert _items(board, candidate) == {}
    set_today(PROBATION_ENDS - timedelta(days=60))
    item = _items(board, candidate)["probation_end"]
    assert item.due == PROBATION_ENDS and not item.overdue


def test_once_probation_ended_the_recognition_vote_is_due_within_thirty_working_days(tree, board, set_today):
    candidate = advance(make_candidate(tree), tree, "probation")
    due = add_working_days(PROBATION_ENDS, 30)
    set_today(PROBATION_ENDS - timedelta(days=1))
    assert set(_items(board, candidate)) == {"probation_end"}
    set_today(due - timedelta(days=14))
    items = _items(board, candidate)
    assert set(items) == {"recognition_vote"}
    assert items["recognition_vote"].due == due and not items["recognition_vote"].overdue
    set_today(due)
    assert not _items(board, candidate)["recognition_vote"].overdue
    set_today(add_working_days(PROBATION_ENDS, 31))
    item = _items(board, candidate)["recognition_vote"]
    assert item.overdue and item.overdue_working_days == 1


def test_the_recognition_decision_is_overdue_after_thirty_working_days_from_the_vote(tree, board, set_today):
    candidate = advance(make_candidate(tree), tree, "recognition_voted")
    due = add_working_days(RECOGNITION_VOTE, 30)
    set_today(due)
    assert not _items(board, candidate)["recognition_decision"].overdue
    set_today(add_working_days(RECOGNITION_VOTE, 31))
    item = _items(board, candidate)["recognition_decision"]
    assert item.due == due and item.overdue


def test_an_official_member_has_no_deadline_left(tree, board, set_today):
    advance(make_candidate(tree), tree, "official")
    assert deadline_board(user=board) == []


# --- certificate and dossier --------------------------------------------------------------------


def test_an_expiring_certificate_shows_within_sixty_days_and_is_overdue_from_the_day_it_expires(
    tree, board, set_today
):
    candidate = advance(make_candidate(tree), tree, "trained")
    set_today(CERTIFICATE_EXPIRES - timedelta(days=61))
    assert _items(board, candidate) == {}
    set_today(CERTIFICATE_EXPIRES - timedelta(days=60))
    item = _items(board, candidate)["certificate"]
    assert item.due == CERTIFICATE_EXPIRES and not item.overdue
    set_today(CERTIFICATE_EXPIRES)
    assert _items(board, candidate)["certificate"].overdue


def test_a_stale_dossier_shows_from_fourteen_days_before_and_is_overdue_from_twelve_months(
    tree, board, set_today
):
    candidate = advance(make_candidate(tree), tree, "dossier")
    set_today(DOSSIER_STALE - timedelta(days=15))
    assert _items(board, candidate) == {}
    set_today(DOSSIER_STALE - timedelta(days=14))
    item = _items(board, candidate)["dossier_stale"]
    assert item.due == DOSSIER_STALE and not item.overdue
    set_today(DOSSIER_STALE)
    assert set(_items(board, candidate)) == {"dossier_stale"}
    assert _items(board, candidate)["dossier_stale"].overdue


# --- failed votes -------------------------------------------------------------------------------


def test_three_failed_cell_votes_call_for_a_report_upward(tree, board, set_today):
    candidate = advance(make_candidate(tree), tree, "dossier")
    _failed_vote(candidate, CELL_VOTE)
    _failed_vote(candidate, date(2024, 5, 15))
    set_today(date(2024, 7, 1))
    assert "escalation" not in _items(board, candidate)
    _failed_vote(candidate, date(2024, 6, 17))
    item = _items(board, candidate)["escalation"]
    assert item.overdue


def test_three_failed_recognition_votes_call_for_a_report_upward(tree, board, set_today):
    candidate = advance(make_candidate(tree), tree, "probation")
    for held_on in (date(2025, 6, 11), date(2025, 6, 18)):
        _failed_vote(candidate, held_on, kind="recognition")
    set_today(date(2025, 7, 1))
    assert "escalation" not in _items(board, candidate)
    _failed_vote(candidate, date(2025, 6, 25), kind="recognition")
    assert _items(board, candidate)["escalation"].overdue


def test_failed_admission_votes_do_not_count_once_on_probation(tree, board, set_today):
    # given a candidate admitted at the fourth cell vote, after three failed ones
    candidate = advance(make_candidate(tree), tree, "dossier")
    for held_on in (CELL_VOTE, date(2024, 4, 22), date(2024, 5, 6)):
        _failed_vote(candidate, held_on)
    svc.candidate_cell_vote(
        actor=None, candidate=candidate, held_on=date(2024, 5, 13), in_favour=4, against=0
    )
    svc.candidate_upper_resolution(actor=None, candidate=candidate, on=date(2024, 5, 20), number="NQ-1")
    svc.candidate_decide(actor=None, candidate=candidate, decided_on=date(2024, 5, 27), number="QĐ-1")
    svc.candidate_ceremony(actor=None, candidate=candidate, held_on=CEREMONY)
    # when the board is read during probation, two months before it ends
    set_today(PROBATION_ENDS - timedelta(days=30))
    # then only the end of probation shows: the failed votes were on the admission
    assert set(_items(board, candidate)) == {"probation_end"}


# --- scope and order ----------------------------------------------------------------------------


def test_the_board_shows_only_the_users_scope(tree, board, set_today):
    candidate = advance(make_candidate(tree), tree, "dossier")
    set_today(DOSSIER_STALE)
    assert set(_items(board, candidate)) == {"dossier_stale"}
    assert set(_items(user_with_role("viewer-a", "viewer", tree.a), candidate)) == {"dossier_stale"}
    assert deadline_board(user=user_with_role("viewer-b", "secretary", tree.b)) == []
    assert deadline_board(user=user_with_role("no-role")) == []
    assert deadline_board(user=board, within=tree.b) == []


def test_overdue_items_come_first_then_by_date(tree, board, set_today):
    # given X, whose decision falls due on D, recorded before Y, whose certificate expires on D
    x = advance(make_candidate(tree), tree, "cell_resolved")
    d = add_working_days(CELL_VOTE, 60)
    y = svc.candidate_create(
        actor=None,
        unit=tree.a1,
        spec=svc.CandidateSpec("Phạm Văn Nam", date(1990, 1, 1)),
        entered_on=date(2019, 1, 2),
    )
    svc.candidate_certificate(actor=None, candidate=y, number="CN-2", issued_on=d.replace(year=d.year - 5))
    # and Z, whose probation ends later
    z = advance(make_candidate(tree, full_name="Đinh Thị Thu"), tree, "probation")
    # when the board is read on D
    set_today(d)
    board_items = [(item.candidate.pk, item.kind, item.overdue) for item in deadline_board(user=board)]
    # then Y's expired certificate (overdue on the day) comes before X's decision (due that day)
    assert board_items[:2] == [(y.pk, "certificate", True), (x.pk, "decision", False)]
    assert (z.pk, "probation_end", False) not in board_items  # 11 months ahead: not shown yet
    set_today(PROBATION_ENDS - timedelta(days=10))
    later = [(item.candidate.pk, item.kind) for item in deadline_board(user=board)]
    assert later == [(x.pk, "decision"), (y.pk, "certificate"), (z.pk, "probation_end")]


def test_the_board_reads_in_a_fixed_number_of_queries(tree, board, set_today, django_assert_num_queries):
    stages = ["dossier", "cell_resolved", "decided", "probation", "trained", "recognition_voted"]

    def add_candidates(count: int) -> None:
        for _ in range(count):
            n = Candidate.objects.count()
            advance(make_candidate(tree, full_name=f"Ứng viên {n}"), tree, stages[n % len(stages)])

    def read(user: Any) -> set[int]:
        items = deadline_board(user=user)
        [(item.label, item.candidate.unit.name) for item in items]  # what the page shows of each
        return {item.candidate.pk for item in items}

    def fresh_board() -> Any:  # as on a new request: the user's roles are not read yet
        return type(board).objects.get(pk=board.pk)

    # the board of 1/9/2025: an overdue item for every stage above but "trained" (certificate: 2029)
    add_candidates(2)
    set_today(date(2025, 9, 1))
    user = fresh_board()
    with django_assert_num_queries(3):  # calendar exceptions, the user's roles, the candidates
        assert len(read(user)) == 2
    set_today(TODAY)
    add_candidates(4)
    set_today(date(2025, 9, 1))
    user = fresh_board()
    with django_assert_num_queries(3):
        assert len(read(user)) == 5


# --- admissions per year and targets -------------------------------------------------------------


def _admitted(unit: Any, on: date, name: str) -> None:
    member_services.member_create(
        actor=None,
        unit=unit,
        spec=member_services.MemberSpec(name, "probationary", admitted_on=on),
        joined_on=on,
    )


@pytest.fixture
def admissions_2026(tree):
    """2026: two in A1 (1/1 and 4/5) and one in B1; 31/12/2025 in A1 belongs to 2025, like the
    probationary member of the demo tree admitted on 1/1/2025."""
    _admitted(tree.a1, date(2026, 1, 1), "Lê Văn Một")
    _admitted(tree.a1, date(2026, 5, 4), "Lê Văn Hai")
    _admitted(tree.b1, date(2026, 3, 2), "Lê Văn Ba")
    _admitted(tree.a1, date(2025, 12, 31), "Lê Văn Bốn")
    return tree


def test_admitted_counts_roll_up_over_the_subtree_for_the_year(admissions_2026):
    tree = admissions_2026
    units = [tree.root, tree.a, tree.a1, tree.b, tree.b1]
    assert admitted_counts(units, 2026) == {
        tree.root.pk: 3,
        tree.a.pk: 2,
        tree.a1.pk: 2,
        tree.b.pk: 1,
        tree.b1.pk: 1,
    }
    assert admitted_counts(units, 2025) == {
        tree.root.pk: 2,
        tree.a.pk: 2,
        tree.a1.pk: 2,
        tree.b.pk: 0,
        tree.b1.pk: 0,
    }
    assert admitted_counts([], 2026) == {}


def test_a_candidate_counts_as_admitted_in_the_year_of_the_decision(tree):
    advance(make_candidate(tree), tree, "decided")  # decided on 20/5/2024
    assert admitted_counts([tree.a, tree.b], 2024) == {tree.a.pk: 1, tree.b.pk: 0}


def test_target_progress_shows_the_target_of_the_year_and_the_admissions(admissions_2026, board):
    tree = admissions_2026
    svc.target_set(actor=board, unit=tree.a, year=2026, target=4)
    svc.target_set(actor=board, unit=tree.a, year=2025, target=9)
    svc.target_set(actor=board, unit=tree.b, year=2026, target=2)
    progress = {
        p.unit.pk: (p.target, p.admitted, p.percent)
        for p in target_progress(units=[tree.a, tree.a1, tree.b], year=2026)
    }
    assert progress == {tree.a.pk: (4, 2, 50), tree.a1.pk: (None, 2, None), tree.b.pk: (2, 1, 50)}


# --- funnel -------------------------------------------------------------------------------------


def test_the_funnel_counts_open_candidacies_and_those_closed_during_the_year(tree, board):
    # given one candidate, one trained, one withdrawn in 2026, one in 2025, and an official of 2025
    make_candidate(tree)
    advance(make_candidate(tree, full_name="Ứng viên 2"), tree, "trained")
    for name, on in (("Ứng viên 3", date(2026, 2, 2)), ("Ứng viên 4", date(2025, 3, 3))):
        svc.candidate_withdraw(
            actor=None, candidate=make_candidate(tree, full_name=name), on=on, reason="Chuyển đi"
        )
    advance(make_candidate(tree, full_name="Ứng viên 5"), tree, "official")  # recognised on 1/7/2025
    # when the funnel of each year is read
    this_year = funnel(user=board)
    # then every stage is listed in pipeline order
    assert [value for value, _label, _n in this_year] == list(Stage.values)
    counts = {value: n for value, _label, n in this_year}
    assert counts == {**dict.fromkeys(Stage.values, 0), "candidate": 1, "trained": 1, "withdrawn": 1}
    assert counts == {value: n for value, _label, n in funnel(user=board, year=TODAY.year)}
    last_year = {value: n for value, _label, n in funnel(user=board, year=2025)}
    assert last_year == {
        **dict.fromkeys(Stage.values, 0),
        "candidate": 1,
        "trained": 1,
        "withdrawn": 1,
        "official": 1,
    }


def test_the_funnel_is_scoped(tree, board):
    advance(make_candidate(tree), tree, "trained")
    assert sum(n for _v, _l, n in funnel(user=board)) == 1
    assert sum(n for _v, _l, n in funnel(user=board, within=tree.a1)) == 1
    assert sum(n for _v, _l, n in funnel(user=board, within=tree.b)) == 0
    assert sum(n for _v, _l, n in funnel(user=user_with_role("viewer-b", "viewer", tree.b))) == 0
