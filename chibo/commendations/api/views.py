"""The commendations API: the list (filters), one commendation, record, correct, annul; the candidates
from evaluation streaks; the counts rolled up the tree.

The same roles, scope and services as the pages: a commendation out of the caller's scope is 404; a
step the caller may not take is 403 (checked before the input is read, then again by the service); a
refusal by a rule is 400 with its code and message.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from chibo.accounts.roles import Action
from chibo.commendations import selectors, services
from chibo.commendations.api import serializers as s
from chibo.commendations.forms import default_year
from chibo.commendations.models import Commendation
from chibo.core.api import ScopedViewSet, scoped_unit, validated_input, validated_query
from chibo.core.scoping import get_scoped_or_404, paths_for
from chibo.organizations.models import Unit
from chibo.organizations.selectors import active_children_of, scope_roots


class CommendationCursor(CursorPagination):
    """Stable pages, the latest first, without COUNT(*)."""

    ordering = ("-year", "-id")
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"


def _answer(pk: int, code: int = status.HTTP_200_OK) -> Response:
    commendation = Commendation.objects.select_related("unit", "member").get(pk=pk)
    return Response(s.CommendationSerializer(commendation).data, status=code)


class CommendationViewSet(mixins.ListModelMixin, ScopedViewSet):
    """Commendations in the caller's scope: list with filters, read, record, correct, annul."""

    base_queryset = Commendation.objects.select_related("unit", "member")
    serializer_class = s.CommendationSerializer
    pagination_class = CommendationCursor
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Commendation]:
        if self.action != "list":
            return super().get_queryset()
        query = validated_query(s.CommendationListQuery, self.request)
        return selectors.commendation_list(
            user=self.request.user,
            within=scoped_unit(self.request, query.get("unit")),
            year=query.get("year"),
            kind=query.get("kind", ""),
            level=query.get("level", ""),
            subject=query.get("subject", ""),
            include_annulled=query["annulled"],
        )

    @extend_schema(parameters=[s.CommendationListQuery])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, pk: str) -> Response:
        commendation = get_scoped_or_404(self.base_queryset.all(), request.user, Action.VIEW, pk=pk)
        return Response(s.CommendationSerializer(commendation).data)

    def _managed(self) -> Commendation:
        """The commendation of the URL (404 out of scope), if the caller may manage its unit (403)."""
        c: Commendation = get_scoped_or_404(
            self.base_queryset.all(), self.request.user, Action.MANAGE, pk=self.kwargs["pk"]
        )
        return c

    @extend_schema(request=s.CommendationRecordInput, responses={201: s.CommendationSerializer})
    def create(self, request: Request) -> Response:
        """Record a commendation of a unit or of a member from its decision."""
        if not paths_for(request.user, Action.MANAGE):
            raise PermissionDenied
        data = validated_input(s.CommendationRecordInput, request, self.get_serializer_context())
        commendation = services.commendation_record(actor=request.user, **data)
        return _answer(commendation.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.CommendationCorrectInput, responses=s.CommendationSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        """Correct fields recorded wrongly, with the reason (audited before and after)."""
        commendation = self._managed()
        data = validated_input(s.CommendationCorrectInput, request, self.get_serializer_context())
        reason = data.pop("reason")
        confirm = data.pop("confirm_despite_discipline")
        services.commendation_correct(
            actor=request.user, commendation=commendation, changes=data, reason=reason,
            confirm_despite_discipline=confirm,
        )  # fmt: skip
        return _answer(commendation.pk)

    @extend_schema(request=s.CommendationAnnulInput, responses=s.CommendationSerializer)
    @action(detail=True, methods=["post"])
    def annul(self, request: Request, pk: str) -> Response:
        """Annul a commendation whose decision was withdrawn."""
        commendation = self._managed()
        data = validated_input(s.CommendationAnnulInput, request, self.get_serializer_context())
        services.commendation_annul(actor=request.user, commendation=commendation, **data)
        return _answer(commendation.pk)


def _roots(request: Request, code: str | None) -> list[Unit]:
    unit = scoped_unit(request, code)
    return [unit] if unit is not None else scope_roots(user=request.user)  # type: ignore[list-item]


class CandidateViewSet(ScopedViewSet):
    """Members and units graded HTXSNV ``length`` years running up to the year, not yet commended for it."""

    base_queryset = Unit.objects.all()
    serializer_class = s.CommendationCandidateSerializer
    pagination_class = None

    @extend_schema(parameters=[s.CommendationCandidateQuery], responses=s.CommendationCandidateListSerializer)
    def list(self, request: Request) -> Response:
        query = validated_query(s.CommendationCandidateQuery, request)
        year = query.get("year") or default_year()
        found = selectors.candidates(
            roots=_roots(request, query.get("unit")), year=year, length=query["length"]
        )
        answer = {"year": year, "length": query["length"], "candidates": found}
        return Response(s.CommendationCandidateListSerializer(answer).data)


class CountViewSet(ScopedViewSet):
    """The year's commendations of a unit (or the caller's top units) and of its sub-units, rolled up."""

    base_queryset = Unit.objects.all()
    serializer_class = s.CommendationCountSerializer
    pagination_class = None

    @extend_schema(parameters=[s.CommendationYearQuery], responses=s.CommendationCountSerializer(many=True))
    def list(self, request: Request) -> Response:
        query = validated_query(s.CommendationYearQuery, request)
        roots = _roots(request, query.get("unit"))
        units = list(roots)
        if len(roots) == 1:
            units += active_children_of(roots)[roots[0].pk]
        counts = selectors.commendation_counts(units=units, year=query.get("year") or default_year())
        return Response(s.CommendationCountSerializer(counts, many=True).data)
