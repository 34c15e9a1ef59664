"""Messages for the refusal codes raised by chibo.documents (merged into chibo.core.messages)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    "documents.file_empty": _("The file is empty."),
    "documents.file_too_large": _("The file is larger than the limit of %(limit_mb)s MB."),
    "documents.file_type": _("This kind of file is not accepted: only %(allowed)s files may be published."),
    "documents.file_content": _(
        "The file's content is not a %(extension)s file (renamed, with macros, or damaged): only "
        "genuine %(allowed)s files may be published."
    ),
    "documents.unknown_kind": _("Unknown kind of document: %(kind)s."),
    "documents.title_required": _("The document's title is required."),
    "documents.issuer_required": _("The document's issuing body is required."),
    "documents.issued_in_future": _("The issue date (%(day)s) cannot be after today."),
    "documents.unknown_field": _("Unknown document field(s): %(fields)s."),
    "documents.unit_dissolved": _("%(unit)s has been dissolved: nothing can be published or assigned to it."),
    "documents.withdrawn": _("This document has been withdrawn."),
    "documents.reason_required": _("Give the reason for withdrawing the document."),
    "documents.assign_outside": _(
        "%(unit)s is outside the document's scope (published to %(scope)s): assign it to a unit below "
        "the one it was published to."
    ),
    "documents.due_in_past": _("The date to study by (%(day)s) is already past."),
    "documents.already_assigned": _("This document is already assigned for study to %(unit)s."),
    "documents.not_own_record": _("Only members themselves mark a document studied, from their own account."),
    "documents.member_inactive": _("%(name)s is no longer a party member."),
    "documents.study_outside_scope": _(
        "This study assignment is for the members of %(unit)s; your chi bộ is not among them."
    ),
    "documents.note_too_long": _("The note is longer than %(limit)s characters."),
    "documents.already_studied": _("You have already marked this document studied."),
}
