"""The admission API: candidates and their steps, the deadline board, targets and the funnel.

The same roles, scope and services as the pages: a candidate out of the caller's scope is 404; a
step the caller may not take is 403 (checked on the committee whose step it is, before the input is
read, then again by the service); a refusal by a rule is 400 with its code and message.
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
from chibo.admissions import selectors, services
from chibo.admissions.api import serializers as s
from chibo.admissions.models import Candidate, Target
from chibo.core import regulations
from chibo.core.api import ScopedViewSet, scoped_unit, validated_query
from chibo.core.scoping import get_scoped_or_404, require
from chibo.organizations.selectors import active_children_of, scope_roots

DETAIL_RELATED = ("unit", "member", "deciding_unit")


class CandidateCursor(CursorPagination):
    """Stable pages in the order candidates were recorded, without COUNT(*)."""

    ordering = ("id",)
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"


class CandidateViewSet(mixins.ListModelMixin, ScopedViewSet):
    """Candidates in the caller's scope and every step of their pipeline (the services of the UI)."""

    base_queryset = Candidate.objects.select_related("unit")
    serializer_class = s.CandidateSerializer
    pagination_class = CandidateCursor
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Candidate]:
        if self.action != "list":
            return super().get_queryset()
        query = validated_query(s.CandidateFilterQuery, self.request)
        return selectors.candidate_list(
            user=self.request.user,
            within=scoped_unit(self.request, query.get("unit")),
            stage=query.get("stage", ""),
            q=query.get("q", ""),
            include_closed=query["include_closed"],
        )

    @extend_schema(parameters=[s.CandidateFilterQuery])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _candidate(self, committee: str = "cell") -> Candidate:
        """The candidate of the URL (404 out of scope), if the caller may act for ``committee``:
        the chi bộ itself, its grassroots organisation, or the committee that decides (403)."""
        candidate: Candidate = get_scoped_or_404(
            Candidate.objects.select_related("unit", "deciding_unit"),
            self.request.user,
            Action.VIEW,
            pk=self.kwargs["pk"],
        )
        if committee == "grassroots":
            unit = services.grassroots_of(candidate.unit)
        elif committee == "deciding":
            unit = services.deciding_unit_for(candidate.unit)
        elif committee == "decided":  # recognition: the committee that signed the admission
            unit = candidate.deciding_unit or services.deciding_unit_for(candidate.unit)
        else:
            unit = candidate.unit
        require(self.request.user, Action.MANAGE, unit)
        return candidate

    @staticmethod
    def _render(candidate: Candidate, code: int = status.HTTP_200_OK) -> Response:
        detail = selectors.candidate_detail(candidate)
        return Response(s.CandidateDetailSerializer(candidate, context={"detail": detail}).data, status=code)

    def _detail(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        """The candidate as the service left it (services lock and return their own copy)."""
        return self._render(Candidate.objects.select_related(*DETAIL_RELATED).get(pk=pk), code)

    @extend_schema(responses=s.CandidateDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        candidate = Candidate.objects.select_related(*DETAIL_RELATED)
        return self._render(get_scoped_or_404(candidate, request.user, Action.VIEW, pk=pk))

    @extend_schema(request=s.CandidateCreateInput, responses={201: s.CandidateDetailSerializer})
    def create(self, request: Request) -> Response:
        data = self._input(s.CandidateCreateInput, request)
        unit, entered_on = data.pop("unit"), data.pop("entered_on")
        candidate = services.candidate_create(
            actor=request.user, unit=unit, spec=services.CandidateSpec(**data), entered_on=entered_on
        )
        return self._detail(candidate.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.CandidateUpdateInput, responses=s.CandidateDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Correct the person's details; ``version`` is the one read (a stale one is refused)."""
        candidate = self._candidate()
        data = self._input(s.CandidateUpdateInput, request)
        version = data.pop("version")
        services.candidate_update(actor=request.user, candidate=candidate, version=version, changes=data)
        return self._detail(candidate.pk)

    @extend_schema(request=s.CertificateInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["post"])
    def certificate(self, request: Request, pk: str) -> Response:
        """The awareness class is done: the certificate's number and date."""
        candidate = self._candidate()
        data = self._input(s.CertificateInput, request)
        services.candidate_certificate(actor=request.user, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(request=s.PaperInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["post"])
    def papers(self, request: Request, pk: str) -> Response:
        """Record (or replace) one paper of the dossier."""
        candidate = self._candidate()
        data = self._input(s.PaperInput, request)
        services.dossier_paper_record(actor=request.user, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(request=s.IntroducerInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["post"])
    def introducers(self, request: Request, pk: str) -> Response:
        """Assign an official member as introducer."""
        candidate = self._candidate()
        data = self._input(s.IntroducerInput, request)
        services.introducer_assign(actor=request.user, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(request=s.OnInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["post"], url_path="dossier-complete")
    def dossier_complete(self, request: Request, pk: str) -> Response:
        candidate = self._candidate()
        data = self._input(s.OnInput, request)
        services.candidate_dossier_complete(actor=request.user, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(request=s.OnInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["post"], url_path="dossier-redo")
    def dossier_redo(self, request: Request, pk: str) -> Response:
        """A dossier older than 12 months without a vote: its papers to redo are dropped."""
        candidate = self._candidate()
        data = self._input(s.OnInput, request)
        services.candidate_dossier_redo(actor=request.user, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(request=s.VoteInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["post"], url_path="cell-vote")
    def cell_vote(self, request: Request, pk: str) -> Response:
        """The chi bộ's vote on the admission; a failed vote is recorded (see ``votes``)."""
        candidate = self._candidate()
        data = self._input(s.VoteInput, request)
        services.candidate_cell_vote(actor=request.user, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(request=s.UpperResolutionInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["post"], url_path="upper-resolution")
    def upper_resolution(self, request: Request, pk: str) -> Response:
        """The đảng ủy cơ sở's resolution (its right, not the chi bộ's)."""
        candidate = self._candidate("grassroots")
        data = self._input(s.UpperResolutionInput, request)
        services.candidate_upper_resolution(actor=request.user, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(request=s.DecideInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        """The admission decision of the competent committee: the member record is created."""
        candidate = self._candidate("deciding")
        data = self._input(s.DecideInput, request)
        services.candidate_decide(actor=request.user, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(request=s.CeremonyInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["post"])
    def ceremony(self, request: Request, pk: str) -> Response:
        candidate = self._candidate()
        data = self._input(s.CeremonyInput, request)
        services.candidate_ceremony(actor=request.user, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(request=s.VoteInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["post"], url_path="recognition-vote")
    def recognition_vote(self, request: Request, pk: str) -> Response:
        candidate = self._candidate()
        data = self._input(s.VoteInput, request)
        services.candidate_recognition_vote(actor=request.user, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(request=s.RecognitionDecisionInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["post"])
    def recognise(self, request: Request, pk: str) -> Response:
        """The recognition decision: official member as of the end of probation."""
        candidate = self._candidate("decided")
        data = self._input(s.RecognitionDecisionInput, request)
        services.candidate_recognise(actor=request.user, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(request=s.NotRecognisedInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["post"], url_path="not-recognised")
    def not_recognised(self, request: Request, pk: str) -> Response:
        """Not recognised as official member: the member is removed from the list."""
        candidate = self._candidate("decided")
        data = self._input(s.NotRecognisedInput, request)
        services.candidate_not_recognised(actor=request.user, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(request=s.CloseInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        candidate = self._candidate()
        data = self._input(s.CloseInput, request)
        services.candidate_withdraw(actor=request.user, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(request=s.CloseInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        candidate = self._candidate()
        data = self._input(s.CloseInput, request)
        services.candidate_reject(actor=request.user, candidate=candidate, **data)
        return self._detail(candidate.pk)


class DeadlineViewSet(ScopedViewSet):
    """The deadline board: overdue first, then by date (``selectors.deadline_board``)."""

    base_queryset = Candidate.objects.all()
    serializer_class = s.DeadlineSerializer
    pagination_class = None

    @extend_schema(parameters=[s.UnitQuery], responses=s.DeadlineSerializer(many=True))
    def list(self, request: Request) -> Response:
        within = scoped_unit(request, validated_query(s.UnitQuery, request).get("unit"))
        board = selectors.deadline_board(user=request.user, within=within)
        return Response(s.DeadlineSerializer(board, many=True).data)


class FunnelViewSet(ScopedViewSet):
    """Candidates by stage: the open ones, and those closed during the year."""

    base_queryset = Candidate.objects.all()
    serializer_class = s.StageCountSerializer
    pagination_class = None

    @extend_schema(parameters=[s.UnitYearQuery], responses=s.StageCountSerializer(many=True))
    def list(self, request: Request) -> Response:
        query = validated_query(s.UnitYearQuery, request)
        rows = selectors.funnel(
            user=request.user, within=scoped_unit(request, query.get("unit")), year=query.get("year")
        )
        return Response(s.StageCountSerializer(rows, many=True).data)


class TargetViewSet(ScopedViewSet):
    """Yearly admission targets: a unit's (default: the caller's scope roots) and its children's."""

    base_queryset = Target.objects.select_related("unit")
    serializer_class = s.TargetsSerializer
    pagination_class = None

    @extend_schema(parameters=[s.UnitYearQuery], responses=s.TargetsSerializer)
    def progress(self, request: Request) -> Response:
        query = validated_query(s.UnitYearQuery, request)
        year = query.get("year") or regulations.today().year
        unit = scoped_unit(request, query.get("unit"))
        roots = [unit] if unit is not None else scope_roots(user=request.user)
        children = active_children_of(roots)
        units = [*roots, *(child for kids in children.values() for child in kids)]
        progress = {row.unit.pk: row for row in selectors.target_progress(units=units, year=year)}
        blocks = [
            {
                "unit": root,
                "target": progress[root.pk].target,
                "admitted": progress[root.pk].admitted,
                "percent": progress[root.pk].percent,
                "children": [progress[child.pk] for child in children[root.pk]],
            }
            for root in roots
        ]
        return Response(s.TargetsSerializer({"year": year, "units": blocks}).data)

    @extend_schema(request=s.TargetInput, responses=s.ProgressSerializer)
    def set(self, request: Request) -> Response:
        """Set a unit's target for a year: the right is the level above's (MANAGE on the parent)."""
        data = self._input(s.TargetInput, request)
        target = services.target_set(actor=request.user, **data)
        (row,) = selectors.target_progress(units=[target.unit], year=target.year)
        return Response(s.ProgressSerializer(row).data)
