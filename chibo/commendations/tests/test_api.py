"""The commendations API: scope, record (unit or member), refusals, correct, annul, candidates,
counts, the matrix of recording with data, and pinned queries of the list."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from chibo.accounts.roles import Action
from chibo.commendations.models import Commendation
from chibo.commendations.tests.conftest import StreakRow, record
from chibo.core.models import AuditEntry
from chibo.core.testing import assert_permission_matrix, user_with_role

pytestmark = pytest.mark.django_db

BODY = {
    "kind": "bang_khen",
    "level": "cap_tren",
    "year": 2024,
    "decision_number": "88-QĐ/ĐUK",
    "decided_on": "2025-02-01",
    "title": "Đảng viên HTXSNV 5 năm liền",
}


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def api(board):
    return _client(board)


def test_record_for_a_unit_and_for_a_member(api, tree, member):
    response = api.post(reverse("commendation-list"), {**BODY, "unit": "a1"}, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["unit"], response.json()["collective"], response.json()["member"]) == (
        "A1",
        True,
        None,
    )
    response = api.post(reverse("commendation-list"), {**BODY, "member": member.pk}, format="json")
    assert response.status_code == 201
    answer = response.json()
    assert (answer["member"], answer["member_name"], answer["collective"]) == (
        member.pk,
        member.full_name,
        False,
    )
    assert AuditEntry.objects.filter(action="commendation.record").count() == 2


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"decided_on": "2999-01-01", "year": 2998}, "commendation.decided_in_future"),
        ({"decision_number": ""}, "commendation.number_required"),
        ({"year": 2030}, "commendation.year_invalid"),
    ],
)
def test_a_refusal_is_400_with_its_code_and_writes_nothing(api, tree, change, code):
    response = api.post(reverse("commendation-list"), {**BODY, "unit": "A1", **change}, format="json")
    assert response.status_code == 400 and response.json()["code"] == code
    assert not Commendation.objects.exists()


def test_both_or_no_subject_is_refused(api, tree, member):
    response = api.post(
        reverse("commendation-list"), {**BODY, "unit": "A1", "member": member.pk}, format="json"
    )
    assert response.json()["code"] == "commendation.subject_required"
    assert api.post(reverse("commendation-list"), BODY, format="json").json()["code"] == (
        "commendation.subject_required"
    )


def test_discipline_needs_the_confirmation(api, tree, member, disciplined):
    url = reverse("commendation-list")
    response = api.post(url, {**BODY, "member": member.pk}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "commendation.under_discipline"
    response = api.post(url, {**BODY, "member": member.pk, "confirm_despite_discipline": True}, format="json")
    assert response.status_code == 201 and response.json()["despite_discipline"] is True


def test_recording_with_data_is_refused_outside_the_scope(client, tree, member):
    """The matrix with a valid body: the sibling and the viewer are refused, nothing is written by them."""
    seen = assert_permission_matrix(
        client,
        tree,
        lambda t: reverse("commendation-list"),
        action=Action.MANAGE,
        method="post",
        api=True,
        data={**BODY, "member": member.pk},
        expected={"own": (201,), "ancestor": (201,), "sibling": (400,)},  # the member is not theirs to see
    )
    assert seen["own_without_right"] == 403
    assert Commendation.objects.count() == 2
    sibling = _client(user_with_role("sec-b-unit", "secretary", tree.b))
    assert (
        sibling.post(reverse("commendation-list"), {**BODY, "unit": "A1"}, format="json").status_code == 400
    )


def test_list_filters_scope_and_pinned_queries(api, tree, member, django_assert_num_queries):
    record(unit=tree.a1)
    record(member=member, kind="bang_khen")
    record(unit=tree.b1, year=2023)
    api.get(reverse("commendation-list"))  # the caller's grants, loaded once
    with django_assert_num_queries(1):
        answer = api.get(reverse("commendation-list")).json()
    assert len(answer["results"]) == 3
    for i in range(5):
        record(unit=tree.b1, decision_number=f"{i}")
    with django_assert_num_queries(1):
        assert len(api.get(reverse("commendation-list")).json()["results"]) == 8
    rows = api.get(reverse("commendation-list"), {"unit": "A", "kind": "bang_khen"}).json()["results"]
    assert [r["member"] for r in rows] == [member.pk]
    assert len(api.get(reverse("commendation-list"), {"year": 2023}).json()["results"]) == 1
    assert api.get(reverse("commendation-list"), {"year": "x"}).status_code == 400
    sibling = _client(user_with_role("v-b", "viewer", tree.b))
    assert {r["unit"] for r in sibling.get(reverse("commendation-list")).json()["results"]} == {"B1"}
    assert sibling.get(reverse("commendation-list"), {"unit": "A"}).status_code == 404


def test_correct_and_annul(api, tree):
    c = record(unit=tree.a1)
    url = reverse("commendation-correct", args=[c.pk])
    response = api.post(url, {"decision_number": "12b-QĐ/ĐU", "reason": "Sai số"}, format="json")
    assert response.status_code == 200 and response.json()["decision_number"] == "12b-QĐ/ĐU"
    assert api.post(url, {"title": "x"}, format="json").status_code == 400  # reason required by shape
    response = api.post(reverse("commendation-annul", args=[c.pk]), {"reason": "Thu hồi"}, format="json")
    assert response.status_code == 200 and response.json()["annulled_on"]
    again = api.post(reverse("commendation-annul", args=[c.pk]), {"reason": "Thu hồi"}, format="json")
    assert again.json()["code"] == "commendation.annulled"
    viewer = _client(user_with_role("v-a", "viewer", tree.a))
    assert viewer.post(url, {"title": "x", "reason": "y"}, format="json").status_code == 403


def test_candidates_and_counts(api, tree, member, streaks):
    streaks.rows.append(StreakRow("member", member.pk, tree.a1.pk, member.full_name, tree.a1.name, 5))
    answer = api.get(reverse("commendation-candidate-list"), {"year": 2024, "unit": "A"}).json()
    assert (answer["year"], answer["length"]) == (2024, 5)
    assert answer["candidates"] == [
        {"kind": "member", "member": member.pk, "unit": "A1", "name": member.full_name,
         "unit_name": tree.a1.name, "years": 5}
    ]  # fmt: skip
    record(member=member, year=2024)
    assert api.get(reverse("commendation-candidate-list"), {"year": 2024}).json()["candidates"] == []
    assert api.get(reverse("commendation-candidate-list"), {"length": 1}).status_code == 400
    counts = api.get(reverse("commendation-count-list"), {"year": 2024, "unit": "R"}).json()
    assert [(c["unit"], c["individual"], c["total"]) for c in counts] == [
        ("R", 1, 1),
        ("A", 1, 1),
        ("B", 0, 0),
    ]
    assert counts[0]["by_kind"] == {"giay_khen": 1}
