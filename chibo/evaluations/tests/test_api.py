"""The evaluation API: tables, the member's self-assessment, review, decision, correction,
organisations, filters and the results roll-up; refusals with their codes and nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from chibo.core.regulations import today
from chibo.core.testing import user_with_role
from chibo.evaluations import services as svc
from chibo.evaluations.models import MemberEvaluation, ScoringTable, UnitEvaluation
from chibo.evaluations.tests.conftest import YEAR, link, make_table, official_members

pytestmark = pytest.mark.django_db

CRITERIA_JSON = [
    {"group": "common", "code": "1", "text": "Chung", "max_points": "30"},
    {"group": "tasks", "code": "2", "text": "Nhiệm vụ", "max_points": "70"},
]


def _post(client: Any, name: str, data: dict[str, Any], *args: Any) -> Any:
    return client.post(reverse(name, args=args), data, content_type="application/json")


def test_a_table_is_saved_and_copied_and_wrong_totals_are_refused(client, tree, board):
    client.force_login(board)
    bad = [CRITERIA_JSON[0], {**CRITERIA_JSON[1], "max_points": "60"}]
    data = {"unit": "A", "year": YEAR, "subject": "member", "criteria": bad}
    response = _post(client, "scoring-table-list", data)
    assert response.status_code == 400 and response.json()["code"] == "evaluation.table_totals"
    assert response.json()["params"] == {"group": "tasks", "total": "60", "expected": "70"}
    assert not ScoringTable.objects.exists()
    response = _post(client, "scoring-table-list", {**data, "criteria": CRITERIA_JSON})
    assert response.status_code == 201 and [c["code"] for c in response.json()["criteria"]] == ["1", "2"]
    response = _post(client, "scoring-table-copy", {"unit": "A", "year": YEAR + 1, "subject": "member"})
    assert response.status_code == 201 and response.json()["year"] == YEAR + 1
    listed = client.get(reverse("scoring-table-list") + f"?unit=A&year={YEAR}").json()
    assert [t["year"] for t in listed] == [YEAR]


def test_a_secretary_of_another_subtree_cannot_save_a_table(client, tree):
    client.force_login(user_with_role("sib", "secretary", tree.b))
    data = {"unit": "B", "year": YEAR, "subject": "member", "criteria": CRITERIA_JSON}
    assert _post(client, "scoring-table-list", {**data, "unit": "A"}).status_code == 400  # A: not visible
    client.force_login(user_with_role("view", "viewer", tree.a))
    assert _post(client, "scoring-table-list", {**data, "unit": "A"}).status_code == 403
    assert not ScoringTable.objects.exists()


def test_the_member_self_assesses_with_their_own_account(client, tree, board):
    make_table(tree.root)
    member = official_members(tree)[0]
    client.force_login(link(member, "dangvien1"))
    points = {"1": "15", "2": "15", "3": "40", "4": "20"}
    response = _post(client, "member-evaluation-self-assess", {"year": YEAR, "points": points, "text": "Tốt"})
    assert response.status_code == 200 and response.json()["self_score"] == "90.0"
    assert response.json()["self_grade"] == "HTXSNV" and response.json()["member"] == member.pk
    response = _post(client, "member-evaluation-self-assess", {"year": YEAR, "points": {**points, "1": "16"}})
    assert response.status_code == 400 and response.json()["code"] == "evaluation.points_range"
    client.force_login(board)  # staff without a member record
    assert _post(client, "member-evaluation-self-assess", {"year": YEAR, "points": points}).status_code == 403


def _review(client: Any, member: Any, **changes: Any) -> Any:
    data = {"member": member.pk, "year": YEAR, "score": "80", "on": today().isoformat(), **changes}
    return _post(client, "member-evaluation-review", data)


def test_the_cell_reviews_and_a_score_outside_the_frame_is_refused(client, tree):
    member = official_members(tree)[0]
    client.force_login(user_with_role("sib", "secretary", tree.b))
    assert _review(client, member).status_code == 400  # not visible: "does not exist"
    client.force_login(user_with_role("view", "viewer", tree.a))
    assert _review(client, member).status_code == 403
    client.force_login(user_with_role("sec", "secretary", tree.a1))
    response = _review(client, member, score="101")
    assert response.status_code == 400 and response.json()["code"] == "evaluation.score_range"
    assert not MemberEvaluation.objects.exists()
    response = _review(client, member, score="92", exceeding_share="0.4")
    assert response.status_code == 200 and response.json()["proposed_grade"] == "HTXSNV"


def test_the_committee_decides_with_the_quota_and_corrects(client, tree, board):
    members = official_members(tree)
    client.force_login(board)
    for member in members:
        _review(client, member)
    excellent = _review(client, members[0], score="95", exceeding_share="0.5").json()
    decide = {"unit": "A", "year": YEAR, "decision_number": "12-QĐ/ĐU", "decided_on": today().isoformat()}
    response = _post(client, "member-evaluation-decide", decide)
    assert response.status_code == 400 and response.json()["code"] == "evaluation.quota_exceeded"
    assert not MemberEvaluation.objects.filter(status="decided").exists()
    response = _post(
        client, "member-evaluation-decide", {**decide, "grades": {str(excellent["id"]): "HTTNV"}}
    )
    assert response.status_code == 200 and response.json() == {"decided": 4}
    url = "member-evaluation-correct"
    correct = {"grade": "HTNV", "reason": "", "decision_number": "2", "decided_on": today().isoformat()}
    assert _post(client, url, correct, excellent["id"]).status_code == 400
    response = _post(client, url, {**correct, "reason": "Kết luận"}, excellent["id"])
    assert response.status_code == 200 and response.json()["grade"] == "HTNV"
    # the cell's secretary may review but not decide or correct
    client.force_login(user_with_role("sec", "secretary", tree.a1))
    assert (
        _post(client, url, {**correct, "grade": "KHTNV", "reason": "x"}, excellent["id"]).status_code == 403
    )


def test_the_list_filters_by_unit_year_and_status(client, tree, board, django_assert_num_queries):
    members = official_members(tree)
    for member in members[:2]:
        svc.member_evaluation_review(actor=None, member=member, year=YEAR, score=80, on=today())
    svc.evaluations_history_load(
        actor=None, unit=tree.root, year=2022, member_grades={members[3].pk: "HTNV"}, unit_grades={},
        decided_on=today(), decision_number="1",
    )  # fmt: skip
    client.force_login(board)
    url = reverse("member-evaluation-list")
    with django_assert_num_queries(5):  # session, user, grants, the unit, the page
        rows = client.get(url + f"?unit=A1&year={YEAR}").json()["results"]
    assert {r["member"] for r in rows} == {members[0].pk, members[1].pk}
    rows = client.get(url + "?status=decided").json()["results"]
    assert [(r["member"], r["grade"], r["year"]) for r in rows] == [(members[3].pk, "HTNV", 2022)]
    assert client.get(url + "?unit=B1").json()["results"] == []
    assert client.get(url + "?status=nonsense").status_code == 400


def test_organisations_through_the_api_and_the_results(client, tree, board):
    client.force_login(board)
    data = {"unit": "A1", "year": YEAR, "score": "85", "on": today().isoformat()}
    response = _post(client, "unit-evaluation-review", data)
    assert response.status_code == 200 and response.json()["deciding"] == "A"
    decide = {"unit": "A", "year": YEAR, "decision_number": "5", "decided_on": today().isoformat()}
    assert _post(client, "unit-evaluation-decide", decide).json() == {"decided": 1}
    evaluation = UnitEvaluation.objects.get(unit=tree.a1)
    a1_board = user_with_role("a1-board", "org_board", tree.a1)
    correct = {"grade": "HTNV", "reason": "Lý do", "decision_number": "6", "decided_on": today().isoformat()}
    client.force_login(a1_board)  # A1 cannot correct its own grade: A decides
    assert _post(client, "unit-evaluation-correct", correct, evaluation.pk).status_code == 403
    client.force_login(board)
    assert _post(client, "unit-evaluation-correct", correct, evaluation.pk).json()["grade"] == "HTNV"
    results = client.get(reverse("evaluation-result-list") + f"?unit=A&year={YEAR}").json()
    assert results["rows"][0]["unit"] == "A" and results["rows"][0]["units"]["counts"]["HTNV"] == 1
    assert [y["year"] for y in results["years"]] == list(range(YEAR - 4, YEAR + 1))
    assert client.get(reverse("evaluation-result-list") + "?unit=A").status_code == 400  # year missing
