"""The documents services: audit entries, and refusals that write nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings

from chibo.core.models import AuditEntry
from chibo.core.regulations import today
from chibo.core.scoping import NotPermitted
from chibo.core.testing import user_with_role
from chibo.documents import services
from chibo.documents.models import Bookmark, Document, StudyAssignment, StudyRecord
from chibo.documents.tests.conftest import linked_user
from chibo.documents.tests.factories import EXE, PDF, publish, upload
from chibo.members.models import Member
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (AuditEntry, Document, Bookmark, StudyAssignment, StudyRecord))


def _refused(code: str, call) -> None:  # type: ignore[no-untyped-def]
    before = _counts()
    with pytest.raises(RuleViolation) as raised:
        call()
    assert raised.value.code == code
    assert _counts() == before


def test_publish_stores_the_file_under_a_random_name_and_folds_the_search_key(tree, board):
    document = publish(tree.a, actor=board, file=upload("../Nghị quyết <04>.pdf"))
    assert document.file_name == "Nghị_quyết_04.pdf"
    assert document.file.name.startswith("documents/") and "Nghị" not in document.file.name
    assert document.file_type == "application/pdf" and document.file_size == len(PDF)
    assert "04-nq/tw" in document.search_key and "xay dung, chinh don dang" in document.search_key
    assert document.published_on == today() and document.published_by == board
    entry = AuditEntry.objects.get(action="document.publish")
    assert entry.actor == board and entry.unit == tree.a and entry.after["file_name"] == "Nghị_quyết_04.pdf"


def test_oversized_file_is_refused(tree, board):
    with override_settings(CHIBO_DOCUMENT_MAX_BYTES=len(PDF) - 1):
        _refused("documents.file_too_large", lambda: publish(tree.a, actor=board, file=upload()))


def test_executable_renamed_pdf_and_html_are_refused(tree, board):
    _refused("documents.file_content", lambda: publish(tree.a, actor=board, file=upload("nq.pdf", EXE)))
    html = upload("nq.html", b"<html><body>x</body></html>", "text/html")
    _refused("documents.file_type", lambda: publish(tree.a, actor=board, file=html))


def test_publish_needs_manage_on_the_unit(tree):
    viewer = user_with_role("xem", "viewer", tree.a)
    secretary_b = user_with_role("bithub", "secretary", tree.b)
    for actor in (viewer, secretary_b):
        before = _counts()
        with pytest.raises(NotPermitted):
            publish(tree.a, actor=actor)
        assert _counts() == before


def test_publish_refuses_missing_title_and_a_future_date(tree, board):
    _refused("documents.title_required", lambda: publish(tree.a, actor=board, title="   "))
    _refused("documents.issuer_required", lambda: publish(tree.a, actor=board, issuer=""))
    later = today() + timedelta(days=1)
    _refused("documents.issued_in_future", lambda: publish(tree.a, actor=board, issued_on=later))
    _refused("documents.unknown_kind", lambda: publish(tree.a, actor=board, kind="poem"))


def test_update_changes_fields_and_records_before_and_after(tree, board):
    document = publish(tree.a)
    services.document_update(actor=board, document=document, title="Nghị quyết mới", file=upload("b.pdf"))
    document.refresh_from_db()
    assert document.title == "Nghị quyết mới" and "nghi quyet moi" in document.search_key
    entry = AuditEntry.objects.get(action="document.update")
    assert entry.before["title"].startswith("Nghị quyết về") and entry.after["file_name"] == "b.pdf"
    _refused(
        "documents.unknown_field", lambda: services.document_update(actor=board, document=document, unit=1)
    )


def test_withdraw_needs_a_reason_and_happens_once(tree, board):
    document = publish(tree.a)
    _refused(
        "documents.reason_required",
        lambda: services.document_withdraw(actor=board, document=document, reason=" "),
    )
    services.document_withdraw(actor=board, document=document, reason="Thay thế")
    document.refresh_from_db()
    assert document.withdrawn_on == today()
    _refused(
        "documents.withdrawn", lambda: services.document_withdraw(actor=board, document=document, reason="x")
    )
    _refused(
        "documents.withdrawn", lambda: services.document_update(actor=board, document=document, title="x")
    )
    _refused(
        "documents.withdrawn", lambda: services.study_assign(actor=board, document=document, unit=tree.a)
    )


def test_bookmark_toggles_and_needs_the_document_in_reach(tree, member_user, other_member_user):
    document = publish(tree.a)
    assert services.bookmark_toggle(actor=member_user, document=document) is True
    assert Bookmark.objects.filter(user=member_user, document=document).exists()
    assert services.bookmark_toggle(actor=member_user, document=document) is False
    assert not Bookmark.objects.exists()
    assert AuditEntry.objects.filter(action="document.bookmark", actor=member_user).count() == 2
    before = _counts()
    with pytest.raises(NotPermitted):
        services.bookmark_toggle(actor=other_member_user, document=document)  # B1 is outside A
    assert _counts() == before


def test_assign_within_the_documents_scope_only(tree, board):
    document = publish(tree.a)
    assignment = services.study_assign(actor=board, document=document, unit=tree.a1, due_on=today())
    assert assignment.assigned_on == today() and assignment.assigned_by == board
    assert AuditEntry.objects.get(action="document.study_assign").unit == tree.a1
    _refused(
        "documents.already_assigned",
        lambda: services.study_assign(actor=board, document=document, unit=tree.a1),
    )
    _refused(
        "documents.assign_outside",
        lambda: services.study_assign(actor=board, document=document, unit=tree.b1),
    )
    yesterday = today() - timedelta(days=1)
    _refused(
        "documents.due_in_past",
        lambda: services.study_assign(actor=board, document=document, unit=tree.a, due_on=yesterday),
    )
    secretary_a1 = user_with_role("bithu", "secretary", tree.a1)
    with pytest.raises(NotPermitted):
        services.study_assign(actor=secretary_a1, document=document, unit=tree.a)


def test_a_member_marks_their_own_record_once(tree, member_user):
    assignment = services.study_assign(actor=None, document=publish(tree.a), unit=tree.a)
    member = member_user.member
    record = services.study_mark(
        actor=member_user, assignment=assignment, member=member, note="  Đã đọc kỹ  "
    )
    assert record.note == "Đã đọc kỹ" and record.studied_on == today()
    entry = AuditEntry.objects.get(action="document.study_mark")
    assert entry.actor == member_user and entry.unit == tree.a1
    _refused(
        "documents.already_studied",
        lambda: services.study_mark(actor=member_user, assignment=assignment, member=member),
    )


def test_marking_another_members_record_is_refused(tree, member_user, board):
    assignment = services.study_assign(actor=None, document=publish(tree.a), unit=tree.a)
    someone_else = Member.objects.filter(unit=tree.a1).exclude(user=member_user).first()
    _refused(
        "documents.not_own_record",
        lambda: services.study_mark(actor=member_user, assignment=assignment, member=someone_else),
    )
    # not even the organisation board marks for a member
    _refused(
        "documents.not_own_record",
        lambda: services.study_mark(actor=board, assignment=assignment, member=member_user.member),
    )


def test_studying_an_assignment_outside_the_members_scope_is_refused(tree, other_member_user):
    document = publish(tree.root)
    assignment = services.study_assign(actor=None, document=document, unit=tree.a)
    _refused(
        "documents.study_outside_scope",
        lambda: services.study_mark(
            actor=other_member_user, assignment=assignment, member=other_member_user.member
        ),
    )


def test_a_long_note_is_refused(tree, member_user):
    assignment = services.study_assign(actor=None, document=publish(tree.a), unit=tree.a1)
    _refused(
        "documents.note_too_long",
        lambda: services.study_mark(
            actor=member_user, assignment=assignment, member=member_user.member, note="x" * 501
        ),
    )
    services.study_mark(actor=member_user, assignment=assignment, member=member_user.member, note="x" * 500)


def test_a_withdrawn_document_cannot_be_marked(tree, member_user):
    document = publish(tree.a)
    assignment = services.study_assign(actor=None, document=document, unit=tree.a1)
    services.document_withdraw(actor=None, document=document, reason="Hết hiệu lực")
    _refused(
        "documents.withdrawn",
        lambda: services.study_mark(actor=member_user, assignment=assignment, member=member_user.member),
    )


def test_linked_user_helper_links_distinct_members(tree):
    first = linked_user(tree.a1, "u1", 0)
    second = linked_user(tree.a1, "u2", 1)
    assert first.member.pk != second.member.pk
