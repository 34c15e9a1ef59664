"""The admission pages: what they show, each step through its form, refusals as messages."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from chibo.admissions import exports
from chibo.admissions.models import Candidate, DossierPaper, Step, Target
from chibo.admissions.tests.conftest import advance, make_candidate
from chibo.core.models import AuditEntry
from chibo.core.testing import printed_papers, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(tree):
    return user_with_role("bithu", "secretary", tree.a1)


def test_list_shows_the_candidates_of_the_scope_and_the_funnel(client, tree, board):
    make_candidate(tree)
    client.force_login(board)
    response = client.get(reverse("admissions:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lê Thị Hoa" in body and 'id="funnel"' in body


def test_list_hides_candidates_of_another_subtree(client, tree):
    make_candidate(tree)
    client.force_login(user_with_role("khac", "secretary", tree.b1))
    assert "Lê Thị Hoa" not in client.get(reverse("admissions:list")).content.decode()


def test_list_page_has_a_fixed_number_of_queries(client, tree, board, django_assert_max_num_queries):
    for i in range(3):
        make_candidate(tree, full_name=f"Người {i}")
    client.force_login(board)
    client.get(reverse("admissions:list"))  # warm the session and the grants cache
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("admissions:list"))
    for i in range(3, 12):
        make_candidate(tree, full_name=f"Người {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("admissions:list"))


def test_secretary_creates_a_candidate(client, tree, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("admissions:create", args=["A1"]),
        {
            "full_name": "Đinh Văn Lực",
            "birth_date": "2000-02-29",
            "source": "worker",
            "entered_on": "2025-01-06",
        },
    )
    candidate = Candidate.objects.get(full_name="Đinh Văn Lực")
    assert response.status_code == 302 and response["Location"] == reverse(
        "admissions:detail", args=[candidate.pk]
    )


def test_create_with_a_bad_cccd_names_the_field_and_writes_nothing(client, tree, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("admissions:create", args=["A1"]),
        {
            "full_name": "X",
            "birth_date": "2000-01-01",
            "source": "worker",
            "entered_on": "2025-01-06",
            "cccd": "12ab",
        },
    )
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not Candidate.objects.exists()


def test_detail_offers_only_the_next_steps_the_user_may_take(client, tree, secretary, board):
    candidate = advance(make_candidate(tree), tree, "upper_resolved")
    client.force_login(secretary)
    body = client.get(reverse("admissions:detail", args=[candidate.pk])).content.decode()
    assert 'data-step="decide"' not in body  # the standing board of R decides, not the chi bộ
    assert 'data-step="withdraw"' in body
    client.force_login(board)
    assert (
        'data-step="decide"' in client.get(reverse("admissions:detail", args=[candidate.pk])).content.decode()
    )


def test_a_step_through_its_form(client, tree, secretary):
    candidate = make_candidate(tree)
    client.force_login(secretary)
    response = client.post(
        reverse("admissions:step", args=[candidate.pk, "certificate"]),
        {"number": "12/GCN", "issued_on": "2024-03-01"},
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.stage == "trained" and candidate.certificate_number == "12/GCN"


def test_a_refused_step_shows_the_rule_and_writes_nothing(client, tree, secretary):
    candidate = make_candidate(tree)
    client.force_login(secretary)
    steps = Step.objects.count()
    response = client.post(reverse("admissions:step", args=[candidate.pk, "dossier"]), {"on": "2024-04-01"})
    assert response.status_code == 200
    assert "12-HD/BTCTW" in response.content.decode()  # admission.step_out_of_order names its source
    assert Step.objects.count() == steps


def test_unknown_step_is_404(client, tree, secretary):
    candidate = make_candidate(tree)
    client.force_login(secretary)
    assert client.get(reverse("admissions:step", args=[candidate.pk, "nope"])).status_code == 404


def test_decide_by_a_cell_secretary_is_forbidden(client, tree, secretary):
    candidate = advance(make_candidate(tree), tree, "upper_resolved")
    client.force_login(secretary)
    response = client.post(
        reverse("admissions:step", args=[candidate.pk, "decide"]), {"decided_on": "2024-05-20", "number": "1"}
    )
    assert response.status_code == 403
    candidate.refresh_from_db()
    assert candidate.stage == "upper_resolved"


def test_paper_scan_is_uploaded_and_its_reading_audited(client, tree, secretary):
    candidate = make_candidate(tree)
    client.force_login(secretary)
    scan = SimpleUploadedFile("don.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        reverse("admissions:step", args=[candidate.pk, "paper"]),
        {"kind": "application", "number": "", "issued_on": "2024-02-01", "scan": scan},
    )
    assert response.status_code == 302
    paper = DossierPaper.objects.get(candidate=candidate, kind="application")
    response = client.get(reverse("admissions:paper_scan", args=[paper.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="candidate.scan_view", actor=secretary).count() == 1


def test_paper_scan_of_another_type_is_refused(client, tree, secretary):
    candidate = make_candidate(tree)
    client.force_login(secretary)
    scan = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        reverse("admissions:step", args=[candidate.pk, "paper"]),
        {"kind": "application", "issued_on": "2024-02-01", "scan": scan},
    )
    assert response.status_code == 200 and not DossierPaper.objects.exists()


def test_decision_pdfs(client, tree, board):
    candidate = advance(make_candidate(tree), tree, "official")
    client.force_login(board)
    for kind in ("admission", "recognition"):
        response = client.get(reverse("admissions:decision_pdf", args=[candidate.pk, kind]))
        assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_decisions_print_in_vietnamese_for_an_english_user(tree):
    """A decision is an official paper, signed and filed: an English interface prints it in Vietnamese."""
    candidate = advance(make_candidate(tree), tree, "official")
    with translation.override("en"), printed_papers() as printed:
        for kind in ("admission", "recognition"):
            assert exports.decision_pdf(candidate, kind=kind).startswith(b"%PDF")
        assert translation.get_language() == "en"  # the override ends with the paper
    admission, recognition = printed
    for html in printed:
        assert "<h1>QUYẾT ĐỊNH</h1>" in html and ">Đảng Cộng sản Việt Nam<" in html
        assert "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;" in html and "Nơi nhận:" in html
        assert "(ký tên, đóng dấu)" in html and "Điều 1." in html
        assert "Pursuant" not in html and "Article" not in html and "Recipients" not in html
    day = candidate.decision_on
    assert f"ngày {day:%d} tháng {day:%m} năm {day:%Y}" in admission
    assert ">kết nạp đảng viên<" in admission and "Kết nạp quần chúng" in admission
    assert "tháng, kể từ ngày chi bộ tổ chức lễ kết nạp." in admission
    assert ">công nhận đảng viên chính thức<" in recognition
    assert "là đảng viên chính thức kể từ ngày" in recognition


def test_recognition_pdf_before_the_decision_is_404(client, tree, board):
    candidate = advance(make_candidate(tree), tree, "decided")
    client.force_login(board)
    assert (
        client.get(reverse("admissions:decision_pdf", args=[candidate.pk, "recognition"])).status_code == 404
    )


def test_deadline_board_lists_an_overdue_decision(client, tree, board, set_today):
    candidate = advance(make_candidate(tree), tree, "upper_resolved")
    set_today(date(2024, 9, 2))  # more than 60 working days after the chi bộ resolution of 15/4/2024
    client.force_login(board)
    body = client.get(reverse("admissions:deadlines")).content.decode()
    assert candidate.full_name in body and "table-danger" in body


def test_targets_set_from_above_and_progress(client, tree, board):
    advance(make_candidate(tree), tree, "decided")  # admitted on 20/5/2024
    client.force_login(board)
    response = client.post(
        reverse("admissions:target_set"),
        {"unit": "A", "year": "2026", "target": "4", "back": "?unit=R&year=2026"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?unit=R&year=2026")
    assert Target.objects.get(unit=tree.a, year=2026).target == 4
    body = client.get(reverse("admissions:targets") + "?unit=R&year=2026").content.decode()
    assert 'id="target-A"' in body and 'value="4"' in body


def test_target_set_by_the_unit_itself_is_refused_with_a_message(client, tree):
    client.force_login(user_with_role("bt-a", "secretary", tree.a))
    response = client.post(
        reverse("admissions:target_set"), {"unit": "A", "year": "2026", "target": "4"}, follow=True
    )
    assert not Target.objects.exists()
    assert response.status_code in (200, 403)


def test_target_back_link_cannot_redirect_elsewhere(client, tree, board):
    client.force_login(board)
    response = client.post(
        reverse("admissions:target_set"),
        {"unit": "A", "year": "2026", "target": "1", "back": "//evil.example/"},
    )
    assert response["Location"] == reverse("admissions:targets")


def test_targets_export_xlsx(client, tree, board):
    client.force_login(board)
    response = client.get(reverse("admissions:targets") + "?unit=R&format=xlsx")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"


def test_detail_page_queries_do_not_grow_with_the_dossier(client, tree, board, django_assert_max_num_queries):
    client.force_login(board)
    early = make_candidate(tree, full_name="Sớm")
    late = advance(make_candidate(tree), tree, "official")  # papers, introducers, votes, steps
    client.get(reverse("admissions:detail", args=[early.pk]))  # warm the session and the grants cache
    with django_assert_max_num_queries(25) as counted:
        client.get(reverse("admissions:detail", args=[early.pk]))
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(reverse("admissions:detail", args=[late.pk]))


def test_member_page_links_to_the_admission_dossier(client, tree, board):
    candidate = advance(make_candidate(tree), tree, "decided")
    client.force_login(board)
    body = client.get(reverse("members:detail", args=[candidate.member.pk])).content.decode()
    assert reverse("admissions:detail", args=[candidate.pk]) in body


def test_introducer_release_through_its_form(client, tree, board):
    candidate = advance(make_candidate(tree), tree, "trained")
    from chibo.admissions.tests.conftest import introduce

    introduce(candidate, tree, count=1)
    introducer = candidate.introducers.get()
    client.force_login(board)
    response = client.post(
        reverse("admissions:introducer_release", args=[introducer.pk]),
        {"released_on": "2024-03-05", "reason": "Chuyển công tác"},
    )
    assert response.status_code == 302
    introducer.refresh_from_db()
    assert introducer.released_on == date(2024, 3, 5)
