"""The party badges API: award rounds and their lists, early additions, approval, badge numbers, the
badges recorded from the paper register, and the next award days.

The same roles, scope and services as the pages: a round or a badge out of the caller's scope is 404;
a step the caller may not take is 403 (checked before the input is read, then again by the service);
a refusal by a rule is 400 with its code and message.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from chibo.accounts.roles import Action
from chibo.badges import selectors, services
from chibo.badges.api import serializers as s
from chibo.badges.models import Award, Round
from chibo.core.api import ScopedViewSet, scoped_unit, validated_query
from chibo.core.scoping import get_scoped_or_404, require


class RoundCursor(CursorPagination):
    """Stable pages, the latest award day first, without COUNT(*)."""

    ordering = ("-award_date", "-id")
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"


def _round_response(pk: int, code: int = status.HTTP_200_OK) -> Response:
    """The round with its list, as the service left it (services lock and return their own copy)."""
    return _render_round(Round.objects.select_related("unit").get(pk=pk), code)


def _render_round(round_: Round, code: int = status.HTTP_200_OK) -> Response:
    rows = selectors.round_awards(round_)
    round_.proposed = len(rows)  # type: ignore[attr-defined]  # the list's annotation, counted here
    return Response(s.BadgeRoundDetailSerializer(round_, context={"rows": rows}).data, status=code)


class RoundViewSet(mixins.ListModelMixin, ScopedViewSet):
    """Award rounds in the caller's scope: prepare one on an award day, add, approve."""

    base_queryset = Round.objects.select_related("unit")
    serializer_class = s.BadgeRoundSerializer
    pagination_class = RoundCursor
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Round]:
        if self.action != "list":
            return super().get_queryset()
        query = validated_query(s.UnitQuery, self.request)
        return selectors.round_list(
            user=self.request.user, within=scoped_unit(self.request, query.get("unit"))
        )

    @extend_schema(parameters=[s.UnitQuery])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _round(self) -> Round:
        """The round of the URL (404 out of scope), if the caller may manage its unit (403)."""
        round_: Round = get_scoped_or_404(
            Round.objects.select_related("unit"), self.request.user, Action.MANAGE, pk=self.kwargs["pk"]
        )
        return round_

    @extend_schema(responses=s.BadgeRoundDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return _render_round(
            get_scoped_or_404(Round.objects.select_related("unit"), request.user, Action.VIEW, pk=pk)
        )

    @extend_schema(request=s.BadgeRoundPrepareInput, responses={201: s.BadgeRoundDetailSerializer})
    def create(self, request: Request) -> Response:
        """Prepare the round of a committee on an award day: every member of its subtree due a badge."""
        data = self._input(s.BadgeRoundPrepareInput, request)
        round_ = services.badge_round_prepare(actor=request.user, **data)
        return _round_response(round_.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.BadgeAddInput, responses=s.BadgeRoundDetailSerializer)
    @action(detail=True, methods=["post"])
    def add(self, request: Request, pk: str) -> Response:
        """Add a member to the round: an early award with its reason, or a badge the list missed."""
        round_ = self._round()
        data = self._input(s.BadgeAddInput, request)
        services.badge_round_add(actor=request.user, round=round_, **data)
        return _round_response(round_.pk)

    @extend_schema(request=s.BadgeApproveInput, responses=s.BadgeRoundDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """The committee's decision: every badge of the round is awarded."""
        round_ = self._round()
        data = self._input(s.BadgeApproveInput, request)
        services.badge_round_approve(actor=request.user, round=round_, **data)
        return _round_response(round_.pk)

    @extend_schema(request=s.BadgeRemoveInput, responses={204: None})
    @action(detail=True, methods=["post"])
    def discard(self, request: Request, pk: str) -> Response:
        """Drop a round still being prepared, with its proposed badges (an approved round stays)."""
        round_ = self._round()
        data = self._input(s.BadgeRemoveInput, request)
        services.badge_round_discard(actor=request.user, round=round_, **data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AwardViewSet(ScopedViewSet):
    """One badge: read it, record its number once awarded, or take it out of a round in preparation."""

    base_queryset = Award.objects.select_related("member__unit", "round__unit")
    serializer_class = s.BadgeAwardSerializer
    lookup_value_regex = r"[0-9]+"

    def _award(self) -> Award:
        """The badge of the URL (404 out of scope), if the caller may manage its member (403)."""
        award: Award = get_scoped_or_404(
            self.base_queryset.all(), self.request.user, Action.MANAGE, pk=self.kwargs["pk"]
        )
        return award

    def retrieve(self, request: Request, pk: str) -> Response:
        award = get_scoped_or_404(self.base_queryset.all(), request.user, Action.VIEW, pk=pk)
        return Response(s.BadgeAwardSerializer(award).data)

    @extend_schema(request=s.BadgeNumberInput, responses=s.BadgeAwardSerializer)
    @action(detail=True, methods=["post"])
    def number(self, request: Request, pk: str) -> Response:
        """Record the number of the badge handed over."""
        award = self._award()
        data = self._input(s.BadgeNumberInput, request)
        services.badge_number_record(actor=request.user, award=award, **data)
        return Response(s.BadgeAwardSerializer(self.base_queryset.get(pk=award.pk)).data)

    @extend_schema(request=s.BadgeRemoveInput, responses=s.BadgeRoundDetailSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, pk: str) -> Response:
        """Take a badge out of a round still being prepared; answers the round."""
        award = self._award()
        if award.round is not None:  # the round's committee decides, not only the member's
            require(request.user, Action.MANAGE, award.round.unit)
        data = self._input(s.BadgeRemoveInput, request)
        round_id = award.round_id
        services.badge_award_remove(actor=request.user, award=award, **data)
        return _round_response(round_id)  # type: ignore[arg-type]  # a badge without round is refused


class HistoryViewSet(ScopedViewSet):
    """Badges awarded before chibo, recorded from the paper register so rounds do not propose them."""

    base_queryset = Award.objects.select_related("member__unit")
    serializer_class = s.BadgeAwardSerializer
    pagination_class = None

    @extend_schema(request=s.BadgeHistoryInput, responses={201: s.BadgeAwardSerializer})
    def create(self, request: Request) -> Response:
        data = self._input(s.BadgeHistoryInput, request)
        award = services.badge_history_record(actor=request.user, **data)
        return Response(
            s.BadgeAwardSerializer(self.base_queryset.get(pk=award.pk)).data, status.HTTP_201_CREATED
        )


class AwardDayViewSet(ScopedViewSet):
    """The next award days (3/2, 19/5, 2/9, 7/11), for choosing a round's day."""

    base_queryset = Round.objects.all()
    serializer_class = s.BadgeAwardDaysSerializer
    pagination_class = None

    @extend_schema(parameters=[s.AwardDaysQuery], responses=s.BadgeAwardDaysSerializer)
    def list(self, request: Request) -> Response:
        on = validated_query(s.AwardDaysQuery, request).get("on")
        return Response(s.BadgeAwardDaysSerializer({"days": selectors.upcoming_award_days(on)}).data)
