"""The party badges API: scope, a round prepared and approved, early awards, numbers, history, queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import URLPattern, reverse
from rest_framework.test import APIClient

from chibo.accounts.roles import Action
from chibo.badges import services as svc
from chibo.badges.api import urls as api_urls
from chibo.badges.models import Award, Round
from chibo.badges.tests.api_matrix_cases import CASES
from chibo.core import regulations
from chibo.core.models import AuditEntry
from chibo.core.testing import assert_permission_matrix, user_with_role
from chibo.members import services as mem
from chibo.members.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def veterans(tree):
    """Two official members of A1: admitted 10/1/1994 (30 years on 10/1/2024) and 1/6/1984
    (30 years in 2014 — recorded — and 40 years on 1/6/2024)."""
    spec = mem.MemberSpec
    young = mem.member_create(
        actor=None,
        unit=tree.a1,
        spec=spec("Lý Văn Ba", "official", admitted_on=date(1994, 1, 10), official_on=date(1995, 1, 10)),
    )
    old = mem.member_create(
        actor=None,
        unit=tree.a1,
        spec=spec("Hà Thị Tư", "official", admitted_on=date(1984, 6, 1), official_on=date(1985, 6, 1)),
    )
    svc.badge_history_record(
        actor=None, member=old, threshold=30, award_date=date(2014, 9, 2), badge_number="HH30-1"
    )
    return young, old


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def api(board):
    return _client(board)


def _prepare(tree: Any, day: date, unit: Any = None) -> Round:
    return svc.badge_round_prepare(actor=None, unit=unit or tree.a, award_date=day)


def _post(client: APIClient, name: str, pk: int, **body: Any) -> Any:
    return client.post(reverse(name, args=[pk]), body, format="json")


def _refused(response: Any, code: str) -> None:
    """A refusal by a rule: 400, its code, and a translated sentence (not the bare code)."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == code
    assert body["detail"] and body["detail"] != code


def _row(body: dict[str, Any], member: Member) -> dict[str, Any]:
    (row,) = [r for r in body["awards"] if r["member"] == member.pk]
    return row


# --- scope --------------------------------------------------------------------------------------


def test_rounds_and_badges_are_seen_only_in_the_callers_scope(api, tree, veterans):
    young, _old = veterans
    round_ = _prepare(tree, date(2024, 2, 3))
    award = round_.awards.get(member=young)
    sibling = _client(user_with_role("viewer-b", "viewer", tree.b))
    assert sibling.get(reverse("badge-round-list")).json()["results"] == []
    assert sibling.get(reverse("badge-round-list"), {"unit": "A"}).status_code == 404
    assert sibling.get(reverse("badge-round-detail", args=[round_.pk])).status_code == 404
    assert sibling.get(reverse("badge-award-detail", args=[award.pk])).status_code == 404
    own = _client(user_with_role("viewer-a", "viewer", tree.a))
    assert [r["id"] for r in own.get(reverse("badge-round-list")).json()["results"]] == [round_.pk]
    assert own.get(reverse("badge-award-detail", args=[award.pk])).json()["member"] == young.pk
    # ?unit= keeps the rounds of the unit's subtree: A's round is not one of A1's or B's
    assert [r["id"] for r in api.get(reverse("badge-round-list"), {"unit": "a"}).json()["results"]] == [
        round_.pk
    ]
    assert api.get(reverse("badge-round-list"), {"unit": "A1"}).json()["results"] == []
    assert api.get(reverse("badge-round-list"), {"unit": "B"}).json()["results"] == []


def test_the_list_pages_with_a_cursor_latest_award_day_first(api, tree):
    days = [date(2024, 2, 3), date(2024, 5, 19), date(2024, 9, 2)]
    for day in days:
        _prepare(tree, day)
    page = api.get(reverse("badge-round-list"), {"page_size": 2}).json()
    assert [r["award_date"] for r in page["results"]] == ["2024-09-02", "2024-05-19"]
    assert page["next"] and "count" not in page
    assert [r["award_date"] for r in api.get(page["next"]).json()["results"]] == ["2024-02-03"]


# --- prepare ------------------------------------------------------------------------------------


