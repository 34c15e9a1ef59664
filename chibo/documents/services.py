"""Writes of the documents library and of study tracking: each in one transaction with its audit entry.

Refusals raise ``RuleViolation`` before anything is written (codes in ``chibo.documents.messages``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from chibo.accounts.roles import Action
from chibo.core import audit, regulations
from chibo.core.publishing import check_editable, lock, lock_published
from chibo.core.scoping import NotPermitted, require, subtree_q
from chibo.documents import selectors, uploads
from chibo.documents.models import (
    NOTE_MAX_LENGTH,
    Bookmark,
    Document,
    DocumentKind,
    StudyAssignment,
    StudyRecord,
)
from chibo.members.models import ACTIVE_Q, Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules.errors import RuleViolation
from chibo.rules.text import fold, normalize

EDITABLE = ("kind", "number", "issued_on", "issuer", "title", "summary", "full_text", "file")
AUDITED = ["kind", "number", "issued_on", "issuer", "title", "file_name", "file_size", "withdrawn_on"]


def max_upload_bytes() -> int:
    """The size limit of a document file: ``CHIBO_DOCUMENT_MAX_BYTES`` (default 20 MB)."""
    return int(getattr(settings, "CHIBO_DOCUMENT_MAX_BYTES", uploads.DEFAULT_MAX_BYTES))


def _text(value: Any) -> str:
    """Multi-line text: control characters dropped, line breaks kept, trimmed."""
    lines = str(value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(normalize(line) for line in lines).strip()


def _apply(document: Document, data: dict[str, Any]) -> None:
    """Check and set the fields of ``data`` on ``document`` (nothing saved)."""
    if "kind" in data and data["kind"] not in DocumentKind.values:
        raise RuleViolation("documents.unknown_kind", kind=data["kind"])
    for name in ("number", "issuer", "title"):
        if name in data:
            setattr(document, name, normalize(str(data[name] or "")))
    for name in ("summary", "full_text"):
        if name in data:
            setattr(document, name, _text(data[name]))
    if "kind" in data:
        document.kind = data["kind"]
    if "issued_on" in data:
        document.issued_on = data["issued_on"]
    if not document.title:
        raise RuleViolation("documents.title_required")
    if not document.issuer:
        raise RuleViolation("documents.issuer_required")
    if not isinstance(document.issued_on, date) or document.issued_on > regulations.today():
        raise RuleViolation("documents.issued_in_future", day=document.issued_on)
    upload = data.get("file")
    if upload:
        name, content_type = uploads.check_upload(upload.name, upload.size, upload, max_upload_bytes())
        document.file = upload
        document.file_name, document.file_type, document.file_size = name, content_type, upload.size
    document.search_key = fold(
        " ".join([document.number, document.title, document.issuer, document.summary, document.full_text])
    )


@transaction.atomic
def document_publish(
    *,
    actor: Any,
    unit: Unit,
    kind: str,
    title: str,
    issuer: str,
    issued_on: date,
    number: str = "",
    summary: str = "",
    full_text: str = "",
    file: Any = None,
) -> Document:
    """Publish a document to ``unit``'s subtree (MANAGE on the unit). A file must be PDF, DOCX, XLSX
    or an image by its extension and its content, and within the size limit."""
    require(actor, Action.MANAGE, unit)
    if unit.dissolved_on is not None:
        raise RuleViolation("documents.unit_dissolved", unit=unit.name)
    document = Document(
        unit=unit,
        published_on=regulations.today(),
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _apply(
        document,
        {
            "kind": kind,
            "title": title,
            "issuer": issuer,
            "issued_on": issued_on,
            "number": number,
            "summary": summary,
            "full_text": full_text,
            "file": file,
        },
    )
    document.save()
    audit.record(
        actor=actor,
        action="document.publish",
        target=document,
        unit=unit,
        after=audit.snapshot(document, AUDITED),
    )
    return document


@transaction.atomic
def document_update(*, actor: Any, document: Document, **changes: Any) -> Document:
    """Correct a published document's fields or replace its file (MANAGE on its unit)."""
    check_editable(changes, EDITABLE, refusal="documents.unknown_field")
    document = lock_published(document, actor=actor, withdrawn_refusal="documents.withdrawn")
    before = audit.snapshot(document, AUDITED)
    _apply(document, {k: v for k, v in changes.items() if k != "file" or v})
    document.save()
    audit.record(
        actor=actor,
        action="document.update",
        target=document,
        unit=document.unit,
        before=before,
        after=audit.snapshot(document, AUDITED),
    )
    return document


@transaction.atomic
def document_withdraw(*, actor: Any, document: Document, reason: str) -> Document:
    """Withdraw a document (replaced, or published by mistake): it leaves the library and the
    study lists; its records stay for the history (MANAGE on its unit)."""
    document = lock_published(document, actor=actor, withdrawn_refusal="documents.withdrawn")
    reason = normalize(reason or "")
    if not reason:
        raise RuleViolation("documents.reason_required")
    document.withdrawn_on = regulations.today()
    document.save(update_fields=["withdrawn_on"])
    audit.record(
        actor=actor,
        action="document.withdraw",
        target=document,
        unit=document.unit,
        after={"withdrawn_on": document.withdrawn_on.isoformat()},
        note=reason[:255],
    )
    return document


