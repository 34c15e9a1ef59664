"""Pages of the reports: statistics as of any date (compare, Excel, PDF, submission), submitted
reports with their differences against today's data, data quality with a cleaning campaign."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from chibo.accounts.roles import Action
from chibo.core import regulations
from chibo.core.messages import violation_message
from chibo.core.scoping import can
from chibo.core.views import StaffView
from chibo.organizations.models import Unit
from chibo.organizations.selectors import scope_roots
from chibo.reports import exports, forms, present, selectors, services
from chibo.reports.models import QualityRun, QualitySnapshot, SubmittedReport
from chibo.reports.present import PROBLEM_LABELS
from chibo.rules.errors import RuleViolation


class _UnitMixin(StaffView):
    def unit_from_query(self, request: HttpRequest, code: str | None = None) -> Unit:
        """The unit of ``?unit=CODE`` (404 out of scope), else the first unit of the user's scope."""
        code = (code if code is not None else request.GET.get("unit", "")).strip().upper()
        if code:
            return self.scoped(Unit.objects.all(), Action.VIEW, code=code)  # type: ignore[return-value]
        roots = scope_roots(user=request.user)
        if not roots:
            raise Http404
        return roots[0]


class StatisticsView(_UnitMixin):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = forms.StatisticsQuery(request.GET or None)
        data = form.cleaned_data if form.is_bound and form.is_valid() else {"as_of": regulations.today()}
        unit = self.unit_from_query(request)
        report = selectors.statistics(
            unit=unit,
            as_of=data["as_of"],
            period_from=data.get("period_from"),
            period_to=data.get("period_to"),
        )
        other = None
        if data.get("compare"):
            other = selectors.statistics(unit=unit, as_of=data["compare"])
        may_submit = can(request.user, Action.MANAGE, unit)
        return render(
            request,
            "reports/statistics.html",
            {
                "unit": unit,
                "form": form if form.is_bound else forms.StatisticsQuery(initial={"unit": unit.code}),
                "report": report,
                "other": other,
                "headline": present.headline(report, other),
                "sections": present.sections(report, other),
                "query": request.GET.urlencode(),
                "may_submit": may_submit,
                "submit_form": forms.SubmitForm(
                    initial={
                        "as_of": report["as_of"],
                        "period_from": report["period_from"],
                        "period_to": report["period_to"],
                    }
                )
                if may_submit
                else None,
                "submitted": selectors.submitted_list(user=request.user, within=unit).filter(unit=unit)[:10],
            },
        )


