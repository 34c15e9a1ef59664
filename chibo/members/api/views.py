from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from chibo.accounts.roles import Action
from chibo.core.api import ScopedViewSet
from chibo.core.scoping import get_scoped_or_404
from chibo.members import selectors, services
from chibo.members.api import serializers as s
from chibo.members.models import Member
from chibo.organizations.models import Unit

FILTERS = [
    "q",
    "status",
    "sex",
    "age_band",
    "party_age_band",
    "ethnicity",
    "education",
    "theory",
    "unit_level",
    "activity",
]


class RosterCursor(CursorPagination):
    """Stable pages in Vietnamese roster order, without COUNT(*)."""

    ordering = ("name_sort", "id")
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"


class MemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Members in the caller's scope and their life-cycle events (the same services as the UI)."""

    base_queryset = Member.objects.select_related("unit")
    serializer_class = s.MemberSerializer
    pagination_class = RosterCursor

    def get_queryset(self) -> QuerySet[Member]:
        params = self.request.query_params
        within = None
        if params.get("unit"):
            within = get_scoped_or_404(
                Unit.objects.all(), self.request.user, Action.VIEW, code=params["unit"].upper()
            )
        filters = selectors.MemberFilters(
            **{k: params.get(k, "") for k in FILTERS},
            include_left=params.get("include_left") in ("1", "true"),
        )
        return selectors.member_list(user=self.request.user, filters=filters, within=within)

    @extend_schema(
        parameters=[OpenApiParameter(k, OpenApiTypes.STR) for k in [*FILTERS, "unit"]]
        + [OpenApiParameter("include_left", OpenApiTypes.BOOL)]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _member(self, needed: Action) -> Member:
        return get_scoped_or_404(self.base_queryset, self.request.user, needed, pk=self.kwargs["pk"])

    def _done(self, member: Member, code: int = status.HTTP_200_OK) -> Response:
        member.refresh_from_db()
        return Response(s.MemberSerializer(member).data, status=code)

    @extend_schema(request=s.MemberCreateInput, responses={201: s.MemberSerializer})
    def create(self, request: Request) -> Response:
        data = self._input(s.MemberCreateInput, request)
        unit, joined_on = data.pop("unit"), data.pop("joined_on")
        member = services.member_create(
            actor=request.user, unit=unit, spec=services.MemberSpec(**data), joined_on=joined_on
        )
        return self._done(member, status.HTTP_201_CREATED)

    @extend_schema(request=s.MemberUpdateInput, responses=s.MemberSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        member = self._member(Action.MANAGE)
        data = self._input(s.MemberUpdateInput, request)
        return self._done(
            services.member_update(
                actor=request.user, member=member, version=data["version"], changes=data["changes"]
            )
        )

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def sensitive(self, request: Request, pk: str) -> Response:
        """CCCD, religion and residence: organisation board only; every call is audited."""
        member = get_scoped_or_404(self.base_queryset, request.user, Action.VIEW, pk=pk)
        return Response(services.member_sensitive_view(actor=request.user, member=member))

    @extend_schema(responses=s.MemberEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        member = self._member(Action.VIEW)
        return Response(s.MemberEventSerializer(selectors.member_history(member), many=True).data)

    @extend_schema(request=s.RecogniseInput, responses=s.MemberSerializer)
    @action(detail=True, methods=["post"])
    def recognise(self, request: Request, pk: str) -> Response:
        member = self._member(Action.MANAGE)
        return self._done(
            services.member_recognise_official(
                actor=request.user, member=member, **self._input(s.RecogniseInput, request)
            )
        )

    @extend_schema(request=s.TransferInternalInput, responses=s.MemberSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str) -> Response:
        member = self._member(Action.MANAGE)
        services.member_transfer_internal(
            actor=request.user, member=member, **self._input(s.TransferInternalInput, request)
        )
        return self._done(member)

    @extend_schema(request=s.TransferOutInput, responses=s.MemberSerializer)
    @action(detail=True, methods=["post"], url_path="transfer-out")
    def transfer_out(self, request: Request, pk: str) -> Response:
        member = self._member(Action.MANAGE)
        services.member_transfer_out(
            actor=request.user, member=member, **self._input(s.TransferOutInput, request)
        )
        return self._done(member)

    @extend_schema(request=s.ExemptInput, responses=s.MemberSerializer)
    @action(detail=True, methods=["post"])
    def exempt(self, request: Request, pk: str) -> Response:
        member = self._member(Action.MANAGE)
        services.member_exempt(actor=request.user, member=member, **self._input(s.ExemptInput, request))
        return self._done(member)

    @extend_schema(request=s.AbsenceInput, responses=s.MemberSerializer)
    @action(detail=True, methods=["post"])
    def absence(self, request: Request, pk: str) -> Response:
        member = self._member(Action.MANAGE)
        services.member_absence_record(
            actor=request.user, member=member, **self._input(s.AbsenceInput, request)
        )
        return self._done(member)

    @extend_schema(request=s.LeaveInput, responses=s.MemberSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: str) -> Response:
        member = self._member(Action.MANAGE)
        return self._done(
            services.member_leave(actor=request.user, member=member, **self._input(s.LeaveInput, request))
        )

    @extend_schema(request=s.ReadmitInput, responses=s.MemberSerializer)
    @action(detail=True, methods=["post"])
    def readmit(self, request: Request, pk: str) -> Response:
        member = self._member(Action.MANAGE)
        return self._done(
            services.member_readmit(actor=request.user, member=member, **self._input(s.ReadmitInput, request))
        )
