from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from chibo.accounts.roles import Action
from chibo.core.api import ScopedViewSet
from chibo.core.scoping import get_scoped_or_404
from chibo.organizations import selectors, services
from chibo.organizations.api import serializers as s
from chibo.organizations.models import Unit, UnitLevel


class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Units of the organisation tree in the caller's scope, and their restructuring."""

    base_queryset = Unit.objects.all()
    serializer_class = s.UnitSerializer
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9._-]+"

    def get_queryset(self) -> QuerySet[Unit]:
        params = self.request.query_params
        if params.get("level") and params["level"] not in UnitLevel.values:
            raise ValidationError({"level": [f"one of {', '.join(UnitLevel.values)}"]})
        within = None
        if params.get("within"):
            within = get_scoped_or_404(
                Unit.objects.all(), self.request.user, Action.VIEW, code=params["within"].upper()
            )
        return selectors.unit_list(
            user=self.request.user,
            q=params.get("q", ""),
            level=params.get("level", ""),
            within=within,
            include_dissolved=params.get("include_dissolved") in ("1", "true"),
        )

    def paginate_queryset(self, queryset: QuerySet[Unit]) -> list[Unit] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            parent_paths = {u.path[: -Unit.steplen] for u in page if u.depth > 1}
            self._parent_codes = dict(Unit.objects.filter(path__in=parent_paths).values_list("path", "code"))
        return page

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if hasattr(self, "_parent_codes"):
            kwargs.setdefault("context", self.get_serializer_context())["parent_codes"] = self._parent_codes
        return super().get_serializer(*args, **kwargs)

    @extend_schema(
        parameters=[
            OpenApiParameter("within", OpenApiTypes.STR, description="Code of a unit: only its subtree"),
            OpenApiParameter("q", OpenApiTypes.STR, description="Name (diacritics ignored) or exact code"),
            OpenApiParameter("level", OpenApiTypes.STR),
            OpenApiParameter("include_dissolved", OpenApiTypes.BOOL),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _unit(self, action_needed: Action) -> Unit:
        return get_scoped_or_404(
            Unit.objects.all(), self.request.user, action_needed, code=self.kwargs["code"]
        )

    def _done(self, unit: Unit, code: int = status.HTTP_200_OK) -> Response:
        unit.refresh_from_db()
        return Response(s.UnitSerializer(unit).data, status=code)

    @extend_schema(request=s.UnitCreateInput, responses={201: s.UnitSerializer})
    @action(detail=True, methods=["post"], url_path="children")
    def create_child(self, request: Request, code: str) -> Response:
        parent = self._unit(Action.RESTRUCTURE)
        data = self._input(s.UnitCreateInput, request)
        return self._done(
            services.unit_create(actor=request.user, parent=parent, **data), status.HTTP_201_CREATED
        )

    @extend_schema(request=s.UnitUpdateInput, responses=s.UnitSerializer)
    def partial_update(self, request: Request, code: str) -> Response:
        unit = self._unit(Action.MANAGE)
        data = self._input(s.UnitUpdateInput, request)
        return self._done(services.unit_update(actor=request.user, unit=unit, **data))

    @extend_schema(request=s.RenameInput, responses=s.UnitSerializer)
    @action(detail=True, methods=["post"])
    def rename(self, request: Request, code: str) -> Response:
        unit = self._unit(Action.RESTRUCTURE)
        return self._done(
            services.unit_rename(actor=request.user, unit=unit, **self._input(s.RenameInput, request))
        )

    @extend_schema(request=s.MoveInput, responses=s.UnitSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, code: str) -> Response:
        unit = self._unit(Action.RESTRUCTURE)
        return self._done(
            services.unit_move(actor=request.user, unit=unit, **self._input(s.MoveInput, request))
        )

    @extend_schema(request=s.MergeInput, responses=s.UnitSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, code: str) -> Response:
        unit = self._unit(Action.RESTRUCTURE)
        data = self._input(s.MergeInput, request)
        return self._done(services.unit_merge(actor=request.user, source=unit, **data))

    @extend_schema(request=s.DissolveInput, responses=s.UnitSerializer)
    @action(detail=True, methods=["post"])
    def dissolve(self, request: Request, code: str) -> Response:
        unit = self._unit(Action.RESTRUCTURE)
        return self._done(
            services.unit_dissolve(actor=request.user, unit=unit, **self._input(s.DissolveInput, request))
        )

    @extend_schema(request=s.SplitInput, responses={201: s.UnitSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def split(self, request: Request, code: str) -> Response:
        unit = self._unit(Action.RESTRUCTURE)
        data = self._input(s.SplitInput, request)
        children = {c.code: c.pk for c in unit.child_units()}
        parts = []
        for part in data["parts"]:
            unknown = [c for c in part["child_codes"] if c.upper() not in children]
            if unknown:
                raise ValidationError({"parts": [f"not a sub-unit of {unit.code}: {', '.join(unknown)}"]})
            parts.append(
                services.SplitPart(
                    code=part["code"],
                    name=part["name"],
                    member_ids=part["member_ids"],
                    child_ids=[children[c.upper()] for c in part["child_codes"]],
                )
            )
        created = services.unit_split(
            actor=request.user,
            source=unit,
            parts=parts,
            effective_on=data["effective_on"],
            decision=data["decision"],
            dissolve_source=data["dissolve_source"],
        )
        return Response(s.UnitSerializer(created, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.UnitEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, code: str) -> Response:
        unit = self._unit(Action.VIEW)
        return Response(s.UnitEventSerializer(selectors.unit_history(unit=unit), many=True).data)
