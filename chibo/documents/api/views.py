"""The documents API: the library (list, search, read, download, bookmarks) and study (assignments,
the member's own mark, completion roll-ups and per member), with the same scope as the pages.

Members (accounts linked to a member record) and staff users may call it; a document or an
assignment the caller may not read is 404; completion figures are for staff only (403 otherwise).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from chibo.accounts.roles import Action
from chibo.core.api import validated_input, validated_query
from chibo.core.scoping import get_scoped_or_404, has_staff_role
from chibo.documents import selectors, services
from chibo.documents.api import serializers as s
from chibo.documents.views import download_response
from chibo.organizations.models import Unit


class LibraryUser(permissions.BasePermission):
    """Signed in, and a member linked to their record or a staff user."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and selectors.may_use_library(user))


class DocumentViewSet(viewsets.GenericViewSet):
    permission_classes = [LibraryUser]
    serializer_class = s.LibraryDocumentSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> Any:
        query = validated_query(s.DocumentQuery, self.request)
        return selectors.document_list(
            user=self.request.user,
            text=query.get("q", ""),
            kind=query.get("kind", ""),
            year=query.get("year"),
        )

    @extend_schema(parameters=[s.DocumentQuery])
    def list(self, request: Request) -> Response:
        """The documents published to the caller, newest first; ``q`` ignores diacritics."""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.LibraryDocumentSerializer(page, many=True).data)

    @extend_schema(responses=s.DocumentDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        document = selectors.document_for(request.user, pk)
        context = {"bookmarked": selectors.is_bookmarked(request.user, document)}
        return Response(s.DocumentDetailSerializer(document, context=context).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The file")})
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: str) -> HttpResponse:
        """The document's file as an attachment."""
        return download_response(selectors.document_for(request.user, pk))

    @extend_schema(request=None, responses=s.BookmarkStateSerializer)
    @action(detail=True, methods=["post"])
    def bookmark(self, request: Request, pk: str) -> Response:
        """Bookmark the document, or remove the bookmark."""
        document = selectors.document_for(request.user, pk)
        return Response({"bookmarked": services.bookmark_toggle(actor=request.user, document=document)})

    @action(detail=False, methods=["get"])
    def bookmarks(self, request: Request) -> Response:
        """The caller's bookmarks, latest first."""
        page = self.paginate_queryset(selectors.bookmarked_documents(user=request.user))
        return self.get_paginated_response(s.LibraryDocumentSerializer(page, many=True).data)


class StudyAssignmentViewSet(viewsets.GenericViewSet):
    permission_classes = [LibraryUser]
    serializer_class = s.StudyAssignmentSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> Any:
        member = selectors.own_member(self.request.user)
        if member is not None and not has_staff_role(self.request.user):
            return selectors.member_assignments(member)
        return selectors.assignment_list(user=self.request.user)

    def list(self, request: Request) -> Response:
        """Members: the assignments that cover their cell, with their own mark. Staff: the
        assignments on units they see."""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.StudyAssignmentSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.StudyAssignmentSerializer(selectors.assignment_for(request.user, pk)).data)

    @extend_schema(request=s.StudyAssignInput, responses={201: s.StudyAssignmentSerializer})
    def create(self, request: Request) -> Response:
        """Assign a document for study to the members of a unit's subtree (MANAGE on the unit)."""
        if not has_staff_role(request.user):
            raise PermissionDenied
        data = validated_input(s.StudyAssignInput, request)
        document = selectors.document_for(request.user, data["document"])
        unit = get_scoped_or_404(
            Unit.objects.all(), request.user, Action.MANAGE, code=data["unit"].strip().upper()
        )
        assignment = services.study_assign(
            actor=request.user, document=document, unit=unit, due_on=data.get("due_on")
        )
        return Response(s.StudyAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.StudyMarkInput, responses={201: s.StudyRecordSerializer})
    @action(detail=True, methods=["post"])
    def mark(self, request: Request, pk: str) -> Response:
        """The caller marks the document studied (their own record only)."""
        assignment = selectors.assignment_for(request.user, pk)
        member = selectors.own_member(request.user)
        if member is None:
            raise PermissionDenied(_not_linked())
        data = validated_input(s.StudyMarkInput, request)
        record = services.study_mark(actor=request.user, assignment=assignment, member=member, **data)
        return Response(s.StudyRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    def _followed(self, pk: str) -> tuple[Any, Unit]:
        assignment = selectors.assignment_for(self.request.user, pk)
        if not has_staff_role(self.request.user):
            raise PermissionDenied
        within = selectors.staff_root(self.request.user, assignment)
        if within is None:
            raise NotFound
        return assignment, within

    @extend_schema(responses=s.CompletionSerializer)
    @action(detail=True, methods=["get"])
    def completion(self, request: Request, pk: str) -> Response:
        """Members done of those asked, and cells where all are done, in total and per sub-unit."""
        assignment, within = self._followed(pk)
        return Response(s.CompletionSerializer(selectors.completion(assignment, within)).data)

    @extend_schema(responses=s.MemberCompletionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def members(self, request: Request, pk: str) -> Response:
        """Each member asked to study, with their mark or null, in roster order."""
        assignment, within = self._followed(pk)
        only = request.query_params.get("only", "")
        if only not in ("", "missing", "done"):
            raise ValidationError({"only": "missing | done"})
        members = selectors.assignment_members(assignment, within)
        if only:
            members = members.filter(studied_on__isnull=(only == "missing"))
        page = self.paginate_queryset(members)
        return self.get_paginated_response(s.MemberCompletionSerializer(page, many=True).data)


def _not_linked() -> str:
    from django.utils.translation import gettext

    return gettext("Your account is not linked to a member record.")
