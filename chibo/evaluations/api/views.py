"""The evaluation API: scoring tables, member evaluations (self-assessment, review, decision,
correction), organisation evaluations and the results rolled up the tree.

The same roles, scope and services as the pages: an object out of the caller's scope is 404; a step
the caller may not take is 403 (the service checks the right); a refusal by a rule is 400 with its
code and message.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from chibo.accounts.roles import Action
from chibo.core.api import ScopedViewSet, scoped_unit, validated_query
from chibo.core.scoping import get_scoped_or_404, require
from chibo.evaluations import selectors, services
from chibo.evaluations.api import serializers as s
from chibo.evaluations.models import MemberEvaluation, ScoringTable, UnitEvaluation


class ByYearCursor(CursorPagination):
    ordering = ("-year", "-id")
    page_size = 100
    max_page_size = 1000
    page_size_query_param = "page_size"


class _Inputs:
    def _input(self, serializer_class: type[serializers.Serializer], request: Request) -> Any:
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())  # type: ignore[attr-defined]
        serializer.is_valid(raise_exception=True)
        return serializer


class ScoringTableViewSet(_Inputs, mixins.ListModelMixin, ScopedViewSet):
    """Scoring tables (bảng chấm điểm) in the caller's scope; save one (30 + 70) or copy last year's."""

    base_queryset = ScoringTable.objects.select_related("unit").prefetch_related("criteria")
    serializer_class = s.ScoringTableSerializer
    pagination_class = None
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[ScoringTable]:
        query = validated_query(s.ListQuery, self.request)
        tables = selectors.table_list(
            user=self.request.user, within=scoped_unit(self.request, query.get("unit"))
        )
        if query.get("year"):
            tables = tables.filter(year=query["year"])
        return tables.prefetch_related("criteria")[:500]

    @extend_schema(parameters=[s.ListQuery])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(
            s.ScoringTableSerializer(get_scoped_or_404(self.base_queryset.all(), request.user, pk=pk)).data
        )

    @extend_schema(request=s.TableSaveInput, responses={201: s.ScoringTableSerializer})
    def create(self, request: Request) -> Response:
        """Create or replace the table of a unit for a year (refused unless 30 + 70 points)."""
        data = self._input(s.TableSaveInput, request)
        v = data.validated_data
        table = services.scoring_table_save(
            actor=request.user, unit=v["unit"], year=v["year"], subject=v["subject"], criteria=data.specs(),
            title=v["title"],
        )  # fmt: skip
        return Response(
            s.ScoringTableSerializer(self.base_queryset.get(pk=table.pk)).data, status.HTTP_201_CREATED
        )

    @extend_schema(request=s.TableCopyInput, responses={201: s.ScoringTableSerializer})
    @action(detail=False, methods=["post"])
    def copy(self, request: Request) -> Response:
        """Start a unit's table for a year from the one that applied to it the year before."""
        v = self._input(s.TableCopyInput, request).validated_data
        table = services.scoring_table_copy(actor=request.user, **v)
        return Response(
            s.ScoringTableSerializer(self.base_queryset.get(pk=table.pk)).data, status.HTTP_201_CREATED
        )


