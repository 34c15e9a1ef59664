"""Pages of the data exchange: roster imports (upload → check → preview → confirm → progress →
result and report) and the roster export and template.

The upload view only stores the file (with a size limit) and queues its check: no workbook is
parsed in a request, so a large or hostile file never holds a web worker.
"""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from chibo.accounts.roles import Action
from chibo.core.messages import violation_message
from chibo.core.scoping import can, visible_to
from chibo.core.views import StaffView
from chibo.exchange import exports, forms, services, tasks
from chibo.exchange.models import ImportJob
from chibo.members import forms as member_forms
from chibo.members import selectors as member_selectors
from chibo.members import services as member_services
from chibo.organizations.models import Unit
from chibo.rules.errors import RuleViolation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _jobs(user) -> object:  # type: ignore[no-untyped-def]
    return visible_to(ImportJob.objects.select_related("unit", "created_by"), user, Action.MANAGE)


class ImportListView(StaffView):
    """The imports of the user's scope, and the upload form."""

    required_action = Action.MANAGE

    def get(self, request: HttpRequest, form: forms.UploadForm | None = None) -> HttpResponse:
        return render(
            request,
            "exchange/import_list.html",
            {
                "jobs": _jobs(request.user)[:50],
                "form": form or forms.UploadForm(initial={"unit": request.GET.get("unit", "")}),
                "max_bytes": services.max_upload_bytes(),
            },
        )


class UploadView(ImportListView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._invalid(request, form)
        unit = self.scoped(Unit.objects.all(), code=form.cleaned_data["unit"])
        try:
            job = services.import_job_create(
                actor=request.user,
                unit=unit,
                upload=form.cleaned_data["file"],
                skip_invalid=form.cleaned_data["skip_invalid"],
            )
        except RuleViolation as violation:
            form.add_error(None, violation_message(violation))
            return self._invalid(request, form)
        tasks.start_check(job)
        return HttpResponseRedirect(reverse("exchange:detail", args=[job.pk]))

    def _invalid(self, request: HttpRequest, form: forms.UploadForm) -> HttpResponse:
        response = self.get(request, form)
        response.status_code = 400
        return response


class ImportDetailView(StaffView):
    """One import: checking (polling), the preview and summary with the confirm button, the
    progress while it runs (polling), then the result and the report."""

    required_action = Action.MANAGE
    template_name = "exchange/import_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.scoped(ImportJob.objects.select_related("unit", "created_by"), pk=pk)
        return render(request, self.template_name, _context(job))


class ImportProgressView(ImportDetailView):
    """The status part of the page (htmx polls it every second while the job works)."""

    template_name = "exchange/_status.html"


def _context(job: ImportJob) -> dict[str, object]:
    working = job.shown_state in (ImportJob.State.CHECKING, ImportJob.State.QUEUED, ImportJob.State.RUNNING)
    done = job.rows_done if job.shown_state in (ImportJob.State.CHECKING, ImportJob.State.RUNNING) else 0
    total = job.rows_total or 0
    problems = [
        (row["sheet"], row["row"], column, violation_message(RuleViolation(code, **params)))
        for row in job.preview
        for column, code, params in row.get("errors", [])
    ]
    return {
        "job": job,
        "problems": problems,
        "working": working,
        "done_rows": done,
        "percent": min(100, round(100 * done / total)) if total else 0,
        "columns": [c.header for c in services.rows.COLUMNS],
        "fields": ["unit_code", *services.rows.MEMBER_FIELDS],
        "may_confirm": job.state == ImportJob.State.CHECKED and (job.skip_invalid or not job.rows_invalid),
    }


class ConfirmView(StaffView):
    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.scoped(ImportJob.objects.select_related("unit"), pk=pk)
        try:
            job = services.import_job_confirm(actor=request.user, job=job)
        except RuleViolation as violation:
            messages.error(request, violation_message(violation))
            return HttpResponseRedirect(reverse("exchange:detail", args=[pk]))
        tasks.start_run(job)
        return HttpResponseRedirect(reverse("exchange:detail", args=[pk]))


class ReportView(StaffView):
    required_action = Action.MANAGE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.scoped(ImportJob.objects.select_related("unit"), pk=pk)
        if not job.report:
            raise Http404
        return FileResponse(job.report.open("rb"), as_attachment=True, filename=f"bao-cao-nhap-{job.pk}.xlsx")


class TemplateView(StaffView):
    """The empty roster template."""

    def get(self, request: HttpRequest) -> HttpResponse:
        out = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes it
        exports.template_xlsx(out)
        out.seek(0)
        return FileResponse(
            out, as_attachment=True, filename="mau-danh-sach-dang-vien.xlsx", content_type=XLSX
        )


class ExportView(StaffView):
    """The member list (scoped and filtered like the list page) in the roster layout. The CCCD
    and religion columns need Action.SENSITIVE over the whole export; the export is audited
    (``member_list_exported``)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = member_forms.MemberFilterForm(request.GET or None)
        within = None
        if request.GET.get("unit"):
            within = self.scoped(Unit.objects.all(), code=request.GET["unit"].upper())
        members = member_selectors.member_list(user=request.user, filters=form.filters(), within=within)
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
            query=request.GET.urlencode(),
        )
        name = within.code if within else "chibo"
        return FileResponse(out, as_attachment=True, filename=f"danh-sach-{name}.xlsx", content_type=XLSX)


def may_export_sensitive(user: object, within: Unit | None) -> bool:
    if within is not None:
        return can(user, Action.SENSITIVE, within)
    return member_selectors.covers_sensitive(user)
