"""The pages: staff (publish, detail, assign, completion) and members (library, read, mark, download)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chibo.core.testing import user_with_role
from chibo.documents import services
from chibo.documents.models import Document, StudyAssignment, StudyRecord
from chibo.documents.tests.factories import EXE, PDF, publish, upload

pytestmark = pytest.mark.django_db


def test_a_secretary_publishes_with_a_file_and_sees_the_detail(client, tree):
    secretary = user_with_role("bithu", "secretary", tree.a)
    client.force_login(secretary)
    data = {
        "kind": "directive",
        "number": "35-CT/TW",
        "issued_on": "2024-06-14",
        "issuer": "Bộ Chính trị",
        "title": "Chỉ thị về đại hội đảng bộ các cấp",
        "summary": "Tóm tắt",
        "full_text": "",
        "file": upload("chi thi 35.pdf"),
    }
    response = client.post(reverse("documents:publish", args=["A"]), data)
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "documents:detail", args=[document.pk]
    )
    assert document.unit == tree.a and document.file_name == "chi_thi_35.pdf"
    page = client.get(reverse("documents:detail", args=[document.pk]))
    assert page.status_code == 200 and "35-CT/TW" in page.content.decode()


def test_publishing_an_executable_shows_the_refusal_and_writes_nothing(client, tree, board):
    client.force_login(board)
    data = {
        "kind": "plan",
        "issued_on": "2024-06-14",
        "issuer": "Đảng ủy",
        "title": "Kế hoạch",
        "file": upload("kh.pdf", EXE),
    }
    response = client.post(reverse("documents:publish", args=["A"]), data)
    assert response.status_code == 200 and not Document.objects.exists()
    assert "PDF" in response.content.decode()
    assert response.context["form"].non_field_errors()


def test_staff_list_query_count_is_pinned(client, tree, board, django_assert_num_queries):
    for i in range(30):
        publish(tree.a, title=f"Văn bản {i}")
    client.force_login(board)
    client.get(reverse("documents:list"))  # warm the session
    # session, user, grants, own member record, years, count, scope roots, the page of documents
    with django_assert_num_queries(8):
        response = client.get(reverse("documents:list"), {"q": "van ban"})
    assert response.status_code == 200 and len(response.context["page"]) == 30


def test_assign_and_follow_completion(client, tree, board, member_user):
    document = publish(tree.a)
    client.force_login(board)
    response = client.post(reverse("documents:assign", args=[document.pk]), {"unit": "a1", "due_on": ""})
    assignment = StudyAssignment.objects.get()
    assert response["Location"] == reverse("documents:assignment", args=[assignment.pk])
    services.study_mark(
        actor=member_user, assignment=assignment, member=member_user.member, note="<b>đã học</b>"
    )
    page = client.get(reverse("documents:assignment", args=[assignment.pk]))
    assert page.context["completion"].total.done == 1 and page.context["completion"].total.members == 5
    body = page.content.decode()
    assert "&lt;b&gt;đã học&lt;/b&gt;" in body and "<b>đã học</b>" not in body  # the note is escaped
    missing = client.get(reverse("documents:assignment", args=[assignment.pk]), {"only": "missing"})
    assert len(missing.context["page"]) == 4


def test_assignment_page_query_count_is_pinned(client, tree, board, django_assert_num_queries):
    assignment = services.study_assign(actor=None, document=publish(tree.a), unit=tree.a)
    client.force_login(board)
    client.get(reverse("documents:assignment", args=[assignment.pk]))
    # session, user, grants, own member, assignment, member count, the roll-up's three, the members
    with django_assert_num_queries(10):
        response = client.get(reverse("documents:assignment", args=[assignment.pk]))
    assert len(response.context["page"]) == 5


def test_withdraw_from_the_detail_page(client, tree, board):
    document = publish(tree.a)
    client.force_login(board)
    refused = client.post(reverse("documents:withdraw", args=[document.pk]), {"reason": ""})
    assert refused.status_code == 400
    client.post(reverse("documents:withdraw", args=[document.pk]), {"reason": "Thay thế"})
    document.refresh_from_db()
    assert document.withdrawn_on is not None


# --- members -----------------------------------------------------------------------------------


def test_member_library_lists_only_their_documents_and_searches_without_diacritics(client, tree, member_user):
    publish(tree.a, title="Quy định về đảng viên")
    publish(tree.b, title="Văn bản của B")
    client.force_login(member_user)
    response = client.get(reverse("documents:library"))
    assert [d.title for d in response.context["page"]] == ["Quy định về đảng viên"]
    found = client.get(reverse("documents:library"), {"q": "dang vien"})
    assert len(found.context["page"]) == 1
    assert len(client.get(reverse("documents:library"), {"q": "cua b"}).context["page"]) == 0


def test_member_library_query_count_is_pinned(client, tree, member_user, django_assert_num_queries):
    for i in range(25):
        publish(tree.a, title=f"Văn bản {i}")
    client.force_login(member_user)
    client.get(reverse("documents:library"))
    # 8: the header counts the member's unread notifications (chibo.handbook)
    with django_assert_num_queries(8):
        response = client.get(reverse("documents:library"), {"kind": "resolution", "year": "2021"})
    assert len(response.context["page"]) == 20


def test_a_member_gets_404_for_a_document_outside_their_scope(client, tree, member_user):
    outside = publish(tree.b, file=upload())
    client.force_login(member_user)
    for name in ("documents:read", "documents:download"):
        assert client.get(reverse(name, args=[outside.pk])).status_code == 404
    assert client.post(reverse("documents:bookmark", args=[outside.pk])).status_code == 404
    assignment = services.study_assign(actor=None, document=outside, unit=tree.b)
    assert client.post(reverse("documents:mark", args=[assignment.pk])).status_code == 404
    assert not StudyRecord.objects.exists()


def test_a_member_may_not_open_staff_pages(client, tree, member_user):
    document = publish(tree.a)
    client.force_login(member_user)
    assert client.get(reverse("documents:list")).status_code == 403
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 403


def test_a_member_reads_marks_studied_and_bookmarks(client, tree, member_user):
    document = publish(tree.a, file=upload())
    assignment = services.study_assign(actor=None, document=document, unit=tree.a1)
    client.force_login(member_user)
    page = client.get(reverse("documents:read", args=[document.pk]))
    assert page.status_code == 200 and "mark-studied" in page.content.decode()
    assert "Điều 2. Tổ chức thực hiện." in page.content.decode()
    response = client.post(reverse("documents:mark", args=[assignment.pk]), {"note": "Đã đọc"})
    assert response["Location"] == reverse("documents:read", args=[document.pk])
    record = StudyRecord.objects.get()
    assert record.member == member_user.member and record.note == "Đã đọc"
    again = client.get(reverse("documents:read", args=[document.pk]))
    assert 'id="studied"' in again.content.decode() and "mark-studied" not in again.content.decode()
    client.post(reverse("documents:bookmark", args=[document.pk]))
    saved = client.get(reverse("documents:bookmarks"))
    assert [d.pk for d in saved.context["page"]] == [document.pk]
    study = client.get(reverse("documents:my_study"))
    assert [a.pk for a in study.context["assignments"]] == [assignment.pk]


def test_a_too_long_note_is_refused_on_the_page(client, tree, member_user):
    assignment = services.study_assign(actor=None, document=publish(tree.a), unit=tree.a1)
    client.force_login(member_user)
    client.post(reverse("documents:mark", args=[assignment.pk]), {"note": "x" * 501})
    assert not StudyRecord.objects.exists()


def test_download_is_an_attachment_with_nosniff(client, tree, member_user):
    document = publish(tree.a, file=upload("Nghị quyết.pdf"))
    client.force_login(member_user)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Ngh%E1%BB%8B_quy%E1%BA%BFt.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    without_file = publish(tree.a)
    assert client.get(reverse("documents:download", args=[without_file.pk])).status_code == 404


def test_a_user_without_member_record_or_role_is_refused(client, tree):
    client.force_login(user_with_role("lonely"))
    assert client.get(reverse("documents:library")).status_code == 403


def test_editing_without_a_new_file_keeps_the_file(client, tree, board):
    document = publish(tree.a, file=upload("goc.pdf"))
    client.force_login(board)
    form = client.get(reverse("documents:edit", args=[document.pk]))
    assert form.context["form"].initial["title"] == document.title
    data = {**form.context["form"].initial, "title": "Tên đã sửa", "issued_on": "2021-10-30"}
    response = client.post(reverse("documents:edit", args=[document.pk]), data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Tên đã sửa" and document.file_name == "goc.pdf"


def test_a_viewer_of_the_whole_tree_who_manages_one_unit_may_publish_there(client, tree):
    from chibo.accounts.services import role_grant

    user = user_with_role("xem-bithu", "viewer", tree.root)
    role_grant(actor=None, user=user, unit=tree.a1, role="secretary")
    client.force_login(user)

    documents = client.get(reverse("documents:list")).context["publish_roots"]
    notices = client.get(reverse("handbook:list")).context["publish_roots"]

    assert [u.code for u in documents] == [u.code for u in notices] == ["A1"]
