"""Pages of inspection and discipline: cases, programmes, figures, the Excel export.

Only holders of ``Action.DISCIPLINE`` (inspection committee, organisation board) see anything:
without the right anywhere → 403; an object outside the subtrees where they hold it → 404.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chibo.accounts.roles import Action
from chibo.core import regulations
from chibo.core.messages import violation_message
from chibo.core.scoping import paths_for, visible_to
from chibo.core.views import ServiceFormView, StaffView
from chibo.discipline import forms, selectors, services
from chibo.discipline.models import Case, Category, Form, Programme
from chibo.members.models import MemberStatus
from chibo.organizations.models import Unit
from chibo.organizations.selectors import active_children_of
from chibo.rules import discipline as rules
from chibo.rules.errors import RuleViolation


def discipline_roots(user: Any) -> list[Unit]:
    """The top units where the user holds DISCIPLINE."""
    paths = paths_for(user, Action.DISCIPLINE)
    if paths == [""]:
        return list(Unit.objects.get_root_nodes())
    return list(Unit.objects.filter(path__in=paths).order_by("path"))


class DisciplineView(StaffView):
    required_action = Action.DISCIPLINE

    def scoped(self, queryset: QuerySet, action: Action | None = None, **lookup: Any) -> Model:
        """The object in the user's DISCIPLINE scope, or 404 (also for those who only VIEW it)."""
        try:
            return visible_to(queryset, self.request.user, Action.DISCIPLINE).get(**lookup)
        except queryset.model.DoesNotExist as exc:
            raise Http404 from exc

    def unit_from_query(self) -> Unit | None:
        code = self.request.GET.get("unit", "").strip().upper()
        return self.scoped(Unit.objects.all(), code=code) if code else None  # type: ignore[return-value]


def _filters(request: HttpRequest) -> dict[str, Any]:
    form = forms.CaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return {
        key: data.get(key) or ("" if key != "year" else None) for key in ("year", "form", "category", "state")
    }


class CaseListView(DisciplineView):
    def get(self, request: HttpRequest) -> HttpResponse:
        within = self.unit_from_query()
        filters = _filters(request)
        cases = selectors.case_list(user=request.user, within=within, **filters)
        page = Paginator(cases, 50).get_page(request.GET.get("page"))
        today = regulations.today()
        rows = [{"case": c, "in_effect": selectors.is_in_effect(c, today)} for c in page]
        return render(
            request,
            "discipline/case_list.html",
            {
                "page": page,
                "rows": rows,
                "within": within,
                "filter_form": forms.CaseFilterForm(request.GET or None),
                "roots": [within] if within else discipline_roots(request.user),
                "query": request.GET.urlencode(),
            },
        )


