"""The member portal API: the caller's own record, correction requests and meetings (accounts linked
to a member record only: 403 otherwise; another cell's meeting is 404), the requests staff answer
(MANAGE, scoped like every list), and the member accounts of a unit with their activation codes."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from chibo.accounts.roles import Action
from chibo.core.api import ScopedViewSet, validated_input, validated_query
from chibo.core.permissions import HasAnyRole
from chibo.core.scoping import get_scoped_or_404, paths_for
from chibo.documents.selectors import own_member
from chibo.meetings import services as meeting_services
from chibo.organizations.models import Unit
from chibo.portal import selectors, services
from chibo.portal.api import serializers as s
from chibo.portal.models import CorrectionRequest


class IsMember(permissions.BasePermission):
    """Signed in with an account linked to an active member record."""

    message = "Your account is not linked to a member record."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and own_member(user) is not None)


class ManagesSomewhere(HasAnyRole):
    """A staff user with MANAGE somewhere (a secretary or the organisation board)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and bool(paths_for(request.user, Action.MANAGE))


class MemberViewSet(viewsets.GenericViewSet):
    permission_classes = [IsMember]

    @property
    def member(self) -> Any:
        return own_member(self.request.user)


class MyRecordViewSet(MemberViewSet):
    serializer_class = s.MyRecordSerializer
    pagination_class = None

    def list(self, request: Request) -> Response:
        """The caller's own record: summary (CCCD masked) and history."""
        return Response(s.MyRecordSerializer(selectors.member_record(self.member)).data)


class MyCorrectionRequestViewSet(MemberViewSet):
    serializer_class = s.CorrectionRequestSerializer

    def get_queryset(self) -> Any:
        return selectors.own_requests(self.member)

    def list(self, request: Request) -> Response:
        """The caller's correction requests with the secretary's answers, newest first."""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.CorrectionRequestSerializer(page, many=True).data)

    @extend_schema(request=s.CorrectionRequestInput, responses={201: s.CorrectionRequestSerializer})
    def create(self, request: Request) -> Response:
        """Ask the secretary to correct something in the caller's record."""
        data = validated_input(s.CorrectionRequestInput, request)
        row = services.correction_request_create(actor=request.user, member=self.member, **data)
        return Response(s.CorrectionRequestSerializer(row).data, status=status.HTTP_201_CREATED)


class CorrectionRequestViewSet(ScopedViewSet):
    """Open correction requests of members the caller manages; close one with an answer."""

    scope_action = Action.MANAGE
    permission_classes = [ManagesSomewhere]
    base_queryset = CorrectionRequest.objects.select_related("member__unit")
    serializer_class = s.StaffCorrectionRequestSerializer
    lookup_value_regex = r"[0-9]+"

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.open_requests(user=request.user))
        return self.get_paginated_response(s.StaffCorrectionRequestSerializer(page, many=True).data)

    @extend_schema(request=s.RequestCloseInput, responses=s.StaffCorrectionRequestSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        row = self.get_object()
        data = validated_input(s.RequestCloseInput, request)
        row = services.correction_request_close(actor=request.user, request=row, **data)
        return Response(s.StaffCorrectionRequestSerializer(row).data)


class MyMeetingViewSet(MemberViewSet):
    serializer_class = s.MyMeetingSerializer
    lookup_value_regex = r"[0-9]+"

    def list(self, request: Request) -> Response:
        """Upcoming meetings that summoned the caller, then past ones (newest first)."""
        return Response(
            {
                "upcoming": s.MyMeetingSerializer(selectors.upcoming_meetings(self.member), many=True).data,
                "past": s.MyMeetingSerializer(selectors.past_meetings(self.member), many=True).data,
            }
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        """One meeting with agenda, materials, the caller's answer and its finalised minutes."""
        meeting = selectors.meeting_for(self.member, pk)
        minutes = selectors.final_minutes(meeting)
        data = dict(s.MyMeetingSerializer(meeting).data)
        data["minutes"] = s.FinalMinutesSerializer(minutes).data if minutes else None
        return Response(data)

    @extend_schema(request=s.MyAttendanceInput, responses=s.MyMeetingSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str) -> Response:
        """Confirm attending (from an hour before the start) or excuse oneself with a reason."""
        meeting = selectors.meeting_for(self.member, pk)
        data = validated_input(s.MyAttendanceInput, request)
        meeting_services.attendance_self_report(
            actor=request.user, member=self.member, meeting=meeting, **data
        )
        return Response(s.MyMeetingSerializer(selectors.meeting_for(self.member, pk)).data)


class MemberAccountViewSet(viewsets.GenericViewSet):
    """The accounts of the members of a unit's subtree (MANAGE there), and activation codes issued
    in bulk: the codes are in the answer of ``issue`` and nowhere else."""

    permission_classes = [ManagesSomewhere]
    serializer_class = s.AccountRowSerializer

    def _unit(self, code: str) -> Any:
        return get_scoped_or_404(
            Unit.objects.all(), self.request.user, Action.MANAGE, code=code.strip().upper()
        )

    @extend_schema(parameters=[s.UnitQuery], responses=s.AccountRowSerializer(many=True))
    def list(self, request: Request) -> Response:
        query = validated_query(s.UnitQuery, request)
        members = selectors.member_accounts(
            user=request.user,
            unit=self._unit(query["unit"]),
            state=query.get("account", ""),
            query=query.get("q", ""),
        )
        page = self.paginate_queryset(members)
        return self.get_paginated_response(
            s.AccountRowSerializer(selectors.account_rows(page), many=True).data
        )

    @extend_schema(request=s.IssueInput, responses={201: s.IssueResultSerializer})
    @action(detail=False, methods=["post"])
    def issue(self, request: Request) -> Response:
        data = validated_input(s.IssueInput, request)
        result = services.accounts_issue(
            actor=request.user,
            unit=self._unit(data["unit"]),
            member_ids=data["members"],
            reissue=data["reissue"],
            channel=data["channel"],
            activate_url=request.build_absolute_uri(reverse("portal:activate")),
        )
        response = Response(s.IssueResultSerializer(result).data, status=status.HTTP_201_CREATED)
        add_never_cache_headers(response)  # the codes are in clear
        return response
