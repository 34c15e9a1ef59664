"""Discipline pages: lists (pinned queries), the case's steps through the forms, programmes, figures,
the Excel export; nothing for those without DISCIPLINE."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from chibo.core.models import AuditEntry
from chibo.core.testing import user_with_role
from chibo.discipline import services as svc
from chibo.discipline.models import Case, Programme
from chibo.discipline.tests.conftest import advance, official_of, open_case, probationary_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector_client(client, tree):
    client.force_login(user_with_role("kiemtra", "inspector", tree.a))
    return client


def _many_cases(tree, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        case = open_case(tree, target_unit=tree.a1) if i % 2 else open_case(tree)
        if i % 3 == 0:
            advance(case, "announced")


def test_the_case_list_query_count_does_not_grow_with_rows(inspector_client, tree, django_assert_num_queries):
    _many_cases(tree, 3)
    inspector_client.get(reverse("discipline:list"))  # warm the caches (session, content types)
    with django_assert_num_queries(6) as few:
        response = inspector_client.get(reverse("discipline:list"))
    assert len(response.context["rows"]) == 3
    _many_cases(tree, 9)
    with django_assert_num_queries(len(few.captured_queries)):
        response = inspector_client.get(reverse("discipline:list"))
    assert len(response.context["rows"]) == 12


def test_the_programme_list_query_count_is_pinned(inspector_client, tree, django_assert_num_queries):
    for i in range(4):
        svc.programme_create(
            actor=None, unit=tree.a, year=2025, kind="inspection", topic=f"Chủ đề {i}",
            starts_on=date(2025, 3, 1), ends_on=date(2025, 6, 1), target_units=[tree.a1],
        )  # fmt: skip
    inspector_client.get(reverse("discipline:programmes"))
    with django_assert_num_queries(6):
        response = inspector_client.get(reverse("discipline:programmes"))
    assert len(response.context["page"]) == 4


def test_the_list_filters_by_form_and_state(inspector_client, tree):
    advance(open_case(tree), "announced", form="canh_cao")
    open_case(tree)
    response = inspector_client.get(reverse("discipline:list"), {"form": "canh_cao"})
    assert [r["case"].form for r in response.context["rows"]] == ["canh_cao"]
    assert response.context["rows"][0]["in_effect"] is False  # announced 10/5/2025: ended 10/5/2026
    response = inspector_client.get(reverse("discipline:list"), {"state": "opened"})
    assert len(response.context["rows"]) == 1


def test_a_case_is_opened_and_taken_through_its_steps_with_the_forms(inspector_client, tree):
    member = probationary_of(tree.a1)
    response = inspector_client.post(
        reverse("discipline:case_create", args=["A"]),
        {
            "subject": "member", "member": member.pk, "category": "moral", "description": "Vi phạm",
            "violation_on": "2025-03-01", "opened_on": "2025-04-01",
        },
    )  # fmt: skip
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "discipline:case_detail", args=[case.pk]
    )
    steps = [
        ("report", {"report-on": "2025-04-10"}),
        ("review", {"review-on": "2025-04-20", "review-body": "Chi bộ"}),
        ("decide", {"decide-form": "canh_cao", "decide-decided_on": "2025-05-05",
                    "decide-decision_number": "1-QĐ", "decide-deciding_body": "Đảng ủy"}),
        ("announce", {"announce-on": "2025-05-10"}),
    ]  # fmt: skip
    for name, data in steps:
        response = inspector_client.post(reverse("discipline:case_action", args=[case.pk, name]), data)
        assert response.status_code == 302, (name, response.content[:2000])
    case.refresh_from_db()
    assert case.state == "announced" and case.effect_ends_on == date(2026, 5, 10)


def test_the_decision_form_offers_only_the_forms_allowed(inspector_client, tree):
    case = advance(open_case(tree, probationary_of(tree.a1)), "reviewed")
    response = inspector_client.get(reverse("discipline:case_detail", args=[case.pk]))
    choices = [value for value, _label in response.context["forms"]["decide"].fields["form"].choices]
    assert choices == ["khien_trach", "canh_cao"]


def test_a_refused_step_comes_back_with_the_reason_and_writes_nothing(inspector_client, tree):
    case = advance(open_case(tree), "decided")
    before = AuditEntry.objects.count()
    response = inspector_client.post(
        reverse("discipline:case_action", args=[case.pk, "announce"]), {"announce-on": "2025-05-01"}
    )
    assert response.status_code == 400
    assert response.context["forms"]["announce"].non_field_errors()
    assert AuditEntry.objects.count() == before and Case.objects.get(pk=case.pk).state == "decided"


def test_the_dissolution_page_links_to_the_restructuring(inspector_client, tree):
    case = advance(open_case(tree, target_unit=tree.a1), "announced", form="giai_tan")
    html = inspector_client.get(reverse("discipline:case_detail", args=[case.pk])).content.decode()
    assert 'id="dissolution-note"' in html and reverse("organizations:dissolve", args=["A1"]) in html


def test_a_programme_is_planned_started_and_concluded_through_the_pages(inspector_client, tree):
    response = inspector_client.post(
        reverse("discipline:programme_create", args=["A"]),
        {"year": 2025, "kind": "supervision", "mode": "thematic", "topic": "Giám sát đảng phí",
         "starts_on": "2025-03-01", "ends_on": "2025-06-30", "target_units": [tree.a1.pk],
         "target_members": [official_of(tree.a1).pk]},
    )  # fmt: skip
    programme = Programme.objects.get()
    assert response.status_code == 302 and programme.target_units.get() == tree.a1
    response = inspector_client.post(
        reverse("discipline:programme_edit", args=[programme.pk]),
        {"year": 2025, "kind": "supervision", "mode": "regular", "topic": "Giám sát",
         "starts_on": "2025-03-01", "ends_on": "2025-07-31"},
    )  # fmt: skip
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.mode == "regular" and not programme.target_units.exists()
    url = reverse("discipline:programme_action", args=[programme.pk, "start"])
    assert inspector_client.post(url, {"start-on": "2025-03-02"}).status_code == 302
    url = reverse("discipline:programme_action", args=[programme.pk, "conclude"])
    response = inspector_client.post(url, {"conclude-on": "2025-08-01", "conclude-conclusion": "Tốt"})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.status == "concluded" and programme.conclusion == "Tốt"


def test_figures_roll_cases_up_the_tree(inspector_client, tree, board):
    advance(open_case(tree), "announced", form="canh_cao")
    advance(open_case(tree, target_unit=tree.a1), "decided", form="khien_trach")
    svc.case_record_decided(
        actor=None, unit=tree.a1, member=official_of(tree.a1), category="law", description="x",
        violation_on=date(2025, 1, 1), form="khien_trach", decided_on=date(2025, 2, 1), decision_number="1",
        deciding_body="Chi bộ",
    )  # fmt: skip
    response = inspector_client.get(reverse("discipline:figures"), {"year": 2025})
    assert response.context["by_form"] == {"canh_cao": 1, "khien_trach": 2}
    rows = {row["unit"].code: row["total"] for row in response.context["by_unit"]}
    assert rows == {"A": 3, "A1": 1}
    assert dict(response.context["category_rows"])  # every category listed
    response = inspector_client.get(reverse("discipline:figures"), {"year": 2024})
    assert response.context["total"] == 0


def test_the_export_is_a_workbook_of_the_filtered_cases(inspector_client, tree):
    from python_calamine import CalamineWorkbook

    advance(open_case(tree), "announced", form="canh_cao")
    open_case(tree, target_unit=tree.a1)
    response = inspector_client.get(reverse("discipline:export"), {"form": "canh_cao"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert len(rows) == 2 and rows[1][0] == official_of(tree.a1).full_name


def test_a_viewer_or_secretary_sees_nothing(client, tree):
    case = open_case(tree)
    for role in ("viewer", "secretary"):
        client.force_login(user_with_role(f"u-{role}", role, tree.a))
        assert client.get(reverse("discipline:list")).status_code == 403
        assert client.get(reverse("discipline:case_detail", args=[case.pk])).status_code == 403


def test_an_inspector_elsewhere_who_views_a_gets_404(client, tree):
    case = open_case(tree)
    user = user_with_role("kt-b", "inspector", tree.b)
    from chibo.accounts.services import role_grant

    role_grant(actor=None, user=user, unit=tree.a, role="viewer")
    client.force_login(user)
    assert client.get(reverse("discipline:case_detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("discipline:list")).context["rows"] == []