@transaction.atomic
def bookmark_toggle(*, actor: Any, document: Document) -> bool:
    """Bookmark a document the actor may read, or remove the bookmark; True when now bookmarked."""
    if not selectors.document_list(user=actor).filter(pk=document.pk).exists():
        raise NotPermitted(Action.VIEW, document.unit)
    deleted, _ = Bookmark.objects.filter(user=actor, document=document).delete()
    if not deleted:
        Bookmark.objects.create(user=actor, document=document)
    audit.record(
        actor=actor,
        action="document.bookmark",
        target=document,
        unit=document.unit,
        after={"bookmarked": not deleted},
    )
    return not deleted


@transaction.atomic
def study_assign(
    *, actor: Any, document: Document, unit: Unit, due_on: date | None = None
) -> StudyAssignment:
    """Ask the members of ``unit``'s subtree to study a document published to them (MANAGE on the
    unit; the unit must lie within the document's scope)."""
    document = lock(document)
    require(actor, Action.MANAGE, unit)
    if document.withdrawn_on is not None:
        raise RuleViolation("documents.withdrawn")
    if not unit.path.startswith(document.unit.path):
        raise RuleViolation("documents.assign_outside", unit=unit.name, scope=document.unit.name)
    if unit.dissolved_on is not None:
        raise RuleViolation("documents.unit_dissolved", unit=unit.name)
    today = regulations.today()
    if due_on is not None and due_on < today:
        raise RuleViolation("documents.due_in_past", day=due_on)
    if StudyAssignment.objects.filter(document=document, unit=unit).exists():
        raise RuleViolation("documents.already_assigned", unit=unit.name)
    assignment = StudyAssignment.objects.create(
        document=document,
        unit=unit,
        due_on=due_on,
        assigned_on=today,
        assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    notified = _notify_assigned(actor, assignment)
    audit.record(
        actor=actor,
        action="document.study_assign",
        target=assignment,
        unit=unit,
        after={
            "document": document.pk,
            "unit": unit.code,
            "due_on": due_on.isoformat() if due_on else None,
            "notified": notified,
        },
    )
    return assignment


def _notify_assigned(actor: Any, assignment: StudyAssignment) -> int:
    """Every active member of the assignment's subtree with an account gets a line in their inbox
    (in the site's language, the members' default), leading to the document and its "studied" button.
    The inbox writes its own batch audit entry (``handbook.notify``)."""
    # imported here: the handbook services import this module (upload checks)
    from chibo.handbook.models import NotificationKind
    from chibo.handbook.services import notify_members

    document = assignment.document
    with translation.override(settings.LANGUAGE_CODE):
        if assignment.due_on:
            title = gettext("To study by %(due)s: %(document)s") % {
                "due": f"{assignment.due_on:%d/%m/%Y}",
                "document": document,
            }
        else:
            title = gettext("To study: %(document)s") % {"document": document}
    members = Member.objects.filter(ACTIVE_Q, subtree_q(assignment.unit.path, "unit_path")).values("pk")
    return notify_members(
        actor=actor,
        member_ids=members,
        kind=NotificationKind.STUDY,
        title=title,
        link=reverse("documents:read", args=[document.pk]),
    )


@transaction.atomic
def study_mark(*, actor: Any, assignment: StudyAssignment, member: Member, note: str = "") -> StudyRecord:
    """The member marks the assignment's document studied, once, with an optional short note. Only
    the member's own linked account may (system jobs act without a user)."""
    assignment = StudyAssignment.objects.select_related("document", "unit").get(pk=assignment.pk)
    member = Member.objects.select_related("unit").get(pk=member.pk)
    if actor is not None and member.user_id != actor.pk:
        raise RuleViolation("documents.not_own_record")
    if member.status not in (MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY):
        raise RuleViolation("documents.member_inactive", name=member.full_name)
    if not member.unit_path.startswith(assignment.unit.path):
        raise RuleViolation("documents.study_outside_scope", unit=assignment.unit.name)
    if assignment.document.withdrawn_on is not None:
        raise RuleViolation("documents.withdrawn")
    note = normalize(note or "")
    if len(note) > NOTE_MAX_LENGTH:
        raise RuleViolation("documents.note_too_long", limit=NOTE_MAX_LENGTH)
    if StudyRecord.objects.filter(assignment=assignment, member=member).exists():
        raise RuleViolation("documents.already_studied")
    try:
        with transaction.atomic():
            record = StudyRecord.objects.create(
                assignment=assignment, member=member, studied_on=regulations.today(), note=note
            )
    except IntegrityError as exc:  # the same mark sent twice at once
        raise RuleViolation("documents.already_studied") from exc
    audit.record(
        actor=actor,
        action="document.study_mark",
        target=record,
        unit=member.unit,
        after={"assignment": assignment.pk, "member": member.pk, "note": bool(note)},
    )
    return record
