"""Reads of the documents library and of study: already scoped to the reader.

A document is visible to a user when it is published (not withdrawn) to a unit whose subtree
contains the user's own cell (their linked member record, ``Member.user``), or when a staff user's
scope meets it: a document published inside their scope, or to a unit above it (addressed to their
units too). Everything else is 404, as elsewhere (ARCHITECTURE.md, "Scope, once").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from chibo.accounts.roles import Action
from chibo.core.scoping import has_staff_role, paths_for, subtree_q
from chibo.documents.models import Bookmark, Document, StudyAssignment, StudyRecord
from chibo.members.models import ACTIVE_Q, Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules.text import fold

STEP = Unit.steplen
ACTIVE_STATUSES = [MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL]


def ancestor_paths(path: str) -> list[str]:
    """The paths of the unit at ``path`` and of every unit above it."""
    return [path[:end] for end in range(STEP, len(path) + 1, STEP)]


def own_member(user: Any) -> Member | None:
    """The member record linked to the user's account (loaded once per request object)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_chibo_member"):
        user._chibo_member = Member.objects.filter(user=user).filter(ACTIVE_Q).select_related("unit").first()
    return user._chibo_member


def may_use_library(user: Any) -> bool:
    """Signed in, and either a member with a linked record or a staff user."""
    return own_member(user) is not None or has_staff_role(user)


def visibility_q(user: Any, field: str = "unit__path") -> Q:
    """The documents (or assignments: ``field`` is the path of their unit) the user may read."""
    staff = paths_for(user, Action.VIEW)
    if staff == [""]:
        return Q()
    q = Q(pk__in=[])
    above: set[str] = set()
    for root in staff:
        q |= subtree_q(root, field)
        above.update(ancestor_paths(root))
    member = own_member(user)
    if member is not None:
        above.update(ancestor_paths(member.unit_path))
    if above:
        q |= Q(**{f"{field}__in": sorted(above)})
    return q


def search_q(text: str) -> Q:
    """Every word of the query, folded (no diacritics, đ → d), in the document's search key."""
    q = Q()
    for word in fold(text).split():
        q &= Q(search_key__contains=word)
    return q


def document_list(
    *, user: Any, text: str = "", kind: str = "", year: int | None = None, withdrawn: bool = False
) -> QuerySet[Document]:
    """The documents the user may read, newest first; ``withdrawn`` adds the withdrawn ones."""
    documents = Document.objects.select_related("unit").filter(visibility_q(user))
    if not withdrawn:
        documents = documents.filter(withdrawn_on__isnull=True)
    if text.strip():
        documents = documents.filter(search_q(text))
    if kind:
        documents = documents.filter(kind=kind)
    if year:
        documents = documents.filter(issued_on__year=year)
    return documents.order_by("-issued_on", "-id")


def document_for(user: Any, pk: Any, *, withdrawn: bool = False) -> Document:
    """One document the user may read, or 404 (unknown and out of scope look the same)."""
    document = document_list(user=user, withdrawn=withdrawn).filter(pk=pk).first()
    if document is None:
        raise Http404(_("Not found."))
    return document


def document_years(*, user: Any) -> list[int]:
    """The years of the documents the user may read, newest first (the year filter's choices)."""
    dates = document_list(user=user).dates("issued_on", "year", order="DESC")
    return [d.year for d in dates]


def is_bookmarked(user: Any, document: Document) -> bool:
    return Bookmark.objects.filter(user=user, document=document).exists()


def bookmarked_documents(*, user: Any) -> QuerySet[Document]:
    """The user's bookmarks that are still visible to them, latest bookmark first."""
    return (
        document_list(user=user)
        .filter(bookmarks__user=user)
        .annotate(
            bookmarked_at=Subquery(
                Bookmark.objects.filter(user=user, document=OuterRef("pk")).values("created_at")[:1]
            )
        )
        .order_by("-bookmarked_at", "-id")
    )


def _record_q(member: Member) -> QuerySet[StudyRecord]:
    return StudyRecord.objects.filter(assignment=OuterRef("pk"), member=member)


def member_assignments(member: Member) -> QuerySet[StudyAssignment]:
    """The assignments that cover the member's cell, with the member's own mark (or none)."""
    return (
        StudyAssignment.objects.select_related("document", "unit")
        .filter(unit__path__in=ancestor_paths(member.unit_path), document__withdrawn_on__isnull=True)
        .annotate(
            studied_on=Subquery(_record_q(member).values("studied_on")[:1]),
            my_note=Subquery(_record_q(member).values("note")[:1]),
        )
        .order_by("studied_on", "due_on", "-id")
    )