class StatisticsExportView(_UnitMixin):
    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if fmt not in ("xlsx", "pdf", "json"):
            raise Http404
        form = forms.StatisticsQuery(request.GET or None)
        data = form.cleaned_data if form.is_bound and form.is_valid() else {"as_of": regulations.today()}
        unit = self.unit_from_query(request)
        report = selectors.statistics(
            unit=unit,
            as_of=data["as_of"],
            period_from=data.get("period_from"),
            period_to=data.get("period_to"),
        )
        other = selectors.statistics(unit=unit, as_of=data["compare"]) if data.get("compare") else None
        name = f"thong-ke-{unit.code}-{report['as_of']}"
        if fmt == "json":
            response = HttpResponse(exports.statistics_json(report), content_type="application/json")
        elif fmt == "xlsx":
            response = HttpResponse(
                exports.statistics_xlsx(report, other),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(exports.statistics_pdf(report, other), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response


class SubmitView(_UnitMixin):
    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        unit = self.scoped(Unit.objects.all(), Action.MANAGE, code=code.upper())
        form = forms.SubmitForm(request.POST)
        if form.is_valid():
            try:
                report = services.report_submit(actor=request.user, unit=unit, **form.cleaned_data)
            except RuleViolation as violation:
                form.add_error(None, violation_message(violation))
            else:
                messages.success(
                    request, _("The report was submitted: its figures are kept as they are now.")
                )
                return HttpResponseRedirect(reverse("reports:submitted_detail", args=[report.pk]))
        return render(request, "reports/submit_refused.html", {"unit": unit, "form": form}, status=400)


class SubmittedListView(_UnitMixin):
    def get(self, request: HttpRequest) -> HttpResponse:
        within = None
        if request.GET.get("unit"):
            within = self.unit_from_query(request)
        reports = selectors.submitted_list(user=request.user, within=within)[:200]
        return render(request, "reports/submitted_list.html", {"reports": reports, "within": within})


class SubmittedDetailView(StaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report: SubmittedReport = self.scoped(  # type: ignore[assignment]
            SubmittedReport.objects.select_related("unit", "submitted_by"), pk=pk
        )
        view = selectors.submitted_against_now(report)
        return render(
            request,
            "reports/submitted_detail.html",
            {
                "submitted": report,
                "report": report.figures,
                "headline": present.headline(report.figures, view.current),
                "sections": present.sections(report.figures, view.current),
                "differences": present.difference_rows(view.differences),
            },
        )


class QualityView(_UnitMixin):
    def get(self, request: HttpRequest) -> HttpResponse:
        unit = self.unit_from_query(request)
        try:
            selectors.check_quality_size(unit)
        except RuleViolation as refusal:
            return self._too_large(request, unit, refusal)
        quality = selectors.quality(unit, limit=200)
        snapshots = list(selectors.snapshot_list(user=request.user, unit=unit)[:20])
        chosen = None
        if request.GET.get("snapshot", "").isdigit():
            chosen = next((s for s in snapshots if s.pk == int(request.GET["snapshot"])), None)
        chosen = chosen or (snapshots[0] if snapshots else None)
        progress = selectors.campaign(chosen, selectors.problem_keys(unit)) if chosen else None
        if progress:
            for row in progress["rows"]:
                row["label"] = PROBLEM_LABELS.get(row["kind"], row["kind"])
        may_manage = can(request.user, Action.MANAGE, unit)
        return render(
            request,
            "reports/quality.html",
            {
                "unit": unit,
                "quality": quality,
                "counts": [
                    (kind, PROBLEM_LABELS[kind], quality["counts"][kind]) for kind in selectors.PROBLEM_KINDS
                ],
                "problems": [(p, PROBLEM_LABELS[p.kind]) for p in quality["problems"]],
                "snapshots": snapshots,
                "chosen": chosen,
                "progress": progress,
                "snapshot_form": forms.SnapshotForm() if may_manage else None,
            },
        )

    def _too_large(self, request: HttpRequest, unit: Unit, refusal: RuleViolation) -> HttpResponse:
        """The units below, and the last background check of the whole subtree."""
        children = Unit.objects.get_children(unit).filter(dissolved_on__isnull=True).order_by("path")
        runs = QualityRun.objects.filter(unit=unit)
        run = runs.first()
        done = runs.filter(state=QualityRun.State.DONE).first()
        quality = selectors.quality_from_result(done.result) if done else None
        context: dict[str, Any] = {
            "unit": unit,
            "refusal": violation_message(refusal),
            "children": children,
            "run": run,
            "done": done,
            "may_request": can(request.user, Action.MANAGE, unit)
            and (not run or run.shown_state not in services.IN_PROGRESS),
            "quality": quality,
        }
        if quality:
            context["counts"] = [
                (kind, PROBLEM_LABELS[kind], quality["counts"][kind]) for kind in selectors.PROBLEM_KINDS
            ]
            context["problems"] = [(p, PROBLEM_LABELS[p.kind]) for p in quality["problems"]]
        return render(request, "reports/quality_too_large.html", context)


class QualityRunView(_UnitMixin):
    """Ask for the background check of a subtree too large for the page."""

    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        unit: Unit = self.scoped(Unit.objects.all(), Action.MANAGE, code=code.upper())  # type: ignore[assignment]
        try:
            services.quality_run_request(actor=request.user, unit=unit)
            messages.success(
                request, _("The check of the whole subtree was queued: its result will show here.")
            )
        except RuleViolation as refusal:
            messages.error(request, violation_message(refusal))
        return HttpResponseRedirect(f"{reverse('reports:quality')}?unit={unit.code}")


class QualityExportView(_UnitMixin):
    """The data-quality workbook of a subtree the page checks at once; recorded in the audit trail
    as an export (``services.quality_exported``)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = self.unit_from_query(request)
        try:
            selectors.check_quality_size(unit)
        except RuleViolation as refusal:
            messages.error(request, violation_message(refusal))
            return HttpResponseRedirect(f"{reverse('reports:quality')}?unit={unit.code}")
        quality = selectors.quality(unit, limit=None)
        workbook = exports.quality_xlsx(quality, PROBLEM_LABELS)
        services.quality_exported(
            actor=request.user, unit=unit, problems=quality["problems_total"], via="page"
        )
        response = HttpResponse(
            workbook, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="chat-luong-du-lieu-{unit.code}.xlsx"'
        return response


class SnapshotView(_UnitMixin):
    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        unit: Unit = self.scoped(Unit.objects.all(), Action.MANAGE, code=code.upper())  # type: ignore[assignment]
        form = forms.SnapshotForm(request.POST)
        form.is_valid()
        try:
            snapshot: QualitySnapshot = services.quality_snapshot_take(
                actor=request.user, unit=unit, label=form.cleaned_data.get("label", "")
            )
        except RuleViolation as refusal:
            messages.error(request, violation_message(refusal))
            return HttpResponseRedirect(f"{reverse('reports:quality')}?unit={unit.code}")
        messages.success(request, _("The problems open today were recorded: the campaign counts from here."))
        return HttpResponseRedirect(f"{reverse('reports:quality')}?unit={unit.code}&snapshot={snapshot.pk}")
