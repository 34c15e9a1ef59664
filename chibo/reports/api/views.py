"""The reports API: statistics of a subtree as of a date (the JSON of ``manage.py report statistics``),
submitted reports (list, detail with the differences against today's data, submit) and data quality
(completeness, counts and problems). A subtree above ``CHIBO_QUALITY_MAX_MEMBERS`` is refused by
``report-quality`` (``quality.too_large``) and checked in the background instead: ``report-quality-runs``
asks for a run (MANAGE on the unit), lists the runs and gives a finished run's result in the shape of
``report-quality``. Same roles and scope as the pages: a unit out of scope is 404."""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from chibo.accounts.roles import Action
from chibo.core import regulations
from chibo.core.api import ScopedViewSet, scoped_unit, validated_query
from chibo.core.scoping import get_scoped_or_404, subtree_q
from chibo.organizations.models import Unit
from chibo.reports import selectors, services
from chibo.reports.api import serializers as s
from chibo.reports.models import QualityRun, SubmittedReport


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
            as_of=query.get("as_of") or regulations.today(),
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

    @extend_schema(
        parameters=[s.QualityQuery],
        responses=s.QualitySerializer,
        description=(
            "Data quality of the unit's subtree, checked now. A subtree above CHIBO_QUALITY_MAX_MEMBERS "
            "active members is refused (400, code quality.too_large): ask for its check in the background "
            "with POST /api/v1/report-quality-runs/ and read the result from report-quality-runs when the "
            "run is done."
        ),
    )
    def list(self, request: Request) -> Response:
        query = validated_query(s.QualityQuery, request)
        unit = scoped_unit(request, query["unit"])
        selectors.check_quality_size(unit)
        quality = selectors.quality(unit, limit=query["limit"])  # type: ignore[arg-type]
        return Response(s.QualitySerializer(quality).data)


class QualityRunCursor(CursorPagination):
    ordering = ("-requested_at", "-id")
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"


def _run_detail(run: QualityRun) -> dict[str, Any]:
    """The run, with the kept result of a done run in the shape of ``report-quality``."""
    result = None
    if run.state == QualityRun.State.DONE:
        quality = {**selectors.quality_from_result(run.result), "unit": run.unit.code}
        result = s.QualitySerializer(quality).data
    return s.QualityRunDetailSerializer(run, context={"result": result}).data


class QualityRunViewSet(mixins.ListModelMixin, ScopedViewSet):
    """Background data-quality checks of subtrees too large to check at once (``report-quality``
    refuses them with ``quality.too_large``): ask for one, follow its state, read what it found."""

    base_queryset = QualityRun.objects.select_related("unit", "requested_by")
    serializer_class = s.QualityRunSerializer
    pagination_class = QualityRunCursor
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[QualityRun]:
        runs = super().get_queryset()
        if self.action == "list":
            query = validated_query(s.UnitQuery, self.request)
            within = scoped_unit(self.request, query.get("unit"))
            if within is not None:
                runs = runs.filter(subtree_q(within.path, "unit__path"))
            # a kept result holds up to 200 problems of each kind: the list reads only its total
            runs = runs.defer("result").annotate(
                problems_found=Cast(KT("result__problems_total"), IntegerField())
            )
        return runs.order_by("-requested_at", "-id")

    @extend_schema(parameters=[s.UnitQuery], description="The runs the caller may see, newest first.")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        responses=s.QualityRunDetailSerializer,
        description="The run; `result` is what a done run found (as report-quality shows it), else null.",
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(_run_detail(self.get_object()))  # type: ignore[arg-type]

    @extend_schema(
        request=s.QualityRunInput,
        responses={202: s.QualityRunDetailSerializer},
        description=(
            "Ask the worker to check the data quality of a subtree above CHIBO_QUALITY_MAX_MEMBERS "
            "active members (MANAGE on the unit). Refused (400) with quality.run_not_needed for a "
            "subtree report-quality checks at once, with quality.run_in_progress while a run of that "
            "unit waits or runs."
        ),
    )
    def create(self, request: Request) -> Response:
        data = self._input(s.QualityRunInput, request)
        run = services.quality_run_request(actor=request.user, unit=data["unit"])
        return Response(_run_detail(run), status=status.HTTP_202_ACCEPTED)