def assignment_list(*, user: Any, document: Document | None = None) -> QuerySet[StudyAssignment]:
    """Assignments on units the user sees (staff scope, or above their own cell)."""
    assignments = StudyAssignment.objects.select_related("document", "unit").filter(
        visibility_q(user), document__withdrawn_on__isnull=True
    )
    if document is not None:
        assignments = assignments.filter(document=document)
    return assignments.order_by("-assigned_on", "-id")


def assignment_for(user: Any, pk: Any) -> StudyAssignment:
    assignment = assignment_list(user=user).filter(pk=pk).first()
    if assignment is None:
        raise Http404(_("Not found."))
    return assignment


def staff_root(user: Any, assignment: StudyAssignment) -> Unit | None:
    """The part of the assignment's subtree a staff user may follow: the assignment's unit when it
    lies in their scope, else the top unit of their scope inside it; None when neither."""
    paths = paths_for(user, Action.VIEW)
    if any(assignment.unit.path.startswith(root) for root in paths):
        return assignment.unit
    inside = sorted(p for p in paths if p.startswith(assignment.unit.path))
    return Unit.objects.filter(path=inside[0]).first() if inside else None


def assignment_members(assignment: StudyAssignment, within: Unit | None = None) -> QuerySet[Member]:
    """The members asked to study: the active members of the assignment's subtree (or of
    ``within``, a unit inside it), in roster order, each with their mark (studied_on, note) or None."""
    records = StudyRecord.objects.filter(assignment=assignment, member=OuterRef("pk"))
    return (
        Member.objects.filter(ACTIVE_Q, subtree_q((within or assignment.unit).path, "unit_path"))
        .select_related("unit")
        .annotate(
            studied_on=Subquery(records.values("studied_on")[:1]),
            study_note=Subquery(records.values("note")[:1]),
        )
        .order_by("unit_path", "name_sort", "id")
    )


@dataclass
class RollupRow:
    unit: Unit
    members: int = 0
    done: int = 0
    cells: int = 0  # units holding members
    cells_done: int = 0  # of which every member studied

    @property
    def percent(self) -> float:
        return round(100 * self.done / self.members, 1) if self.members else 0.0

    @property
    def cells_percent(self) -> float:
        return round(100 * self.cells_done / self.cells, 1) if self.cells else 0.0


@dataclass
class Completion:
    total: RollupRow
    rows: list[RollupRow] = field(default_factory=list)


def completion(assignment: StudyAssignment, within: Unit | None = None) -> Completion:
    """How far the assignment's subtree has studied: members done / asked and cells (units holding
    members) where all are done, for the whole subtree and for each sub-unit right below the
    assignment's unit (the unit's own members in its own row); ``within`` narrows it to a unit
    inside the assignment's subtree. Three queries whatever the size: members and marks are
    counted per unit path, and only the unit and its children are read."""
    unit = within or assignment.unit
    asked = dict(
        Member.objects.filter(ACTIVE_Q, subtree_q(unit.path, "unit_path"))
        .values_list("unit_path")
        .annotate(n=Count("id"))
        .order_by()
    )
    done = dict(
        StudyRecord.objects.filter(assignment=assignment, member__status__in=ACTIVE_STATUSES)
        .filter(subtree_q(unit.path, "member__unit_path"))
        .values_list("member__unit_path")
        .annotate(n=Count("id"))
        .order_by()
    )
    children = Unit.objects.filter(subtree_q(unit.path), depth=unit.depth + 1).order_by("path")
    rows: dict[str, RollupRow] = {
        child.path: RollupRow(child) for child in children if child.dissolved_on is None
    }
    by_path = {child.path: child for child in children}
    by_path[unit.path] = unit
    total = RollupRow(unit)
    for path, n in asked.items():
        d = done.get(path, 0)
        key = path[: len(unit.path) + STEP]
        if key not in rows:
            rows[key] = RollupRow(by_path.get(key, unit))
        for target in (total, rows[key]):
            target.members += n
            target.done += d
            target.cells += 1
            target.cells_done += int(d >= n)
    ordered = sorted(rows.values(), key=lambda r: (r.unit.path != unit.path, r.unit.path))
    return Completion(total=total, rows=ordered)
