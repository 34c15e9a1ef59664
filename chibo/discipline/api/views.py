"""The inspection and discipline API: programmes (plan, change, start, conclude), cases (open, the
steps, record a decided case) and figures.

Only holders of ``Action.DISCIPLINE``: without it anywhere → 403; an object outside the subtrees
where the caller holds it → 404; a refusal by a rule → 400 with its code.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from chibo.accounts.roles import Action
from chibo.core import regulations
from chibo.core.api import ScopedViewSet, validated_query
from chibo.core.permissions import HasAnyRole
from chibo.core.scoping import paths_for, visible_to
from chibo.discipline import selectors, services
from chibo.discipline.api import serializers as s
from chibo.discipline.models import Case, Programme
from chibo.organizations.models import Unit
from chibo.organizations.selectors import active_children_of


class HoldsDiscipline(HasAnyRole):
    """A staff role, and DISCIPLINE somewhere in the tree."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and bool(paths_for(request.user, Action.DISCIPLINE))


class NewestFirst(CursorPagination):
    ordering = ("-id",)
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"


class _DisciplineViewSet(ScopedViewSet):
    scope_action = Action.DISCIPLINE
    permission_classes = [HoldsDiscipline]
    lookup_value_regex = r"[0-9]+"

    def get_object(self) -> Model:
        """The object in the caller's DISCIPLINE scope, or 404 (also for those who only VIEW it)."""
        try:
            return visible_to(self.base_queryset.all(), self.request.user, Action.DISCIPLINE).get(
                pk=self.kwargs["pk"]
            )
        except self.base_queryset.model.DoesNotExist as exc:
            raise Http404 from exc

    def _within(self, code: str | None) -> Unit | None:
        if not code:
            return None
        unit = (
            visible_to(Unit.objects.all(), self.request.user, Action.DISCIPLINE)
            .filter(code=code.upper())
            .first()
        )
        if unit is None:
            raise Http404
        return unit


