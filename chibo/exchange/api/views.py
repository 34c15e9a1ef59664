"""The data exchange API: roster imports (multipart upload, status with progress and counts,
confirmation, report download) and the roster export.

The same roles, scope and services as the pages: an import needs Action.MANAGE on its unit, an
export Action.VIEW (the CCCD and religion columns only with Action.SENSITIVE over the whole
export, otherwise they are left empty and the sheet says so). Upload and confirmation only queue
background jobs: no workbook is parsed in a request.
"""

from __future__ import annotations

import tempfile
from typing import Any

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from chibo.accounts.roles import Action
from chibo.core.api import ScopedViewSet, scoped_unit, validated_query
from chibo.core.scoping import get_scoped_or_404, paths_for
from chibo.exchange import exports, services, tasks
from chibo.exchange.api import serializers as s
from chibo.exchange.models import ImportJob
from chibo.exchange.views import XLSX, may_export_sensitive
from chibo.members import selectors as member_selectors
from chibo.members import services as member_services
from chibo.members.selectors import MemberFilters
from chibo.organizations.models import Unit


class ImportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Roster imports in the caller's MANAGE scope."""

    scope_action = Action.MANAGE
    base_queryset = ImportJob.objects.select_related("unit", "created_by")
    serializer_class = s.ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser]
    lookup_value_regex = r"[0-9]+"

    def _job(self) -> ImportJob:
        job: ImportJob = get_scoped_or_404(
            self.base_queryset.all(), self.request.user, Action.MANAGE, pk=self.kwargs["pk"]
        )
        return job

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not paths_for(request.user, Action.MANAGE):
            raise PermissionDenied
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(s.ImportJobSerializer(self._job()).data)

    @extend_schema(request=s.ImportUploadInput, responses={201: s.ImportJobSerializer})
    def create(self, request: Request) -> Response:
        """Upload a roster: it is stored and checked in the background (poll the job's state)."""
        if not paths_for(request.user, Action.MANAGE):
            raise PermissionDenied
        data = s.ImportUploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        unit = get_scoped_or_404(
            Unit.objects.all(), request.user, Action.MANAGE, code=data.validated_data["unit"].strip().upper()
        )
        job = services.import_job_create(
            actor=request.user,
            unit=unit,
            upload=data.validated_data["file"],
            skip_invalid=data.validated_data["skip_invalid"],
        )
        tasks.start_check(job)
        job.refresh_from_db()
        return Response(s.ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.ImportJobSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        """Confirm a checked import: it runs in the background, all in one transaction."""
        job = services.import_job_confirm(actor=request.user, job=self._job())
        tasks.start_run(job)
        job.refresh_from_db()
        return Response(s.ImportJobSerializer(job).data)

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def report(self, request: Request, pk: str) -> FileResponse:
        """The report (.xlsx, Vietnamese): the summary and every bad cell (sheet, row, column, reason)."""
        job = self._job()
        if not job.report:
            raise Http404
        return FileResponse(job.report.open("rb"), as_attachment=True, filename=f"bao-cao-nhap-{job.pk}.xlsx")


class RosterExportViewSet(viewsets.GenericViewSet):
    """The members of the caller's scope (or of ``?unit=``) in the roster layout (.xlsx)."""

    @extend_schema(parameters=[s.ExportQuery], responses={(200, XLSX): OpenApiTypes.BINARY})
    def list(self, request: Request) -> FileResponse:
        query = validated_query(s.ExportQuery, request)
        within = scoped_unit(request, query.pop("unit", None))
        filters = MemberFilters(**{k: v.strip() for k, v in query.items()})
        members = member_selectors.member_list(user=request.user, filters=filters, within=within)
        sensitive = may_export_sensitive(request.user, within)
        out = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes it
        count = exports.write_roster(exports.roster_values(members), out, sensitive=sensitive)
        out.seek(0)
        member_services.member_list_exported(
            actor=request.user,
            unit=within,
            fmt="roster-xlsx",
            count=count,
            sensitive=sensitive,
            query=request.query_params.urlencode(),
        )
        name = within.code if within else "chibo"
        return FileResponse(out, as_attachment=True, filename=f"danh-sach-{name}.xlsx", content_type=XLSX)
