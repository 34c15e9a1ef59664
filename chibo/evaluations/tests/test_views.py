"""The evaluation pages: the roster, the member's own page, review, decision, correction,
organisations, scoring tables, results with Excel and PDF; pinned query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from chibo.core.regulations import today
from chibo.core.testing import add_members, user_with_role
from chibo.evaluations import services as svc
from chibo.evaluations.models import MemberEvaluation, ScoringTable, UnitEvaluation
from chibo.evaluations.tests.conftest import YEAR, link, make_table, official_members

pytestmark = pytest.mark.django_db


def _review_data(**changes: Any) -> dict[str, Any]:
    return {
        "score": "85",
        "all_tasks_on_time": "on",
        "late_percent": "0",
        "on": today().isoformat(),
        **changes,
    }


def _reviewed(tree: Any, score: int = 80) -> list[MemberEvaluation]:
    return [
        svc.member_evaluation_review(actor=None, member=m, year=YEAR, score=score, on=today())
        for m in official_members(tree)
    ]


# --- the roster and its pinned queries ---------------------------------------------------------------


def _list_queries(client: Any, django_assert_num_queries: Any, count: int) -> str:
    with django_assert_num_queries(count):
        response = client.get(reverse("evaluations:list") + f"?unit=A&year={YEAR}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_roster_shows_each_member_with_their_evaluation_in_constant_queries(
    client, tree, board, django_assert_num_queries
):
    client.force_login(board)
    _reviewed(tree)
    # session, user, grants, unit, members, evaluations, ancestors for the grassroots organisation
    body = _list_queries(client, django_assert_num_queries, 6)
    assert official_members(tree)[0].full_name in body and "HTTNV" in body and 'id="decide-link"' in body
    add_members(tree.a1, official=10, prefix="Phạm Văn")
    _list_queries(client, django_assert_num_queries, 6)


def test_a_viewer_sees_the_roster_without_the_steps(client, tree):
    _reviewed(tree)
    client.force_login(user_with_role("viewer", "viewer", tree.a))
    body = client.get(reverse("evaluations:list") + f"?unit=A1&year={YEAR}").content.decode()
    assert "review-link" not in body and "decide-link" not in body and "HTTNV" in body


# --- the member's own page --------------------------------------------------------------------------


def test_the_member_self_assesses_on_their_own_page(client, tree):
    make_table(tree.root, year=YEAR)
    member = official_members(tree)[0]
    client.force_login(link(member, "dangvien1"))
    url = reverse("evaluations:self") + f"?year={YEAR}"
    body = client.get(url).content.decode()
    assert 'name="c_1"' in body and 'id="send-self"' in body
    response = client.post(
        url, {"c_1": "15", "c_2": "15", "c_3": "45", "c_4": "20", "text": "Hoàn thành tốt"}
    )
    assert response.status_code == 302
    evaluation = MemberEvaluation.objects.get(member=member)
    assert (
        evaluation.self_score == 95
        and evaluation.self_grade == "HTXSNV"
        and evaluation.status == "self_assessed"
    )
    assert "HTXSNV" in client.get(url).content.decode() or "Excellent" in client.get(url).content.decode()


def test_points_above_the_maximum_are_refused_on_the_page(client, tree):
    make_table(tree.root, year=YEAR)
    member = official_members(tree)[0]
    client.force_login(link(member, "dangvien1"))
    url = reverse("evaluations:self") + f"?year={YEAR}"
    response = client.post(url, {"c_1": "16", "c_2": "15", "c_3": "45", "c_4": "20"})
    assert response.status_code == 400 and not MemberEvaluation.objects.exists()


def test_the_own_page_refuses_an_account_without_a_member_record(client, tree, board):
    client.force_login(board)
    assert client.get(reverse("evaluations:self")).status_code == 403


# --- review, decision, correction --------------------------------------------------------------------


def test_the_secretary_reviews_through_the_form(client, tree):
    member = official_members(tree)[0]
    client.force_login(user_with_role("sec", "secretary", tree.a1))
    url = reverse("evaluations:review", args=[member.pk, YEAR])
    assert client.post(url, _review_data(exceeding_percent="40", score="92")).status_code == 302
    evaluation = MemberEvaluation.objects.get(member=member)
    assert evaluation.proposed_grade == "HTXSNV" and str(evaluation.exceeding_share) == "0.400"
    response = client.post(url, _review_data(score="120"))  # the form again, with the rule
    assert "366-QĐ/TW" in response.content.decode()
    assert MemberEvaluation.objects.get(member=member).score == 92


def test_the_board_decides_and_a_broken_quota_is_shown(client, tree, board):
    evaluations = _reviewed(tree)
    svc.member_evaluation_review(
        actor=None, member=evaluations[0].member, year=YEAR, score=95, on=today(),
        conditions=svc.Conditions(exceeding_share=1),
    )  # fmt: skip
    client.force_login(board)
    url = reverse("evaluations:decide", args=["A", YEAR])
    body = client.get(url).content.decode()
    assert f'name="grade_{evaluations[0].pk}"' in body
    data = {"decision_number": "12-QĐ/ĐU", "decided_on": today().isoformat()}
    response = client.post(url, data)
    assert response.status_code == 400 and "20%" in response.content.decode()
    assert not MemberEvaluation.objects.filter(status="decided").exists()
    response = client.post(url, {**data, f"grade_{evaluations[0].pk}": "HTTNV"})
    assert response.status_code == 302
    assert set(MemberEvaluation.objects.values_list("grade", flat=True)) == {"HTTNV"}
    results = client.get(response["Location"]).content.decode()
    assert "member-results" in results


def test_a_decided_grade_is_corrected_through_the_form(client, tree, board):
    evaluation = _reviewed(tree)[0]
    svc.member_grades_decide(actor=None, unit=tree.a, year=YEAR, decision_number="1", decided_on=today())
    client.force_login(board)
    url = reverse("evaluations:correct", args=[evaluation.pk])
    data = {"grade": "HTNV", "reason": "", "decision_number": "3", "decided_on": today().isoformat()}
    assert client.post(url, data).status_code == 200  # reason missing: the form again
    assert client.post(url, {**data, "reason": "Kết luận kiểm tra"}).status_code == 302
    assert MemberEvaluation.objects.get(pk=evaluation.pk).grade == "HTNV"
    assert (
        "Kết luận kiểm tra"
        in client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    )


def test_organisations_are_scored_and_decided_by_the_upper_committee(client, tree, board):
    client.force_login(board)
    url = reverse("evaluations:unit_review", args=["A1", YEAR])
    assert client.post(url, _review_data(subordinate_disciplined="")).status_code == 302
    response = client.post(
        reverse("evaluations:unit_decide", args=["A", YEAR]),
        {"decision_number": "4-QĐ/ĐU", "decided_on": today().isoformat()},
    )
    assert response.status_code == 302
    evaluation = UnitEvaluation.objects.get(unit=tree.a1)
    assert evaluation.grade == "HTTNV" and evaluation.deciding == tree.a
    body = client.get(reverse("evaluations:units") + f"?unit=A&year={YEAR}").content.decode()
    assert "HTTNV" in body and reverse("evaluations:unit_correct", args=[evaluation.pk]) in body


# --- scoring tables ------------------------------------------------------------------------------------


TABLE_TEXT = "common | 1 | 30 | Tiêu chí chung\ntasks | 2 | 70 | Kết quả nhiệm vụ"


def test_a_table_is_edited_and_a_wrong_total_is_refused(client, tree, board):
    client.force_login(board)
    url = reverse("evaluations:table_edit", args=["A", YEAR, "member"])
    response = client.post(url, {"criteria": TABLE_TEXT.replace("| 70 |", "| 60 |")})
    assert response.status_code == 200 and "70" in response.content.decode()
    assert not ScoringTable.objects.exists()
    assert client.post(url, {"criteria": "nonsense"}).status_code == 200
    response = client.post(url, {"criteria": TABLE_TEXT, "title": "Bảng 2025"})
    table = ScoringTable.objects.get()
    assert response["Location"] == reverse("evaluations:table", args=[table.pk])
    assert table.criteria.count() == 2 and table.title == "Bảng 2025"
    # next year's starts from it
    response = client.post(reverse("evaluations:table_copy", args=["A", YEAR + 1, "member"]))
    assert response.status_code == 302
    assert ScoringTable.objects.filter(year=YEAR + 1, unit=tree.a).get().criteria.count() == 2


# --- results -------------------------------------------------------------------------------------------


def _results_queries(client: Any, django_assert_num_queries: Any, count: int) -> str:
    with django_assert_num_queries(count):
        response = client.get(reverse("evaluations:results") + f"?unit=R&year={YEAR}")
    assert response.status_code == 200
    return response.content.decode()


def test_results_page_in_constant_queries(client, tree, board, django_assert_num_queries):
    client.force_login(board)
    _reviewed(tree)
    svc.member_grades_decide(actor=None, unit=tree.a, year=YEAR, decision_number="1", decided_on=today())
    # session, user, grants, unit, children, 2 grouped counts, streaks: members and units (2 each)
    body = _results_queries(client, django_assert_num_queries, 9)
    assert "member-results" in body and "year-comparison" in body
    add_members(tree.b1, official=10, prefix="Phạm Văn")
    svc.evaluations_history_load(
        actor=None, unit=tree.b, year=YEAR, member_grades={m.pk: "HTTNV" for m in tree.b1.members.all()},
        unit_grades={tree.b1.pk: "HTNV"}, decided_on=today(), decision_number="2",
    )  # fmt: skip
    _results_queries(client, django_assert_num_queries, 9)


def test_results_export_as_excel_and_pdf(client, tree, board):
    _reviewed(tree)
    svc.member_grades_decide(actor=None, unit=tree.a, year=YEAR, decision_number="1", decided_on=today())
    client.force_login(board)
    xlsx = client.get(reverse("evaluations:results_export", args=["A", YEAR, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    content = b"".join(xlsx.streaming_content)
    assert content[:2] == b"PK"
    pdf = client.get(reverse("evaluations:results_export", args=["A", YEAR, "pdf"]))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert client.get(reverse("evaluations:results_export", args=["A", YEAR, "doc"])).status_code == 404
