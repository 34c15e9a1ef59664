"""The reports pages and exports: content, compare, submission, quality, pinned query counts."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.urls import reverse

from chibo.core.models import AuditEntry
from chibo.core.testing import user_with_role
from chibo.members import services as mem
from chibo.reports.models import QualitySnapshot, SubmittedReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_client(client, board):
    client.force_login(board)
    return client


def _add(tree, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        spec = mem.MemberSpec(
            f"Phạm Thị {i}",
            "official",
            sex="F",
            admitted_on=date(2012, 1, 1),
            official_on=date(2013, 1, 1),
            ethnicity="Tày",
        )
        mem.member_create(actor=None, unit=tree.a1, spec=spec)


def test_statistics_page_shows_the_figures_and_the_compare_column(board_client, tree):
    _add(tree, 2)
    url = reverse("reports:statistics")
    response = board_client.get(url, {"unit": "A", "as_of": "2024-06-30", "compare": "2011-06-30"})
    assert response.status_code == 200
    report, other = response.context["report"], response.context["other"]
    assert (report["members_total"], report["female"], report["ethnic_minority"]) == (6, 2, 2)
    assert other["members_total"] == 0  # the tree's records start in 2015, these in 2012
    html = response.content.decode()
    assert 'id="section-age"' in html and "<svg" in html and "2011-06-30" in html


def test_statistics_page_defaults_to_the_scope_and_today(board_client, tree):
    response = board_client.get(reverse("reports:statistics"))
    assert response.status_code == 200
    assert response.context["unit"] == tree.root
    assert response.context["report"]["members_total"] == 8


def test_statistics_page_queries_do_not_grow_with_members_or_units(
    board_client, tree, django_assert_num_queries
):
    url = reverse("reports:statistics") + "?unit=R&as_of=2024-06-30"
    board_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        board_client.get(url)
    _add(tree, 10)
    from chibo.core.testing import make_unit

    make_unit(tree.a, "A5", "chi_bo")
    with django_assert_num_queries(len(first)):
        board_client.get(url)
    assert len(first) <= 15  # on PostgreSQL: the report's settings (two for the member scan) and savepoint


def test_exports_of_each_format(board_client, tree):
    base = reverse("reports:statistics_export", args=["xlsx"])
    xlsx = board_client.get(base, {"unit": "A", "as_of": "2024-06-30", "compare": "2020-01-01"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0).to_python()
    assert any(r[0] == "Unit A" or "A)" in str(r[0]) for r in rows[:1])
    assert any(r[1] == 4 for r in rows if r and r[1] != "")
    pdf = board_client.get(reverse("reports:statistics_export", args=["pdf"]), {"unit": "A"})
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    data = json.loads(
        board_client.get(reverse("reports:statistics_export", args=["json"]), {"unit": "A"}).content
    )
    assert data["unit"] == "A" and data["members_total"] == 5
    assert (
        board_client.get(reverse("reports:statistics_export", args=["doc"]), {"unit": "A"}).status_code == 404
    )


def test_submit_from_the_page_then_the_detail_shows_differences(board_client, tree, board):
    response = board_client.post(reverse("reports:submit", args=["A"]), {"as_of": "2024-06-30", "note": "Q2"})
    report = SubmittedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:submitted_detail", args=[report.pk]
    )
    detail = board_client.get(response["Location"])
    assert detail.status_code == 200 and detail.context["differences"] == []
    member = tree.a1.members.filter(status="official").first()
    mem.member_update(actor=board, member=member, version=member.version, changes={"ethnicity": "Mường"})
    detail = board_client.get(reverse("reports:submitted_detail", args=[report.pk]))
    keys = {d["key"] for d in detail.context["differences"]}
    assert {"ethnic_minority", "by_ethnicity.Mường", "by_ethnicity.Kinh"} <= keys
    assert 'id="differences"' in detail.content.decode()
    listing = board_client.get(reverse("reports:submitted_list"), {"unit": "A"})
    assert list(listing.context["reports"]) == [report]


def test_a_refused_submission_shows_the_reason_and_writes_nothing(board_client, tree):
    response = board_client.post(reverse("reports:submit", args=["A"]), {"as_of": "2999-01-01"})
    assert response.status_code == 400
    assert "2999" in response.content.decode() or "after today" in response.content.decode()
    assert (
        not SubmittedReport.objects.exists()
        and not AuditEntry.objects.filter(action="report.submit").exists()
    )


def test_a_viewer_reads_but_cannot_submit(client, tree):
    viewer = user_with_role("viewer", "viewer", tree.a)
    client.force_login(viewer)
    page = client.get(reverse("reports:statistics"), {"unit": "A"})
    assert page.status_code == 200 and page.context["submit_form"] is None
    assert client.post(reverse("reports:submit", args=["A"]), {"as_of": "2024-06-30"}).status_code == 403


def test_quality_page_lists_problems_with_links_and_takes_a_snapshot(board_client, tree):
    from chibo.members.models import Member

    bad = tree.a1.members.filter(status="official").first()
    Member.objects.filter(pk=bad.pk).update(birth_date=date(2011, 1, 1))
    page = board_client.get(reverse("reports:quality"), {"unit": "A"})
    assert page.status_code == 200
    assert reverse("members:detail", args=[bad.pk]) in page.content.decode()
    assert dict((k, n) for k, _l, n in page.context["counts"])["birth_after_admission"] == 1
    response = board_client.post(reverse("reports:snapshot", args=["A"]), {"label": "Đợt 1"})
    snapshot = QualitySnapshot.objects.get()
    assert response.status_code == 302 and f"snapshot={snapshot.pk}" in response["Location"]
    Member.objects.filter(pk=bad.pk).update(birth_date=date(1980, 1, 1))
    page = board_client.get(response["Location"])
    assert page.context["progress"]["closed"] == 1 and page.context["progress"]["now"] == 0
    xlsx = board_client.get(reverse("reports:quality_export"), {"unit": "A"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_quality_page_queries_are_pinned(board_client, tree, django_assert_num_queries):
    url = reverse("reports:quality") + "?unit=A"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    board_client.get(url)
    with CaptureQueriesContext(connection) as first:
        board_client.get(url)
    _add(tree, 10)
    with django_assert_num_queries(len(first)):
        board_client.get(url)
