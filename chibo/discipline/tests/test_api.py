"""The inspection and discipline API: same scope, services and refusals as the pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from chibo.core.models import AuditEntry
from chibo.core.testing import user_with_role
from chibo.discipline.models import Case, Programme
from chibo.discipline.tests.conftest import advance, official_of, open_case, probationary_of
from chibo.members.models import MemberStatus

pytestmark = pytest.mark.django_db


def _client(client, tree, username="kt", unit=None):  # type: ignore[no-untyped-def]
    client.force_login(user_with_role(username, "inspector", unit or tree.a))
    return client


def _post(client, name, data, *args):  # type: ignore[no-untyped-def]
    return client.post(reverse(name, args=list(args)), data, content_type="application/json")


def test_a_case_is_opened_and_taken_to_expulsion_through_the_api(client, tree):
    api = _client(client, tree)
    member = official_of(tree.a1)
    response = _post(api, "discipline-case-list", {
        "unit": "A", "member": member.pk, "category": "corruption", "description": "Tham ô",
        "violation_on": "2025-03-01", "opened_on": "2025-04-01",
    })  # fmt: skip
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    steps = [
        ("report", {"on": "2025-04-10"}),
        ("review", {"on": "2025-04-20", "body": "Ủy ban kiểm tra"}),
        ("decide", {"form": "khai_tru", "decided_on": "2025-05-05", "decision_number": "7-QĐ",
                    "deciding_body": "Ban Thường vụ"}),
        ("announce", {"on": "2025-05-10"}),
    ]  # fmt: skip
    for step, data in steps:
        response = _post(api, f"discipline-case-{step}", data, pk)
        assert response.status_code == 200, (step, response.json())
    body = response.json()
    assert body["state"] == "announced" and body["effect_ends_on"] is None
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT and member.leave_reason == "expelled"


def test_a_refusal_is_400_with_its_code_and_writes_nothing(client, tree):
    api = _client(client, tree)
    case = advance(open_case(tree, probationary_of(tree.a1)), "reviewed")
    before = AuditEntry.objects.count()
    response = _post(api, "discipline-case-decide", {
        "form": "khai_tru", "decided_on": "2025-05-05", "decision_number": "7", "deciding_body": "Đảng ủy",
    }, case.pk)  # fmt: skip
    assert response.status_code == 400 and response.json()["code"] == "discipline.form_not_allowed"
    assert AuditEntry.objects.count() == before and Case.objects.get(pk=case.pk).state == "reviewed"


def test_a_sibling_inspector_cannot_open_a_case_in_a(client, tree):
    api = _client(client, tree, "kt-b", tree.b)
    response = _post(api, "discipline-case-list", {
        "unit": "A", "member": official_of(tree.a1).pk, "category": "moral", "description": "x",
        "violation_on": "2025-03-01", "opened_on": "2025-04-01",
    })  # fmt: skip
    assert response.status_code == 400 and "unit" in response.json()
    assert not Case.objects.exists()


def test_record_a_decided_case_and_list_it_with_filters(client, tree):
    api = _client(client, tree)
    response = _post(api, "discipline-case-record", {
        "unit": "A", "member": official_of(tree.a1).pk, "category": "law", "description": "Vi phạm",
        "violation_on": "2025-01-01", "form": "canh_cao", "decided_on": "2025-02-01", "decision_number": "3",
        "deciding_body": "Đảng ủy", "announced_on": "2025-02-05",
    })  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["effect_ends_on"] == "2026-02-05"
    open_case(tree, target_unit=tree.a1)
    rows = api.get(reverse("discipline-case-list"), {"form": "canh_cao"}).json()["results"]
    assert [r["form"] for r in rows] == ["canh_cao"]
    assert len(api.get(reverse("discipline-case-list")).json()["results"]) == 2
    assert api.get(reverse("discipline-case-list"), {"form": "fine"}).status_code == 400


def test_a_programme_through_the_api(client, tree):
    api = _client(client, tree)
    response = _post(api, "inspection-programme-list", {
        "unit": "A", "year": 2025, "kind": "inspection", "mode": "thematic", "topic": "Đảng phí",
        "starts_on": "2025-03-01", "ends_on": "2025-06-30", "target_units": ["A1"],
        "target_members": [official_of(tree.a1).pk],
    })  # fmt: skip
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["target_units"] == ["A1"]
    response = api.patch(
        reverse("inspection-programme-detail", args=[pk]),
        {"topic": "Đảng phí 2025"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["topic"] == "Đảng phí 2025"
    assert (
        _post(api, "inspection-programme-conclude", {"on": "2025-07-01", "conclusion": "x"}, pk).status_code
        == 400
    )
    assert _post(api, "inspection-programme-start", {"on": "2025-03-02"}, pk).status_code == 200
    response = _post(api, "inspection-programme-conclude", {"on": "2025-07-01", "conclusion": "Tốt"}, pk)
    assert response.status_code == 200 and response.json()["status"] == "concluded"
    assert Programme.objects.get().status == "concluded"


def test_figures_through_the_api(client, tree):
    api = _client(client, tree)
    advance(open_case(tree), "decided", form="canh_cao")
    body = api.get(reverse("discipline-figures-list"), {"year": 2025}).json()
    assert body["by_form"] == {"canh_cao": 1}
    assert {row["unit"]: row["total"] for row in body["by_unit"]} == {"A": 1, "A1": 0}
    assert api.get(reverse("discipline-figures-list"), {"unit": "B"}).status_code == 404


def test_a_viewer_gets_403_everywhere(client, tree):
    case = open_case(tree)
    client.force_login(user_with_role("xem", "viewer", tree.a))
    assert client.get(reverse("discipline-case-list")).status_code == 403
    assert client.get(reverse("discipline-case-detail", args=[case.pk])).status_code == 403
    assert client.get(reverse("discipline-figures-list")).status_code == 403


def test_case_list_has_few_queries(client, tree, django_assert_num_queries):
    api = _client(client, tree)
    for _ in range(5):
        advance(open_case(tree), "announced")
    api.get(reverse("discipline-case-list"))
    with django_assert_num_queries(4):
        assert len(api.get(reverse("discipline-case-list")).json()["results"]) == 5
    assert date(2025, 5, 10).isoformat() in api.get(reverse("discipline-case-list")).content.decode()
