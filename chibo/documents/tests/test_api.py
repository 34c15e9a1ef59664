"""The documents API: the library for members and staff, bookmarks, study and its roll-ups."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from chibo.core.testing import user_with_role
from chibo.documents import services
from chibo.documents.models import StudyAssignment, StudyRecord
from chibo.documents.tests.factories import PDF, publish, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_member_lists_and_searches_their_documents(api, tree, member_user, django_assert_num_queries):
    publish(tree.a, title="Quy định thi hành Điều lệ Đảng", kind="regulation")
    publish(tree.b, title="Quy định của B", kind="regulation")
    for i in range(5):
        publish(tree.a1, title=f"Thông báo {i}", kind="notice")
    api.force_authenticate(member_user)
    api.get(reverse("document-list"))
    with django_assert_num_queries(2):  # count, page (the member record stays on the forced user)
        response = api.get(reverse("document-list"), {"q": "dieu le", "kind": "regulation"})
    assert [d["title"] for d in response.json()["results"]] == ["Quy định thi hành Điều lệ Đảng"]
    assert api.get(reverse("document-list"), {"kind": "poem"}).status_code == 400
    assert api.get(reverse("document-list"), {"year": "abc"}).status_code == 400


def test_member_reads_downloads_and_bookmarks(api, tree, member_user):
    document = publish(tree.a, file=upload())
    outside = publish(tree.b, file=upload())
    api.force_authenticate(member_user)
    detail = api.get(reverse("document-detail", args=[document.pk])).json()
    assert detail["full_text"].startswith("Điều 1") and detail["bookmarked"] is False
    assert detail["download_url"] == reverse("document-file", args=[document.pk])
    file = api.get(reverse("document-file", args=[document.pk]))
    assert (
        file["Content-Disposition"].startswith("attachment;") and file["X-Content-Type-Options"] == "nosniff"
    )
    assert b"".join(file.streaming_content) == PDF
    assert api.post(reverse("document-bookmark", args=[document.pk])).json() == {"bookmarked": True}
    assert [d["id"] for d in api.get(reverse("document-bookmarks")).json()["results"]] == [document.pk]
    for name in ("document-detail", "document-file"):
        assert api.get(reverse(name, args=[outside.pk])).status_code == 404
    assert api.post(reverse("document-bookmark", args=[outside.pk])).status_code == 404


def test_member_marks_studied_once_and_sees_it_in_their_list(api, tree, member_user):
    assignment = services.study_assign(actor=None, document=publish(tree.a), unit=tree.a1)
    api.force_authenticate(member_user)
    response = api.post(
        reverse("study-assignment-mark", args=[assignment.pk]), {"note": "Đã học"}, format="json"
    )
    assert response.status_code == 201 and response.json()["note"] == "Đã học"
    again = api.post(reverse("study-assignment-mark", args=[assignment.pk]), {}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "documents.already_studied"
    rows = api.get(reverse("study-assignment-list")).json()["results"]
    assert [(r["id"], r["studied_on"] is not None) for r in rows] == [(assignment.pk, True)]
    # completion figures are for staff
    assert api.get(reverse("study-assignment-completion", args=[assignment.pk])).status_code == 403


def test_member_cannot_mark_outside_their_scope(api, tree, member_user):
    outside = services.study_assign(actor=None, document=publish(tree.b), unit=tree.b)
    api.force_authenticate(member_user)
    assert api.post(reverse("study-assignment-mark", args=[outside.pk]), {}, format="json").status_code == 404
    assert not StudyRecord.objects.exists()


def test_staff_assign_and_read_completion(api, tree, member_user):
    document = publish(tree.a)
    secretary = user_with_role("bithu", "secretary", tree.a)
    api.force_authenticate(secretary)
    created = api.post(
        reverse("study-assignment-list"), {"document": document.pk, "unit": "a1"}, format="json"
    )
    assert created.status_code == 201
    assignment = StudyAssignment.objects.get()
    services.study_mark(actor=member_user, assignment=assignment, member=member_user.member)
    completion = api.get(reverse("study-assignment-completion", args=[assignment.pk])).json()
    assert completion["total"]["members"] == 5 and completion["total"]["done"] == 1
    assert completion["total"]["percent"] == 20.0 and completion["total"]["cells_done"] == 0
    members = api.get(reverse("study-assignment-members", args=[assignment.pk]), {"only": "done"}).json()
    assert [m["id"] for m in members["results"]] == [member_user.member.pk]
    assert (
        api.get(reverse("study-assignment-members", args=[assignment.pk]), {"only": "x"}).status_code == 400
    )


def test_assigning_needs_manage_on_the_unit(api, tree):
    document = publish(tree.root)
    viewer = user_with_role("xem", "viewer", tree.a)
    secretary_b = user_with_role("bithub", "secretary", tree.b)
    api.force_authenticate(viewer)
    assert (
        api.post(
            reverse("study-assignment-list"), {"document": document.pk, "unit": "A"}, format="json"
        ).status_code
        == 403
    )
    api.force_authenticate(secretary_b)
    assert (
        api.post(
            reverse("study-assignment-list"), {"document": document.pk, "unit": "A"}, format="json"
        ).status_code
        == 404
    )
    refused = api.post(
        reverse("study-assignment-list"), {"document": publish(tree.a).pk, "unit": "B"}, format="json"
    )
    assert refused.status_code == 404  # the document of A is not B's to see
    assert not StudyAssignment.objects.exists()


def test_a_member_may_not_assign(api, tree, member_user):
    api.force_authenticate(member_user)
    response = api.post(
        reverse("study-assignment-list"), {"document": publish(tree.a).pk, "unit": "A1"}, format="json"
    )
    assert response.status_code == 403 and not StudyAssignment.objects.exists()