class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _DisciplineViewSet):
    """Programmes of inspection and supervision in the caller's scope."""

    base_queryset = Programme.objects.select_related("unit").prefetch_related(
        "target_units", "target_members"
    )
    serializer_class = s.ProgrammeSerializer
    pagination_class = NewestFirst

    def get_queryset(self) -> QuerySet[Programme]:
        return super().get_queryset().order_by("-id")

    def _answer(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.ProgrammeSerializer(self.base_queryset.get(pk=pk)).data, status=code)

    @extend_schema(request=s.ProgrammeInput, responses={201: s.ProgrammeSerializer})
    def create(self, request: Request) -> Response:
        data = self._input(s.ProgrammeInput, request)
        programme = services.programme_create(actor=request.user, **data)
        return self._answer(programme.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.ProgrammeChangeInput, responses=s.ProgrammeSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        programme = self.get_object()
        changes = self._input(s.ProgrammeChangeInput, request)
        services.programme_update(actor=request.user, programme=programme, changes=changes)  # type: ignore[arg-type]
        return self._answer(programme.pk)

    @extend_schema(request=s.DayInput, responses=s.ProgrammeSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        programme = self.get_object()
        data = self._input(s.DayInput, request)
        services.programme_start(actor=request.user, programme=programme, **data)  # type: ignore[arg-type]
        return self._answer(programme.pk)

    @extend_schema(request=s.ConcludeInput, responses=s.ProgrammeSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: str) -> Response:
        programme = self.get_object()
        data = self._input(s.ConcludeInput, request)
        services.programme_conclude(actor=request.user, programme=programme, **data)  # type: ignore[arg-type]
        return self._answer(programme.pk)


CASE_STEPS: dict[str, tuple[type[serializers.Serializer], Any]] = {
    "report": (s.ReportInput, services.case_report),
    "review": (s.ReviewInput, services.case_review),
    "decide": (s.DisciplineDecideInput, services.case_decide),
    "announce": (s.DayInput, services.case_announce),
    "complaint": (s.DayInput, services.case_complaint),
    "ruling": (s.RulingInput, services.case_complaint_ruling),
    "annul": (s.AnnulInput, services.case_annul),
}


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _DisciplineViewSet):
    """Discipline cases in the caller's scope, with one action per step."""

    base_queryset = Case.objects.select_related("unit", "member", "target_unit")
    serializer_class = s.CaseSerializer
    pagination_class = NewestFirst

    def get_queryset(self) -> QuerySet[Case]:
        if self.action != "list":
            return super().get_queryset()
        query = validated_query(s.CaseQuery, self.request)
        within = self._within(query.pop("unit", None))
        return selectors.case_list(user=self.request.user, within=within, **query).order_by("-id")

    @extend_schema(parameters=[s.CaseQuery])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _answer(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.CaseSerializer(self.base_queryset.get(pk=pk)).data, status=code)

    @extend_schema(request=s.CaseOpenInput, responses={201: s.CaseSerializer})
    def create(self, request: Request) -> Response:
        """Open a case against a member of the unit's subtree or an organisation below the unit."""
        data = self._input(s.CaseOpenInput, request)
        case = services.case_open(actor=request.user, **data)
        return self._answer(case.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.CaseRecordInput, responses={201: s.CaseSerializer})
    @action(detail=False, methods=["post"])
    def record(self, request: Request) -> Response:
        """Record a case already decided (from the paper register), announced when the date is given."""
        data = self._input(s.CaseRecordInput, request)
        case = services.case_record_decided(actor=request.user, **data)
        return self._answer(case.pk, status.HTTP_201_CREATED)

    def _step(self, name: str, request: Request) -> Response:
        case = self.get_object()
        serializer_class, service = CASE_STEPS[name]
        data = self._input(serializer_class, request)
        service(actor=request.user, case=case, **data)
        return self._answer(case.pk)

    @extend_schema(request=s.ReportInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: str) -> Response:
        return self._step("report", request)

    @extend_schema(request=s.ReviewInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        return self._step("review", request)

    @extend_schema(request=s.DisciplineDecideInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        return self._step("decide", request)

    @extend_schema(request=s.DayInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def announce(self, request: Request, pk: str) -> Response:
        """Khai trừ: the member leaves the Party in the same transaction."""
        return self._step("announce", request)

    @extend_schema(request=s.DayInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def complaint(self, request: Request, pk: str) -> Response:
        return self._step("complaint", request)

    @extend_schema(request=s.RulingInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def ruling(self, request: Request, pk: str) -> Response:
        return self._step("ruling", request)

    @extend_schema(request=s.AnnulInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def annul(self, request: Request, pk: str) -> Response:
        return self._step("annul", request)


class FiguresViewSet(_DisciplineViewSet):
    """Discipline decided in a year by form, category and unit (each a subtree); programmes by status."""

    base_queryset = Case.objects.all()
    pagination_class = None
    serializer_class = s.FiguresQuery

    @extend_schema(parameters=[s.FiguresQuery], responses={200: dict})
    def list(self, request: Request) -> Response:
        query = validated_query(s.FiguresQuery, request)
        within = self._within(query.get("unit"))
        if within is not None:
            roots = [within]
        else:
            paths = paths_for(request.user, Action.DISCIPLINE)
            roots = list(
                Unit.objects.get_root_nodes()
                if paths == [""]
                else Unit.objects.filter(path__in=paths).order_by("path")
            )
        children = active_children_of(roots)
        units = [u for root in roots for u in (root, *children[root.pk])]
        data = selectors.figures(
            user=request.user, units=units, year=query.get("year") or regulations.today().year
        )
        data["by_unit"] = [
            {"unit": row["unit"].code, "name": row["unit"].name, "forms": row["forms"], "total": row["total"]}
            for row in data["by_unit"]
        ]
        return Response(data)