class CaseExportView(DisciplineView):
    """The case list with the page's filters as an Excel workbook (XlsxWriter, constant memory)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        import xlsxwriter

        cases = selectors.case_list(user=request.user, within=self.unit_from_query(), **_filters(request))
        out = io.BytesIO()
        workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
        sheet = workbook.add_worksheet(_("Discipline cases")[:31])
        bold = workbook.add_format({"bold": True})
        day = workbook.add_format({"num_format": "dd/mm/yyyy"})
        headers = [
            _("Subject"),
            _("Handling committee"),
            _("Violation category"),
            _("Violation date"),
            _("State"),
            _("Discipline form"),
            _("Decision number"),
            _("Decided on"),
            _("Deciding body"),
            _("Announced on"),
            _("In effect until"),
            _("Annulled on"),
        ]
        sheet.write_row(0, 0, headers, bold)
        for row, case in enumerate(cases.iterator(chunk_size=2000), start=1):
            texts = [
                case.subject_name,
                case.unit.name,
                case.get_category_display(),
                None,
                case.get_state_display(),
                case.get_form_display(),
                case.decision_number,
                None,
                case.deciding_body,
            ]
            sheet.write_row(row, 0, texts)
            days = (
                case.violation_on,
                case.decided_on,
                case.announced_on,
                case.effect_ends_on,
                case.annulled_on,
            )
            for col, value in zip((3, 7, 9, 10, 11), days, strict=True):
                if value:
                    sheet.write_datetime(row, col, value, day)
        workbook.close()
        response = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = 'attachment; filename="ky-luat.xlsx"'
        return response


class CaseCreateView(DisciplineView, ServiceFormView):
    template_name = "discipline/form.html"
    form_class = forms.CaseOpenForm
    success_message = gettext_lazy("The discipline case was opened.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "unit": self.get_unit()}

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"subject": Case.Subject.MEMBER, "opened_on": regulations.today()}
        if self.request.GET.get("member", "").isdigit():
            initial["member"] = int(self.request.GET["member"])
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(unit=self.get_unit(), title=_("Open a discipline case"), **kwargs)

    def perform(self, form: Any) -> Case:
        data = dict(form.cleaned_data)
        data.pop("subject")
        return services.case_open(actor=self.request.user, unit=self.get_unit(), **data)

    def get_success_url(self) -> str:
        return reverse("discipline:case_detail", args=[self.result.pk])


def _allowed_forms(case: Case) -> tuple[str, ...]:
    if case.subject == rules.ORGANISATION or case.member is None:
        return rules.allowed_forms(rules.ORGANISATION)
    return rules.allowed_forms(
        rules.MEMBER,
        probationary=case.member.status == MemberStatus.PROBATIONARY,
        holds_office=services.holds_office(case.member),
    )


#: The action of each step: (form, state it follows, service, message).
CASE_ACTIONS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "report": (forms.ReportForm, (Case.State.OPENED,)),
    "review": (forms.ReviewForm, (Case.State.REPORTED,)),
    "decide": (forms.DecideForm, (Case.State.REVIEWED,)),
    "announce": (forms.DayForm, (Case.State.DECIDED,)),
    "complaint": (forms.DayForm, (Case.State.ANNOUNCED,)),
    "ruling": (forms.RulingForm, (Case.State.ANNOUNCED,)),
    "annul": (forms.AnnulForm, (Case.State.DECIDED, Case.State.ANNOUNCED)),
}


def _case_forms(case: Case) -> dict[str, Any]:
    shown = {}
    for name, (form_class, states) in CASE_ACTIONS.items():
        if case.state not in states:
            continue
        if name == "complaint" and case.complaint_on:
            continue
        if name == "ruling" and (not case.complaint_on or case.complaint_ruled_on):
            continue
        kwargs = {"allowed": _allowed_forms(case)} if name == "decide" else {}
        shown[name] = form_class(prefix=name, **kwargs)
    return shown


def _perform(name: str, user: Any, case: Case, data: dict[str, Any]) -> Case:
    if name == "report":
        return services.case_report(actor=user, case=case, **data)
    if name == "review":
        return services.case_review(actor=user, case=case, **data)
    if name == "decide":
        return services.case_decide(actor=user, case=case, **data)
    if name == "announce":
        return services.case_announce(actor=user, case=case, on=data["on"])
    if name == "complaint":
        return services.case_complaint(actor=user, case=case, on=data["on"])
    if name == "ruling":
        return services.case_complaint_ruling(actor=user, case=case, **data)
    return services.case_annul(actor=user, case=case, **data)


CASE_QUERYSET = Case.objects.select_related("unit", "member", "member__unit", "target_unit", "programme")


class CaseDetailView(DisciplineView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.scoped(CASE_QUERYSET, pk=pk)
        return render(request, "discipline/case_detail.html", self.context(case))

    def context(self, case: Any, **replaced: Any) -> dict[str, Any]:
        shown = _case_forms(case)
        shown.update(replaced)
        steps = [
            (_("Violation"), case.violation_on, ""),
            (_("Opened"), case.opened_on, ""),
            (_("Report / self-criticism (tự kiểm điểm)"), case.reported_on, case.report_note),
            (_("Review by the competent body"), case.reviewed_on, case.reviewing_body),
            (
                _("Decision"),
                case.decided_on,
                " · ".join(filter(None, [case.decision_number, case.deciding_body])),
            ),
            (_("Announcement"), case.announced_on, ""),
        ]
        if case.complaint_on:
            steps.append((_("Complaint lodged"), case.complaint_on, ""))
        if case.complaint_ruled_on:
            steps.append((_("Complaint ruling announced"), case.complaint_ruled_on, case.complaint_ruling))
        if case.annulled_on:
            steps.append((_("Annulled by a higher decision"), case.annulled_on, case.annulment_decision))
        return {
            "case": case,
            "steps": steps,
            "forms": shown,
            "in_effect": selectors.is_in_effect(case),
            "allowed_forms": [Form(f).label for f in _allowed_forms(case)]
            if case.state != "annulled"
            else [],
            "dissolution": case.form == rules.GIAI_TAN and case.target_unit is not None,
            "limitation_applies": rules.limitation_applies(case.category),
        }


class CaseActionView(CaseDetailView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in CASE_ACTIONS:
            raise Http404
        case = self.scoped(CASE_QUERYSET, pk=pk)
        form_class = CASE_ACTIONS[action][0]
        kwargs = {"allowed": _allowed_forms(case)} if action == "decide" else {}
        form = form_class(request.POST, prefix=action, **kwargs)
        if form.is_valid():
            try:
                _perform(action, request.user, case, form.cleaned_data)
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse("discipline:case_detail", args=[case.pk]))
            except RuleViolation as violation:
                form.add_error(None, violation_message(violation))
        return render(
            request, "discipline/case_detail.html", self.context(case, **{action: form}), status=400
        )


# --- programmes -----------------------------------------------------------------------------


class ProgrammeListView(DisciplineView):
    def get(self, request: HttpRequest) -> HttpResponse:
        year = request.GET.get("year", "")
        status = request.GET.get("status", "")
        programmes = selectors.programme_list(
            user=request.user,
            year=int(year) if year.isdigit() else None,
            status=status if status in Programme.Status.values else "",
        )
        within = self.unit_from_query()
        page = Paginator(programmes, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "discipline/programme_list.html",
            {
                "page": page,
                "roots": [within] if within else discipline_roots(request.user),
                "statuses": Programme.Status.choices,
                "year": year,
                "status": status,
            },
        )


class ProgrammeFormView(DisciplineView, ServiceFormView):
    template_name = "discipline/form.html"
    form_class = forms.ProgrammeForm
    success_message = gettext_lazy("The programme was saved.")

    def get_unit(self) -> Unit:
        if not hasattr(self, "_unit"):
            if "code" in self.kwargs:
                self.programme = None
                self._unit = self.scoped(Unit.objects.all(), code=self.kwargs["code"])
            else:
                self.programme = self.scoped(Programme.objects.select_related("unit"), pk=self.kwargs["pk"])
                self._unit = self.programme.unit
        return self._unit  # type: ignore[return-value]

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "unit": self.get_unit()}

    def get_initial(self) -> dict[str, Any]:
        self.get_unit()
        if self.programme is None:
            return {"year": regulations.today().year}
        p = self.programme
        return {
            **{f: getattr(p, f) for f in services.PROGRAMME_FIELDS},
            "target_units": list(p.target_units.all()),
            "target_members": list(p.target_members.all()),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.get_unit()
        title = _("Plan a programme") if self.programme is None else _("Change the programme")
        return super().get_context_data(unit=self.get_unit(), programme=self.programme, title=title, **kwargs)

    def perform(self, form: Any) -> Programme:
        data = dict(form.cleaned_data)
        units, members = data.pop("target_units"), data.pop("target_members")
        if self.programme is None:
            return services.programme_create(
                actor=self.request.user,
                unit=self.get_unit(),
                target_units=units,
                target_members=members,
                **data,
            )
        return services.programme_update(
            actor=self.request.user, programme=self.programme, changes=data, target_units=units,
            target_members=members,
        )  # fmt: skip

    def get_success_url(self) -> str:
        return reverse("discipline:programme_detail", args=[self.result.pk])


class ProgrammeDetailView(DisciplineView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = self.scoped(Programme.objects.select_related("unit"), pk=pk)
        return render(request, "discipline/programme_detail.html", self.context(programme))

    def context(self, programme: Any, **replaced: Any) -> dict[str, Any]:
        shown: dict[str, Any] = {}
        if programme.status == Programme.Status.PLANNED:
            shown["start"] = forms.ProgrammeStartForm(prefix="start")
        if programme.status == Programme.Status.IN_PROGRESS:
            shown["conclude"] = forms.ProgrammeConcludeForm(prefix="conclude")
        shown.update(replaced)
        return {
            "programme": programme,
            "target_units": programme.target_units.order_by("path"),
            "target_members": programme.target_members.select_related("unit").order_by("name_sort"),
            "cases": programme.cases.select_related("member", "target_unit").order_by("-opened_on"),
            "forms": shown,
        }


class ProgrammeActionView(ProgrammeDetailView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in ("start", "conclude"):
            raise Http404
        programme = self.scoped(Programme.objects.select_related("unit"), pk=pk)
        form_class = forms.ProgrammeStartForm if action == "start" else forms.ProgrammeConcludeForm
        form = form_class(request.POST, prefix=action)
        if form.is_valid():
            try:
                if action == "start":
                    services.programme_start(
                        actor=request.user, programme=programme, on=form.cleaned_data["on"]
                    )
                else:
                    services.programme_conclude(actor=request.user, programme=programme, **form.cleaned_data)
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse("discipline:programme_detail", args=[programme.pk]))
            except RuleViolation as violation:
                form.add_error(None, violation_message(violation))
        return render(
            request, "discipline/programme_detail.html", self.context(programme, **{action: form}), status=400
        )


class FiguresView(DisciplineView):
    """Cases by form and category, by unit (each row a subtree) and year; programmes by status."""

    def get(self, request: HttpRequest) -> HttpResponse:
        year_text = request.GET.get("year", "")
        year = int(year_text) if year_text.isdigit() else regulations.today().year
        within = self.unit_from_query()
        roots = [within] if within else discipline_roots(request.user)
        children = active_children_of(roots)
        units = [u for root in roots for u in (root, *children[root.pk])]
        data = selectors.figures(user=request.user, units=units, year=year)
        forms_shown = [(value, label) for value, label in Form.choices]
        return render(
            request,
            "discipline/figures.html",
            {
                **data,
                "within": within,
                "root_ids": {r.pk for r in roots},
                "forms_shown": forms_shown,
                "form_rows": [(label, data["by_form"].get(value, 0)) for value, label in Form.choices],
                "category_rows": [
                    (label, data["by_category"].get(value, 0)) for value, label in Category.choices
                ],
                "unit_rows": [
                    {**row, "cells": [row["forms"].get(value, 0) for value, _label in forms_shown]}
                    for row in data["by_unit"]
                ],
                "status_rows": [
                    (label, data["programmes_by_status"].get(value, 0))
                    for value, label in Programme.Status.choices
                ],
            },
        )
