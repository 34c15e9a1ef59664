"""The meetings API: meetings and their steps (notice, attendance, minutes), the yearly plan, the QR
check-in of members, the alerts and the attendance rates.

The same roles, scope and services as the pages: a meeting out of the caller's scope is 404; a step
the caller may not take is 403 (checked before the input is read, then again by the service); a
refusal by a rule is 400 with its code and message. The QR check-in is the one endpoint for members
rather than staff: any signed-in user linked to a member record (``Member.user``) may use it, for
themself only; the service decides whether the code is a meeting's that summoned them and is open.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from chibo.accounts.roles import Action
from chibo.core import regulations
from chibo.core.api import ScopedViewSet, scoped_unit, validated_query
from chibo.core.scoping import can, get_scoped_or_404
from chibo.meetings import selectors, services
from chibo.meetings.api import serializers as s
from chibo.meetings.models import Attendance, Meeting
from chibo.members.models import Member
from chibo.organizations.selectors import active_children_of, scope_roots


class MeetingCursor(CursorPagination):
    """Stable pages, the latest meetings first, without COUNT(*)."""

    ordering = ("-starts_at", "-id")
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"


def _detail_queryset() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("unit", "minutes", "minutes__finalised_by").prefetch_related(
        "documents", "minutes__resolutions", "minutes__corrections__made_by"
    )


class MeetingViewSet(mixins.ListModelMixin, ScopedViewSet):
    """Meetings in the caller's scope and every step from the notice to the finalised minutes."""

    base_queryset = Meeting.objects.select_related("unit")
    serializer_class = s.MeetingSerializer
    pagination_class = MeetingCursor
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Meeting]:
        if self.action != "list":
            return super().get_queryset()
        query = validated_query(s.UnitYearQuery, self.request)
        return selectors.meeting_list(
            user=self.request.user,
            within=scoped_unit(self.request, query.get("unit")),
            year=query.get("year"),
        )

    @extend_schema(parameters=[s.UnitYearQuery])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _input(self, serializer: serializers.BaseSerializer) -> Any:
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _body(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        context = self.get_serializer_context()
        return dict(self._input(serializer_class(data=self.request.data, context=context)))

    def _meeting(self) -> Meeting:
        """The meeting of the URL (404 out of scope), if the caller may manage its unit (403)."""
        meeting: Meeting = get_scoped_or_404(
            Meeting.objects.select_related("unit"), self.request.user, Action.MANAGE, pk=self.kwargs["pk"]
        )
        return meeting

    def _render(self, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
        context = {
            "detail": selectors.meeting_detail(meeting),
            "can_manage": can(self.request.user, Action.MANAGE, meeting),
        }
        return Response(s.MeetingDetailSerializer(meeting, context=context).data, status=code)

    def _detail(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        """The meeting as the service left it (services lock and return their own copy)."""
        return self._render(_detail_queryset().get(pk=pk), code)

    @extend_schema(responses=s.MeetingDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._render(get_scoped_or_404(_detail_queryset(), request.user, Action.VIEW, pk=pk))

    @extend_schema(request=s.MeetingCreateInput, responses={201: s.MeetingDetailSerializer})
    def create(self, request: Request) -> Response:
        """Schedule a meeting of a unit the caller manages."""
        data = self._body(s.MeetingCreateInput)
        meeting = services.meeting_create(actor=request.user, **data)
        return self._detail(meeting.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.MeetingUpdateInput, responses=s.MeetingDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Move or fill in the meeting before it is held; ``version`` is the one read."""
        meeting = self._meeting()
        data = self._body(s.MeetingUpdateInput)
        version = data.pop("version")
        services.meeting_update(actor=request.user, meeting=meeting, version=version, changes=data)
        return self._detail(meeting.pk)

    @extend_schema(request=None, responses=s.MeetingDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        """Send the notice: the summoned list is fixed and every member is notified."""
        meeting = self._meeting()
        services.meeting_publish(actor=request.user, meeting=meeting)
        return self._detail(meeting.pk)

    @extend_schema(request=s.CancelInput, responses=s.MeetingDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        meeting = self._meeting()
        data = self._body(s.CancelInput)
        services.meeting_cancel(actor=request.user, meeting=meeting, **data)
        return self._detail(meeting.pk)

    @extend_schema(request=s.AttendanceEntryInput(many=True), responses=s.MeetingDetailSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str) -> Response:
        """The secretary's attendance sheet: a list of {member, status, reason}."""
        meeting = self._meeting()
        sheet = self._input(s.attendance_sheet(data=request.data))
        entries = {row["member"]: (row["status"], row["reason"]) for row in sheet}
        services.attendance_record(actor=request.user, meeting=meeting, entries=entries)
        return self._detail(meeting.pk)

    @extend_schema(request=s.MinutesInput, responses=s.MeetingDetailSerializer)
    @action(detail=True, methods=["post"])
    def minutes(self, request: Request, pk: str) -> Response:
        """Save the draft minutes: only the fields given change."""
        meeting = self._meeting()
        data = self._body(s.MinutesInput)
        version = data.pop("version", None)
        services.minutes_save(actor=request.user, meeting=meeting, version=version, changes=data)
        return self._detail(meeting.pk)

    @extend_schema(request=s.ResolutionInput, responses=s.MeetingDetailSerializer)
    @action(detail=True, methods=["post"])
    def resolutions(self, request: Request, pk: str) -> Response:
        """Record a resolution with its vote (passed or not, against the vote base)."""
        meeting = self._meeting()
        data = self._body(s.ResolutionInput)
        services.resolution_add(actor=request.user, meeting=meeting, **data)
        return self._detail(meeting.pk)

    @extend_schema(request=None, responses=s.MeetingDetailSerializer)
    @action(detail=True, methods=["post"])
    def finalise(self, request: Request, pk: str) -> Response:
        """Finalise the minutes: from now on they change only by appended corrections."""
        meeting = self._meeting()
        services.minutes_finalise(actor=request.user, meeting=meeting)
        return self._detail(meeting.pk)

    @extend_schema(request=s.CorrectionInput, responses=s.MeetingDetailSerializer)
    @action(detail=True, methods=["post"])
    def corrections(self, request: Request, pk: str) -> Response:
        """Append a correction to finalised minutes."""
        meeting = self._meeting()
        data = self._body(s.CorrectionInput)
        services.minutes_correct(actor=request.user, meeting=meeting, **data)
        return self._detail(meeting.pk)

    @extend_schema(request=s.PlanInput, responses={201: s.MeetingSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def plan(self, request: Request) -> Response:
        """A chi bộ's yearly plan: twelve regular meetings and one thematic meeting a quarter."""
        data = self._body(s.PlanInput)
        meetings = services.meetings_plan_year(actor=request.user, **data)
        created = Meeting.objects.select_related("unit").filter(pk__in=[m.pk for m in meetings])
        return Response(
            s.MeetingSerializer(created.order_by("starts_at", "id"), many=True).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=s.CheckinInput, responses=s.CheckinSerializer)
    @action(detail=False, methods=["post"], permission_classes=[IsAuthenticated])
    def checkin(self, request: Request) -> Response:
        """A member scanned the meeting's QR code: present. For members, not staff: the caller must
        be linked to a member record (403 otherwise), and checks in only themself."""
        member = Member.objects.filter(user=request.user).first()
        if member is None:
            raise exceptions.PermissionDenied(_("Only a party member's own account can check in."))
        data = self._body(s.CheckinInput)
        attendance = services.attendance_checkin(actor=request.user, member=member, token=data["token"])
        attendance = Attendance.objects.select_related("meeting__unit").get(pk=attendance.pk)
        return Response(s.CheckinSerializer(attendance).data)


class AlertViewSet(ScopedViewSet):
    """The checks of DOMAIN.md §3–4 for the cells in scope (``selectors.alerts``)."""

    base_queryset = Meeting.objects.all()
    serializer_class = s.AlertSerializer
    pagination_class = None

    @extend_schema(parameters=[s.UnitYearQuery], responses=s.AlertSerializer(many=True))
    def list(self, request: Request) -> Response:
        query = validated_query(s.UnitYearQuery, request)
        found = selectors.alerts(
            user=request.user, within=scoped_unit(request, query.get("unit")), year=query.get("year")
        )
        return Response(s.AlertSerializer(found, many=True).data)


class RateViewSet(ScopedViewSet):
    """Attendance rates of a unit (default: the caller's scope roots) and of its direct children."""

    base_queryset = Meeting.objects.all()
    serializer_class = s.RatesSerializer
    pagination_class = None

    @extend_schema(parameters=[s.UnitYearQuery], responses=s.RatesSerializer)
    def list(self, request: Request) -> Response:
        query = validated_query(s.UnitYearQuery, request)
        year = query.get("year") or regulations.today().year
        unit = scoped_unit(request, query.get("unit"))
        roots = [unit] if unit is not None else scope_roots(user=request.user)
        children = active_children_of(roots)
        units = [*roots, *(child for kids in children.values() for child in kids)]
        rates = {row.unit.pk: row for row in selectors.attendance_rates(units=units, year=year)}
        blocks = [
            {
                "unit": root,
                "meetings": rates[root.pk].meetings,
                "expected": rates[root.pk].expected,
                "present": rates[root.pk].present,
                "percent": rates[root.pk].percent,
                "children": [rates[child.pk] for child in children[root.pk]],
            }
            for root in roots
        ]
        return Response(s.RatesSerializer({"year": year, "units": blocks}).data)
