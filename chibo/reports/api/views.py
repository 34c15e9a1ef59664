"""The reports API: statistics of a subtree as of a date (the JSON of ``manage.py report statistics``),
submitted reports (list, detail with the differences against today's data, submit) and data quality
(completeness, counts and problems). Same roles and scope as the pages: a unit out of scope is 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from chibo.accounts.roles import Action
from chibo.core.api import ScopedViewSet, scoped_unit, validated_query
from chibo.core.regulations import today
from chibo.core.scoping import get_scoped_or_404
from chibo.organizations.models import Unit
from chibo.reports import selectors, services
from chibo.reports.api import serializers as s
from chibo.reports.models import SubmittedReport


class StatisticsViewSet(ScopedViewSet):
    """The statistics report of a unit's subtree on a date."""

    base_queryset = Unit.objects.all()
    serializer_class = s.StatisticsSerializer
    pagination_class = None

    @extend_schema(parameters=[s.StatisticsQuery], responses=s.StatisticsSerializer)
    def list(self, request: Request) -> Response:
        query = validated_query(s.StatisticsQuery, request)
        unit = scoped_unit(request, query["unit"])
        report = selectors.statistics(
            unit=unit,  # type: ignore[arg-type]
            as_of=query.get("as_of") or today(),
            period_from=query.get("period_from"),
            period_to=query.get("period_to"),
        )
        return Response(report)


class SubmittedCursor(CursorPagination):
    ordering = ("-submitted_at", "-id")
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"


class SubmittedReportViewSet(mixins.ListModelMixin, ScopedViewSet):
    """Reports submitted to the level above, their figures frozen when submitted."""

    base_queryset = SubmittedReport.objects.select_related("unit", "submitted_by")
    serializer_class = s.SubmittedReportSerializer
    pagination_class = SubmittedCursor
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[SubmittedReport]:
        if self.action != "list":
            return super().get_queryset()
        query = validated_query(s.UnitQuery, self.request)
        return selectors.submitted_list(
            user=self.request.user,
            within=scoped_unit(self.request, query.get("unit")),  # type: ignore[arg-type]
        )

    @extend_schema(parameters=[s.UnitQuery])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=s.SubmittedReportDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        report = get_scoped_or_404(self.base_queryset.all(), request.user, Action.VIEW, pk=pk)
        view = selectors.submitted_against_now(report)  # type: ignore[arg-type]
        return Response(
            s.SubmittedReportDetailSerializer(report, context={"differences": view.differences}).data
        )

    @extend_schema(request=s.SubmitInput, responses={201: s.SubmittedReportDetailSerializer})
    def create(self, request: Request) -> Response:
        """Submit the report of a unit on a date: the figures are computed now and kept."""
        serializer = s.SubmitInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        report = services.report_submit(actor=request.user, **serializer.validated_data)
        return Response(
            s.SubmittedReportDetailSerializer(report, context={"differences": []}).data,
            status=status.HTTP_201_CREATED,
        )


class QualityViewSet(ScopedViewSet):
    """Data quality of a unit's subtree: completeness per field, problem counts, the problems."""

    base_queryset = Unit.objects.all()
    serializer_class = s.QualitySerializer
    pagination_class = None

    @extend_schema(parameters=[s.QualityQuery], responses=s.QualitySerializer)
    def list(self, request: Request) -> Response:
        query = validated_query(s.QualityQuery, request)
        unit = scoped_unit(request, query["unit"])
        selectors.check_quality_size(unit)
        quality = selectors.quality(unit, limit=query["limit"])  # type: ignore[arg-type]
        return Response(s.QualitySerializer(quality).data)