class MemberEvaluationViewSet(_Inputs, mixins.ListModelMixin, ScopedViewSet):
    """Members' evaluations in the caller's scope (filter by unit, year, status) and their steps."""

    base_queryset = MemberEvaluation.objects.select_related("member", "unit", "grassroots")
    serializer_class = s.MemberEvaluationSerializer
    pagination_class = ByYearCursor
    lookup_value_regex = r"[0-9]+"

    def get_permissions(self) -> list[Any]:
        if self.action == "self_assess":  # a member's own step, not a staff one
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[MemberEvaluation]:
        query = validated_query(s.ListQuery, self.request)
        return selectors.evaluation_list(
            user=self.request.user, within=scoped_unit(self.request, query.get("unit")),
            year=query.get("year"), status=query.get("status", ""),
        ).select_related("grassroots")  # fmt: skip

    @extend_schema(parameters=[s.ListQuery])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._answer(get_scoped_or_404(self.base_queryset.all(), request.user, pk=pk).pk))

    def _answer(self, pk: int) -> dict[str, Any]:
        return s.MemberEvaluationSerializer(self.base_queryset.get(pk=pk)).data  # type: ignore[return-value]

    @extend_schema(request=s.SelfAssessInput, responses={200: s.MemberEvaluationSerializer})
    @action(detail=False, methods=["post"], url_path="self-assess")
    def self_assess(self, request: Request) -> Response:
        """The signed-in member's own self-assessment: points per criterion of the scoring table."""
        member = getattr(request.user, "member", None) if hasattr(request.user, "member") else None
        if member is None:
            raise PermissionDenied(_("Your account is not linked to a member record."))
        v = self._input(s.SelfAssessInput, request).validated_data
        evaluation = services.member_self_assess(actor=request.user, member=member, **v)
        return Response(self._answer(evaluation.pk))

    @extend_schema(request=s.MemberReviewInput, responses={200: s.MemberEvaluationSerializer})
    @action(detail=False, methods=["post"])
    def review(self, request: Request) -> Response:
        """The cell's review: score, conditions, the proposed grade (capped when disciplined)."""
        kwargs = self._input(s.MemberReviewInput, request).service_kwargs()
        evaluation = services.member_evaluation_review(actor=request.user, **kwargs)
        return Response(self._answer(evaluation.pk))

    @extend_schema(request=s.EvaluationDecideInput, responses={200: s.DecidedSerializer})
    @action(detail=False, methods=["post"])
    def decide(self, request: Request) -> Response:
        """The grassroots committee decides all its reviewed members' grades of the year (20% quota)."""
        v = self._input(s.EvaluationDecideInput, request).validated_data
        return Response({"decided": services.member_grades_decide(actor=request.user, **v)})

    @extend_schema(request=s.CorrectInput, responses={200: s.MemberEvaluationSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        """Change a decided grade by a later decision, with its reason (quota checked again)."""
        evaluation = get_scoped_or_404(self.base_queryset.all(), request.user, Action.MANAGE, pk=pk)
        require(request.user, Action.MANAGE, evaluation.grassroots)  # before the input is read
        v = self._input(s.CorrectInput, request).validated_data
        services.member_grade_correct(actor=request.user, evaluation=evaluation, **v)
        return Response(self._answer(evaluation.pk))


class UnitEvaluationViewSet(_Inputs, mixins.ListModelMixin, ScopedViewSet):
    """Organisations' evaluations in the caller's scope; score, upper committee's decision, correction."""

    base_queryset = UnitEvaluation.objects.select_related("unit", "deciding")
    serializer_class = s.UnitEvaluationSerializer
    pagination_class = ByYearCursor
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[UnitEvaluation]:
        query = validated_query(s.ListQuery, self.request)
        return selectors.unit_evaluation_list(
            user=self.request.user, within=scoped_unit(self.request, query.get("unit")),
            year=query.get("year"), status=query.get("status", ""),
        )  # fmt: skip

    @extend_schema(parameters=[s.ListQuery])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._answer(get_scoped_or_404(self.base_queryset.all(), request.user, pk=pk).pk))

    def _answer(self, pk: int) -> dict[str, Any]:
        return s.UnitEvaluationSerializer(self.base_queryset.get(pk=pk)).data  # type: ignore[return-value]

    @extend_schema(request=s.UnitReviewInput, responses={200: s.UnitEvaluationSerializer})
    @action(detail=False, methods=["post"])
    def review(self, request: Request) -> Response:
        """The organisation's score and conditions for the year, with the grade they propose."""
        kwargs = self._input(s.UnitReviewInput, request).service_kwargs()
        evaluation = services.unit_evaluation_review(actor=request.user, **kwargs)
        return Response(self._answer(evaluation.pk))

    @extend_schema(request=s.EvaluationDecideInput, responses={200: s.DecidedSerializer})
    @action(detail=False, methods=["post"])
    def decide(self, request: Request) -> Response:
        """The upper committee decides the grades of its reviewed organisations (20% quota)."""
        v = self._input(s.EvaluationDecideInput, request).validated_data
        return Response({"decided": services.unit_grades_decide(actor=request.user, **v)})

    @extend_schema(request=s.CorrectInput, responses={200: s.UnitEvaluationSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        evaluation = get_scoped_or_404(self.base_queryset.all(), request.user, Action.VIEW, pk=pk)
        require(request.user, Action.MANAGE, evaluation.deciding)  # the upper committee corrects
        v = self._input(s.CorrectInput, request).validated_data
        services.unit_grade_correct(actor=request.user, evaluation=evaluation, **v)
        return Response(self._answer(evaluation.pk))


class ResultViewSet(ScopedViewSet):
    """The results of a unit's subtree for a year, rolled up, with the last five years."""

    base_queryset = UnitEvaluation.objects.all()
    serializer_class = s.ResultsSerializer
    pagination_class = None

    @extend_schema(parameters=[s.ResultsQuery], responses=s.ResultsSerializer)
    def list(self, request: Request) -> Response:
        query = validated_query(s.ResultsQuery, request)
        unit = scoped_unit(request, query["unit"])
        return Response(s.ResultsSerializer(selectors.results(unit=unit, year=query["year"])).data)  # type: ignore[arg-type]
