"""The commendation pages: the list (filters, pinned queries, .xlsx, PDF), record (with the discipline
warning), correct, annul, the candidates and the counts."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from chibo.commendations.models import Commendation
from chibo.commendations.tests.conftest import StreakRow, record
from chibo.core.messages import MESSAGES
from chibo.core.models import AuditEntry
from chibo.core.testing import user_with_role

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "giay_khen",
    "level": "co_so",
    "year": "2024",
    "decision_number": "40-QĐ/ĐU",
    "decided_on": "2025-01-20",
    "issued_by": "Đảng ủy Sở Tài chính",
    "title": "Hoàn thành xuất sắc nhiệm vụ",
}


def _get(client, name, *args, **query):  # type: ignore[no-untyped-def]
    return client.get(reverse(name, args=args), query)


def test_the_list_shows_the_commendations_with_pinned_queries(
    client, tree, board, member, django_assert_num_queries
):
    client.force_login(board)
    record(unit=tree.a1, title="Chi bộ TSVM")
    record(member=member)
    _get(client, "commendations:list")  # warm the session and the grants
    with django_assert_num_queries(5):
        body = _get(client, "commendations:list").content.decode()
    assert "Chi bộ TSVM" in body and member.full_name in body
    for i in range(10):
        record(unit=tree.b1, decision_number=f"{i}-QĐ")
    with django_assert_num_queries(5):  # more rows, the same queries
        assert _get(client, "commendations:list").status_code == 200


def test_the_list_filters_and_hides_other_subtrees(client, tree, member):
    record(unit=tree.a1, title="Của A1")
    record(unit=tree.b1, title="Của B1")
    record(member=member, kind="bang_khen", title="Cá nhân A1")
    client.force_login(user_with_role("sec-a", "secretary", tree.a))
    body = _get(client, "commendations:list").content.decode()
    assert "Của A1" in body and "Cá nhân A1" in body and "Của B1" not in body
    body = _get(client, "commendations:list", kind="bang_khen").content.decode()
    assert "Cá nhân A1" in body and "Của A1" not in body
    body = _get(client, "commendations:list", subject="collective", unit="a1").content.decode()
    assert "Của A1" in body and "Cá nhân A1" not in body and 'id="record"' in body
    assert _get(client, "commendations:list", unit="B1").status_code == 404


def test_the_list_as_a_spreadsheet_is_logged(client, tree, board, member):
    from python_calamine import CalamineWorkbook

    record(unit=tree.a1, title="Chi bộ TSVM")
    record(member=member, year=2023)
    client.force_login(board)
    response = _get(client, "commendations:list", year="2024", unit="A", format="xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith(
        'khen-thuong-A-2024.xlsx"'
    )
    rows = CalamineWorkbook.from_filelike(
        io.BytesIO(b"".join(response.streaming_content))
    ).get_sheet_by_index(0)
    data = rows.to_python()
    assert (
        data[0][0] == "Năm" and len(data) == 2 and data[1][2] == tree.a1.name and data[1][7] == "Chi bộ TSVM"
    )
    entry = AuditEntry.objects.get(action="commendation.export")
    assert (entry.counts, entry.unit_id, entry.actor) == ({"commendations": 1}, tree.a.pk, board)


def test_the_list_as_a_pdf(client, tree, board):
    record(unit=tree.a1)
    client.force_login(board)
    response = _get(client, "commendations:list", format="pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEntry.objects.get(action="commendation.export").after["format"] == "pdf"


def test_record_a_collective_commendation_through_the_form(client, tree, board):
    client.force_login(board)
    assert _get(client, "commendations:record", "a1").status_code == 200
    response = client.post(reverse("commendations:record", args=["A1"]), FORM)
    c = Commendation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "commendations:detail", args=[c.pk]
    )
    assert (c.unit, c.member, c.decision_number) == (tree.a1, None, "40-QĐ/ĐU")


def test_record_for_a_member_prefilled_from_the_query(client, tree, board, member):
    client.force_login(board)
    body = _get(
        client, "commendations:record", "A1", member=member.pk, year=2023, title="HTXSNV 5 năm"
    ).content
    assert f'value="{member.pk}" selected'.encode() in body and b'value="2023"' in body
    client.post(reverse("commendations:record", args=["A1"]), {**FORM, "subject": member.pk})
    assert Commendation.objects.get().member == member


def test_a_refusal_shows_the_rule_on_the_form(client, tree, board):
    client.force_login(board)
    response = client.post(reverse("commendations:record", args=["A1"]), {**FORM, "decided_on": "2999-01-01"})
    # the page speaks the user's language (Vietnamese by default): compare with the rule's own message
    with translation.override("vi"):
        future = str(MESSAGES["commendation.decided_in_future"]).split("%(day)s")[1][:40]
        number = str(MESSAGES["commendation.number_required"])[:40]
    assert response.status_code == 200 and escape(future) in response.content.decode()
    response = client.post(reverse("commendations:record", args=["A1"]), {**FORM, "decision_number": ""})
    assert escape(number) in response.content.decode()
    assert not Commendation.objects.exists()


def test_the_form_warns_of_a_discipline_and_needs_the_checkbox(client, tree, board, member, disciplined):
    client.force_login(board)
    body = _get(client, "commendations:record", "A1").content.decode()
    assert 'id="discipline-warning"' in body and member.full_name in body
    assert 'name="confirm_despite_discipline"' in body
    url = reverse("commendations:record", args=["A1"])
    refused = client.post(url, {**FORM, "subject": member.pk})
    assert refused.status_code == 200 and "69-QĐ/TW" in refused.content.decode()
    assert not Commendation.objects.exists()
    client.post(url, {**FORM, "subject": member.pk, "confirm_despite_discipline": "on"})
    assert Commendation.objects.get().despite_discipline


def test_no_warning_without_a_discipline(client, tree, board):
    client.force_login(board)
    body = _get(client, "commendations:record", "A1").content.decode()
    assert 'id="discipline-warning"' not in body and "confirm_despite_discipline" not in body


def test_correct_and_annul_through_the_forms(client, tree, board):
    c = record(unit=tree.a1)
    client.force_login(board)
    body = _get(client, "commendations:detail", c.pk).content.decode()
    assert 'id="correct"' in body and 'id="annul"' in body
    assert _get(client, "commendations:correct", c.pk).status_code == 200
    data = {**FORM, "decision_number": "12a-QĐ/ĐU", "decided_on": "2025-01-20", "reason": "Sai số"}
    response = client.post(reverse("commendations:correct", args=[c.pk]), data)
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.decision_number, c.kind) == ("12a-QĐ/ĐU", "giay_khen")
    entry = AuditEntry.objects.get(action="commendation.correct")
    assert set(entry.before) == {"decision_number", "title", "issued_by"}
    client.post(reverse("commendations:annul", args=[c.pk]), {"reason": "Thu hồi"})
    c.refresh_from_db()
    assert c.annulled
    body = _get(client, "commendations:detail", c.pk).content.decode()
    assert 'id="annulled"' in body and 'id="correct"' not in body


def test_correcting_a_members_date_into_a_discipline_needs_the_checkbox(
    client, tree, board, member, disciplined
):
    c = record(member=member, confirm_despite_discipline=True)
    Commendation.objects.filter(pk=c.pk).update(despite_discipline=False)  # as if recorded before the case
    client.force_login(board)
    url = reverse("commendations:correct", args=[c.pk])
    assert 'name="confirm_despite_discipline"' in _get(client, "commendations:correct", c.pk).content.decode()
    data = {**FORM, "decision_number": "12-QĐ/ĐU", "decided_on": "2025-02-01", "reason": "Sai ngày"}
    refused = client.post(url, data)
    assert refused.status_code == 200 and "69-QĐ/TW" in refused.content.decode()
    assert client.post(url, {**data, "confirm_despite_discipline": "on"}).status_code == 302
    assert Commendation.objects.get(pk=c.pk).despite_discipline


def test_a_viewer_sees_but_may_not_change(client, tree):
    c = record(unit=tree.a1)
    client.force_login(user_with_role("v", "viewer", tree.a))
    assert 'id="correct"' not in _get(client, "commendations:detail", c.pk).content.decode()
    assert client.post(reverse("commendations:annul", args=[c.pk]), {"reason": "x"}).status_code == 403
    assert not Commendation.objects.get(pk=c.pk).annulled


def test_candidates_page_lists_with_links_to_record(client, tree, board, member, streaks):
    streaks.rows += [
        StreakRow("member", member.pk, tree.a1.pk, member.full_name, tree.a1.name, 5),
        StreakRow("unit", None, tree.b1.pk, tree.b1.name, tree.b1.name, 5),
    ]
    client.force_login(user_with_role("sec-a", "secretary", tree.a))
    body = _get(client, "commendations:candidates", year=2024).content.decode()
    assert member.full_name in body and tree.b1.name in body
    assert "/commendations/record/A1/?year=2024&amp;title=" in body and f"member={member.pk}" in body
    assert "/commendations/record/B1/" not in body  # seen, but not the secretary's to record
    assert streaks.calls[-1]["roots"] == [tree.a] and streaks.calls[-1]["length"] == 5
    _get(client, "commendations:candidates", year=2023, length=3, unit="A1")
    assert (streaks.calls[-1]["roots"], streaks.calls[-1]["year"], streaks.calls[-1]["length"]) == (
        [tree.a1],
        2023,
        3,
    )
    assert _get(client, "commendations:candidates", unit="B").status_code == 404


def test_counts_page_rolls_up(client, tree, board, member, django_assert_num_queries):
    record(unit=tree.a1)
    record(member=member)
    record(unit=tree.b1, year=2023)
    client.force_login(board)
    _get(client, "commendations:counts", year=2024, unit="R")
    with django_assert_num_queries(6):  # session, user, grants, the unit, its children, the counts
        _get(client, "commendations:counts", year=2024, unit="R")
    body = _get(client, "commendations:counts", year=2024, unit="R").content.decode()
    assert 'data-unit="R"' in body and 'data-unit="A"' in body and 'data-unit="B"' in body
    response = _get(client, "commendations:counts", year=2024, unit="R")
    counts = {c.unit.code: c.total for c in response.context["counts"]}
    assert counts == {"R": 2, "A": 2, "B": 0}


def test_counts_as_a_spreadsheet(client, tree, board, member):
    from python_calamine import CalamineWorkbook

    record(unit=tree.a1)
    record(member=member, kind="bang_khen")
    client.force_login(board)
    response = _get(client, "commendations:counts", year=2024, unit="A", format="xlsx")
    assert response["Content-Disposition"].endswith('khen-thuong-so-lieu-A-2024.xlsx"')
    sheet = CalamineWorkbook.from_filelike(
        io.BytesIO(b"".join(response.streaming_content))
    ).get_sheet_by_index(0)
    data = sheet.to_python()
    assert [row[0] for row in data[1:]] == ["A", "A1"]
    assert data[1][3:6] == [1, 1, 2]  # collective, individual, total of A's subtree
    assert AuditEntry.objects.get(action="commendation.export").after["format"] == "counts-xlsx"