def test_prepare_lists_the_badges_due_with_the_party_age_on_the_award_day(api, tree, veterans):
    young, old = veterans
    response = api.post(reverse("badge-round-list"), {"unit": "A", "award_date": "2024-02-03"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["unit"], body["award_date"], body["state"], body["proposed"]) == (
        "A",
        "2024-02-03",
        "draft",
        1,
    )
    assert _row(body, young) == {
        "id": Award.objects.get(member=young).pk,
        "member": young.pk,
        "member_name": "Lý Văn Ba",
        "unit": "A1",
        "threshold": 30,
        "early_months": 0,
        "early_reason": "",
        "awarded": False,
        "badge_number": "",
        "note": "",
        "party_age": {"years": 30, "months": 0},
        "reached_on": "2024-01-10",
    }
    assert old.pk not in [r["member"] for r in body["awards"]]  # 40 years only on 1/6/2024
    assert AuditEntry.objects.filter(action="badge.round_prepare", actor__username="board").count() == 1
    detail = api.get(reverse("badge-round-detail", args=[body["id"]])).json()
    assert detail == body


def test_prepare_on_a_day_that_is_not_an_award_day_is_refused_and_writes_nothing(api, tree, veterans):
    awards, entries = Award.objects.count(), AuditEntry.objects.count()
    response = api.post(reverse("badge-round-list"), {"unit": "A", "award_date": "2024-02-04"}, format="json")
    _refused(response, "badge.not_award_day")
    assert not Round.objects.exists()
    assert (Award.objects.count(), AuditEntry.objects.count()) == (awards, entries)


def test_prepare_twice_on_the_same_day_is_refused(api, tree):
    body = {"unit": "A", "award_date": "2024-02-03"}
    assert api.post(reverse("badge-round-list"), body, format="json").status_code == 201
    _refused(api.post(reverse("badge-round-list"), body, format="json"), "badge.round_exists")
    assert Round.objects.count() == 1


def test_prepare_input_is_validated_before_the_service(api, tree):
    response = api.post(reverse("badge-round-list"), {"unit": "A", "award_date": "3/2"}, format="json")
    assert response.status_code == 400 and "award_date" in response.json()
    response = api.post(
        reverse("badge-round-list"), {"unit": "ZZ", "award_date": "2024-02-03"}, format="json"
    )
    assert response.status_code == 400 and "unit" in response.json()
    assert not Round.objects.exists()


# --- early awards -------------------------------------------------------------------------------


def test_an_early_award_within_its_limit_is_added(api, tree, veterans):
    young, _old = veterans
    round_ = _prepare(tree, date(2023, 11, 7))  # young reaches 30 years on 10/1/2024
    body = {"member": young.pk, "early_months": 3, "early_reason": "illness", "note": "Ốm nặng"}
    response = _post(api, "badge-round-add", round_.pk, **body)
    assert response.status_code == 200, response.content
    row = _row(response.json(), young)
    assert (row["threshold"], row["early_months"], row["early_reason"], row["note"]) == (
        30,
        3,
        "illness",
        "Ốm nặng",
    )
    assert row["party_age"] == {"years": 29, "months": 9} and row["reached_on"] == "2024-01-10"
    assert AuditEntry.objects.filter(action="badge.add", actor__username="board").count() == 1


def test_an_early_award_beyond_its_limit_is_refused_and_writes_nothing(api, tree, veterans):
    _young, old = veterans
    round_ = _prepare(tree, date(2023, 5, 19))  # old reaches 40 years on 1/6/2024: 13 months early
    before = Award.objects.count()
    response = _post(
        api, "badge-round-add", round_.pk, member=old.pk, early_months=13, early_reason="illness"
    )
    _refused(response, "badge.early_too_much")
    assert response.json()["params"]["allowed"] == "12"
    assert Award.objects.count() == before
    assert not AuditEntry.objects.filter(action="badge.add").exists()


def test_add_input_is_checked_for_shape_and_scope(tree, veterans):
    young, _old = veterans
    round_ = _prepare(tree, date(2023, 11, 7))
    secretary = _client(user_with_role("sec-a", "secretary", tree.a))
    response = _post(
        secretary, "badge-round-add", round_.pk, member=young.pk, early_months=3, early_reason="flu"
    )
    assert response.status_code == 400 and "early_reason" in response.json()
    stranger = Member.objects.filter(unit=tree.b1).first()
    response = _post(secretary, "badge-round-add", round_.pk, member=stranger.pk, early_reason="illness")
    assert response.status_code == 400 and "member" in response.json()
    assert not round_.awards.exists()


# --- approve, numbers, removal ----------------------------------------------------------------


def test_approval_awards_the_round_then_numbers_are_recorded(api, tree, veterans):
    young, _old = veterans
    round_ = _prepare(tree, date(2024, 2, 3))
    award = round_.awards.get(member=young)
    _refused(_post(api, "badge-award-number", award.pk, number="HH30-77"), "badge.not_awarded")
    response = _post(
        api, "badge-round-approve", round_.pk, decision_number="12-QĐ/ĐU", decided_on="2024-01-25"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["decision_number"], body["decided_on"]) == (
        "approved",
        "12-QĐ/ĐU",
        "2024-01-25",
    )
    assert all(r["awarded"] for r in body["awards"])
    numbered = _post(api, "badge-award-number", award.pk, number="HH30-77")
    assert numbered.status_code == 200, numbered.content
    assert (numbered.json()["badge_number"], numbered.json()["round"]) == ("HH30-77", round_.pk)
    assert api.get(reverse("badge-award-detail", args=[award.pk])).json()["badge_number"] == "HH30-77"
    assert AuditEntry.objects.filter(action="badge.round_approve").count() == 1
    assert AuditEntry.objects.filter(action="badge.number").count() == 1


def test_an_approved_round_can_no_longer_change(api, tree, veterans):
    young, old = veterans
    round_ = _prepare(tree, date(2024, 2, 3))
    _post(api, "badge-round-approve", round_.pk, decision_number="12-QĐ/ĐU", decided_on="2024-01-25")
    again = _post(api, "badge-round-approve", round_.pk, decision_number="13", decided_on="2024-01-26")
    _refused(again, "badge.round_approved")
    _refused(
        _post(api, "badge-round-add", round_.pk, member=old.pk, early_months=5, early_reason="illness"),
        "badge.round_approved",
    )
    award = round_.awards.get(member=young)
    _refused(_post(api, "badge-award-remove", award.pk, reason="Nhầm"), "badge.round_approved")
    assert Round.objects.get(pk=round_.pk).decision_number == "12-QĐ/ĐU"


def test_a_decision_in_the_future_is_refused(api, tree, veterans):
    round_ = _prepare(tree, date(2024, 2, 3))
    later = (regulations.today() + timedelta(days=3)).isoformat()
    _refused(
        _post(api, "badge-round-approve", round_.pk, decision_number="1", decided_on=later), "date.in_future"
    )
    assert Round.objects.get(pk=round_.pk).state == "draft"


def test_a_badge_is_taken_out_of_a_round_in_preparation(api, tree, veterans):
    young, _old = veterans
    round_ = _prepare(tree, date(2024, 2, 3))
    award = round_.awards.get(member=young)
    response = _post(api, "badge-award-remove", award.pk, reason="")
    assert response.status_code == 400 and "reason" in response.json()
    response = _post(api, "badge-award-remove", award.pk, reason="Đang bị kỷ luật")
    assert response.status_code == 200, response.content
    assert (response.json()["id"], response.json()["awards"]) == (round_.pk, [])
    assert not Award.objects.filter(pk=award.pk).exists()
    assert AuditEntry.objects.filter(action="badge.remove", note="Đang bị kỷ luật").count() == 1


# --- history ------------------------------------------------------------------------------------


def test_history_is_recorded_once_per_threshold(api, tree, veterans):
    _young, old = veterans
    body = {"member": old.pk, "threshold": 40, "award_date": "2024-09-02", "badge_number": "HH40-2"}
    response = api.post(reverse("badge-history-list"), body, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["threshold"], created["awarded"], created["round"], created["unit"]) == (
        40,
        True,
        None,
        "A1",
    )
    _refused(api.post(reverse("badge-history-list"), body, format="json"), "badge.already_recorded")
    _refused(
        api.post(reverse("badge-history-list"), {**body, "threshold": 33}, format="json"),
        "badge.threshold_unknown",
    )
    assert list(
        Award.objects.filter(member=old).values_list("threshold", flat=True).order_by("threshold")
    ) == [
        30,
        40,
    ]
    # a badge from the register is in no round: it cannot be taken out of one
    _refused(_post(api, "badge-award-remove", created["id"], reason="Nhầm"), "badge.not_in_round")


# --- award days ---------------------------------------------------------------------------------


def test_the_next_award_days(api):
    body = api.get(reverse("badge-award-day-list"), {"on": "2026-11-08"}).json()
    assert body == {"days": ["2027-02-03", "2027-05-19", "2027-09-02", "2027-11-07"]}
    days = api.get(reverse("badge-award-day-list")).json()["days"]
    assert len(days) == 4 and days[0] >= regulations.today().isoformat()
    assert api.get(reverse("badge-award-day-list"), {"on": "soon"}).status_code == 400


# --- queries ------------------------------------------------------------------------------------

LIST_QUERIES = 4  # session, user, role grants, one page of rounds with their units and counts
DETAIL_QUERIES = 6  # session, user, role grants, the round, its awards with members and units, gaps


def _award_days(count: int) -> list[date]:
    return [date(year, month, day) for year in range(2010, 2030) for month, day in ((2, 3), (9, 2))][:count]


def test_the_round_list_needs_the_same_queries_whatever_the_number_of_rounds(
    client, tree, board, django_assert_num_queries
):
    client.force_login(board)
    days = _award_days(10)
    for count in (3, 10):
        while Round.objects.count() < count:
            n = Round.objects.count()
            _prepare(tree, days[n], unit=tree.a1 if n % 2 else tree.b1)
        with django_assert_num_queries(LIST_QUERIES):
            response = client.get(reverse("badge-round-list"))
        assert len(response.json()["results"]) == count


def test_a_round_detail_needs_the_same_queries_whatever_the_number_of_awards(
    client, tree, board, django_assert_num_queries
):
    client.force_login(board)
    for count in (2, 7):
        for i in range(count):
            unit = tree.a1 if i % 2 else tree.b1
            spec = mem.MemberSpec(f"Cựu Binh {count} {i}", "official", admitted_on=date(1994, 1, i + 1))
            mem.member_create(actor=None, unit=unit, spec=spec)
        round_ = _prepare(tree, date(2024, 2, 3) if count == 2 else date(2024, 5, 19), unit=tree.root)
        with django_assert_num_queries(DETAIL_QUERIES):
            response = client.get(reverse("badge-round-detail", args=[round_.pk]))
        assert len(response.json()["awards"]) == count


# --- the permission matrix ------------------------------------------------------------------------


def test_every_badge_api_url_is_in_the_matrix():
    names = {p.name for p in api_urls.urlpatterns if isinstance(p, URLPattern) and p.name}
    names = {n for n in names if not n.endswith("-format")}
    assert names == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_permission_matrix(client, tree, name):
    url_for, action, method, api, expected = CASES[name]
    assert_permission_matrix(client, tree, url_for, action=action, method=method, api=api, expected=expected)


def test_permission_matrix_of_prepare(client, tree):
    # a unit the caller may not manage is a field error of the body (400), as in the admissions API
    assert_permission_matrix(
        client,
        tree,
        lambda t: reverse("badge-round-list"),
        action=Action.MANAGE,
        method="post",
        api=True,
        data={"unit": "A1", "award_date": "2024-02-03"},
        expected={"sibling": (400,), "own_without_right": (400,), "own": (201,)},
    )
    assert Round.objects.filter(unit=tree.a1).count() == 1


def test_permission_matrix_of_history(client, tree, veterans):
    young, _old = veterans
    # a member the caller does not see is a field error (400); one seen but not managed is 403
    assert_permission_matrix(
        client,
        tree,
        lambda t: reverse("badge-history-list"),
        action=Action.MANAGE,
        method="post",
        api=True,
        data={"member": young.pk, "threshold": 30, "award_date": "2024-02-03"},
        expected={"sibling": (400,), "own": (201,)},
    )
    assert Award.objects.filter(member=young).count() == 1


def test_a_round_in_preparation_is_discarded_and_an_approved_one_is_not(api, tree, veterans):
    draft = _prepare(tree, date(2024, 2, 3))
    assert _post(api, "badge-round-discard", draft.pk, reason="").status_code == 400
    assert _post(api, "badge-round-discard", draft.pk, reason="Nhầm ngày").status_code == 204
    assert not Round.objects.filter(pk=draft.pk).exists()
    approved = _prepare(tree, date(2024, 2, 3))
    _post(api, "badge-round-approve", approved.pk, decision_number="12-QĐ/ĐU", decided_on="2024-01-25")
    _refused(_post(api, "badge-round-discard", approved.pk, reason="Nhầm"), "badge.round_approved")
    assert Round.objects.filter(pk=approved.pk).exists()
    assert AuditEntry.objects.filter(action="badge.round_discard").count() == 1
