"""Pages of the yearly evaluation: the roster of a unit for a year, the member's own self-assessment
(phone-sized), the cell's review, the committee's decision, corrections, organisations, scoring
tables and results (with Excel and PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from chibo.accounts.roles import Action
from chibo.core import regulations
from chibo.core.messages import violation_message
from chibo.core.scoping import can
from chibo.core.views import ServiceFormView, StaffView
from chibo.evaluations import exports, forms, selectors, services
from chibo.evaluations.models import MemberEvaluation, ScoringTable, Status, Subject, UnitEvaluation
from chibo.members.models import ACTIVE_Q, Member
from chibo.organizations.models import Unit
from chibo.organizations.selectors import scope_roots
from chibo.rules import evaluation as rules
from chibo.rules.errors import RuleViolation

ROSTER_LIMIT = 500


def default_year() -> int:
    """The year being evaluated: the current one from October (the evaluation runs at year's end),
    the previous one before."""
    today = regulations.today()
    return today.year if today.month >= 10 else today.year - 1


def _year(request: HttpRequest) -> int:
    form = forms.FilterForm(request.GET)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    return year or default_year()


class _UnitMixin(StaffView):
    def within(self, request: HttpRequest) -> Unit | None:
        code = request.GET.get("unit", "").strip().upper()
        if code:
            return self.scoped(Unit.objects.all(), Action.VIEW, code=code)  # type: ignore[return-value]
        roots = scope_roots(user=request.user)
        return roots[0] if roots else None


class EvaluationListView(_UnitMixin):
    """The members of a unit's subtree with their evaluation for the year and what comes next."""

    def get(self, request: HttpRequest) -> HttpResponse:
        within, year = self.within(request), _year(request)
        members: list[Member] = []
        found: dict[int, MemberEvaluation] = {}
        if within is not None:
            members = list(
                Member.objects.filter(ACTIVE_Q, unit_path__gte=within.path, unit_path__lt=_upper(within.path))
                .select_related("unit")
                .order_by("unit_path", "name_sort", "pk")[:ROSTER_LIMIT]
            )
            found = {
                e.member_id: e
                for e in MemberEvaluation.objects.filter(member_id__in=[m.pk for m in members], year=year)
            }
        grassroots = _grassroots_or_none(within)
        return render(
            request,
            "evaluations/list.html",
            {
                "within": within,
                "year": year,
                "years": list(range(regulations.today().year, regulations.today().year - 7, -1)),
                "rows": [(m, found.get(m.pk)) for m in members],
                "limited": len(members) == ROSTER_LIMIT,
                "may_manage": bool(within and can(request.user, Action.MANAGE, within)),
                "grassroots": grassroots,
                "may_decide": bool(grassroots and can(request.user, Action.MANAGE, grassroots)),
            },
        )  # fmt: skip


def _upper(path: str) -> str:
    from chibo.core.scoping import path_upper_bound

    return path_upper_bound(path) or "~"


def _grassroots_or_none(unit: Unit | None) -> Unit | None:
    if unit is None:
        return None
    try:
        return services.grassroots_unit(unit)
    except RuleViolation:
        return None


class EvaluationDetailView(StaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        evaluation: MemberEvaluation = self.scoped(
            MemberEvaluation.objects.select_related("member", "unit", "grassroots"), pk=pk
        )  # type: ignore[assignment]
        table = services.applicable_table(evaluation.unit, evaluation.year, Subject.MEMBER)
        criteria = list(table.criteria.all()) if table else []
        return render(
            request,
            "evaluations/detail.html",
            {
                "evaluation": evaluation,
                "self_rows": [(c, evaluation.self_points.get(c.code)) for c in criteria],
                "corrections": list(evaluation.corrections.all()),
                "grades": selectors.member_grades(evaluation.member),
                "may_review": can(request.user, Action.MANAGE, evaluation.unit)
                and evaluation.status != Status.DECIDED,
                "may_correct": can(request.user, Action.MANAGE, evaluation.grassroots)
                and evaluation.status == Status.DECIDED,
            },
        )


# --- the member's own page ------------------------------------------------------------------------


class SelfView(LoginRequiredMixin, View):
    """The member's self-assessment for the year, for a phone: large type, one column."""

    def member(self, request: HttpRequest) -> Member:
        member = getattr(request.user, "member", None) if hasattr(request.user, "member") else None
        if member is None:
            raise PermissionDenied(_("Your account is not linked to a member record."))
        return member

    def context(self, member: Member, year: int, form: Any = None, **extra: Any) -> dict[str, Any]:
        table = services.applicable_table(member.unit, year, Subject.MEMBER)
        evaluation = MemberEvaluation.objects.filter(member=member, year=year).first()
        open_ = table is not None and (evaluation is None or evaluation.status == Status.SELF_ASSESSED)
        if form is None and open_:
            initial = {
                f"c_{code}": points for code, points in (evaluation.self_points if evaluation else {}).items()
            }
            initial["text"] = evaluation.self_text if evaluation else ""
            form = forms.SelfAssessForm(criteria=list(table.criteria.all()), initial=initial)  # type: ignore[union-attr]
        return {
            "member": member,
            "year": year,
            "table": table,
            "evaluation": evaluation,
            "form": form if open_ else None,
            "grades": selectors.member_grades(member),
            **extra,
        }  # fmt: skip

    def get(self, request: HttpRequest) -> HttpResponse:
        member = self.member(request)
        return render(request, "evaluations/self.html", self.context(member, _year(request)))

    def post(self, request: HttpRequest) -> HttpResponse:
        member, year = self.member(request), _year(request)
        table = services.applicable_table(member.unit, year, Subject.MEMBER)
        if table is None:
            return render(request, "evaluations/self.html", self.context(member, year), status=400)
        form = forms.SelfAssessForm(request.POST, criteria=list(table.criteria.all()))
        if form.is_valid():
            try:
                services.member_self_assess(
                    actor=request.user, member=member, year=year, points=form.points(),
                    text=form.cleaned_data["text"],
                )  # fmt: skip
                messages.success(request, _("Your self-assessment was sent to the chi bộ."))
                return HttpResponseRedirect(reverse("evaluations:self") + f"?year={year}")
            except RuleViolation as violation:
                form.add_error(None, violation_message(violation))
        return render(request, "evaluations/self.html", self.context(member, year, form), status=400)


# --- review, decision, correction -----------------------------------------------------------------


class ReviewView(ServiceFormView):
    required_action = Action.MANAGE
    template_name = "evaluations/form.html"
    form_class = forms.ReviewForm
    success_message = gettext_lazy("The review was saved with its proposed grade.")

    def get_member(self) -> Member:
        if not hasattr(self, "_member"):
            self._member = self.scoped(Member.objects.select_related("unit"), pk=self.kwargs["member"])
        return self._member  # type: ignore[return-value]

    def get_initial(self) -> dict[str, Any]:
        evaluation = MemberEvaluation.objects.filter(
            member=self.get_member(), year=self.kwargs["year"]
        ).first()
        initial: dict[str, Any] = {"on": regulations.today(), "all_tasks_on_time": True, "late_percent": 0}
        if evaluation and evaluation.self_score is not None:
            initial["score"] = evaluation.self_score
        if evaluation and evaluation.score is not None:
            initial.update(score=evaluation.score, note=evaluation.review_note)
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        member = self.get_member()
        evaluation = MemberEvaluation.objects.filter(member=member, year=self.kwargs["year"]).first()
        return super().get_context_data(
            member=member, evaluation=evaluation, year=self.kwargs["year"],
            title=_("Review of %(name)s for %(year)s")
            % {"name": member.full_name, "year": self.kwargs["year"]},
            **kwargs,
        )  # fmt: skip

    def perform(self, form: Any) -> MemberEvaluation:
        return services.member_evaluation_review(
            actor=self.request.user, member=self.get_member(), year=self.kwargs["year"],
            score=form.cleaned_data["score"], on=form.cleaned_data["on"], conditions=form.conditions(),
            note=form.cleaned_data["note"],
        )  # fmt: skip

    def get_success_url(self) -> str:
        return reverse("evaluations:list") + f"?unit={self.get_member().unit.code}&year={self.kwargs['year']}"


def _chosen_grades(request: HttpRequest, pending: list[Any]) -> dict[int, str]:
    chosen = {}
    for evaluation in pending:
        value = request.POST.get(f"grade_{evaluation.pk}", "")
        if value and value != evaluation.proposed_grade:
            chosen[evaluation.pk] = value
    return chosen


#: The service that decides the grades waiting in a unit's subtree, by kind of evaluation.
DECIDE = {"members": services.member_grades_decide, "units": services.unit_grades_decide}


class DecideView(StaffView):
    """The committee's decision on every reviewed evaluation of members waiting for it in the year."""

    required_action = Action.MANAGE
    kind = "members"
    template_name = "evaluations/decide.html"

    def page(self, request: HttpRequest, code: str, year: int, form: Any, status: int = 200) -> HttpResponse:
        unit = self.get_unit()
        pending = selectors.pending_for(unit=unit, year=year)
        decided = pending["member_decided" if self.kind == "members" else "unit_decided"]
        rows = pending[self.kind]
        return render(
            request,
            self.template_name,
            {
                "unit": unit, "year": year, "kind": self.kind, "rows": rows, "form": form,
                "waiting": [r for r in rows if r.status == Status.SELF_ASSESSED],
                "decided": decided, "grades": rules.GRADES,
                "grade_choices": MemberEvaluation._meta.get_field("grade").choices,
            },
            status=status,
        )  # fmt: skip

    def get(self, request: HttpRequest, code: str, year: int) -> HttpResponse:
        form = forms.DecisionForm(initial={"decided_on": regulations.today()})
        return self.page(request, code, year, form)

    def post(self, request: HttpRequest, code: str, year: int) -> HttpResponse:
        unit = self.get_unit()
        form = forms.DecisionForm(request.POST)
        if form.is_valid():
            pending = selectors.pending_for(unit=unit, year=year)[self.kind]
            try:
                count = DECIDE[self.kind](
                    actor=request.user, unit=unit, year=year, grades=_chosen_grades(request, pending),
                    **form.cleaned_data,
                )  # fmt: skip
                text = ngettext("%(count)s grade was decided.", "%(count)s grades were decided.", count)
                messages.success(request, text % {"count": count})
                return HttpResponseRedirect(self.success_url(unit, year))
            except RuleViolation as violation:
                form.add_error(None, violation_message(violation))
        return self.page(request, code, year, form, status=400)

    def success_url(self, unit: Unit, year: int) -> str:
        return reverse("evaluations:results") + f"?unit={unit.code}&year={year}"


class UnitDecideView(DecideView):
    """The same for the organisations graded by the committee."""

    kind = "units"


class _CorrectView(ServiceFormView):
    required_action = Action.MANAGE
    template_name = "evaluations/form.html"
    form_class = forms.CorrectForm
    success_message = gettext_lazy("The grade was corrected.")
    model: Any = MemberEvaluation

    def get_evaluation(self) -> Any:
        if not hasattr(self, "_evaluation"):
            self._evaluation = self.scoped(self.model.objects.select_related("unit"), pk=self.kwargs["pk"])
        return self._evaluation

    def get_initial(self) -> dict[str, Any]:
        return {"decided_on": regulations.today(), "grade": self.get_evaluation().grade}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        evaluation = self.get_evaluation()
        title = _("Correct the grade of %(name)s") % {"name": str(evaluation)}
        return super().get_context_data(evaluation=evaluation, title=title, **kwargs)


class CorrectView(_CorrectView):
    def perform(self, form: Any) -> Any:
        return services.member_grade_correct(
            actor=self.request.user, evaluation=self.get_evaluation(), **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return reverse("evaluations:detail", args=[self.get_evaluation().pk])


class UnitCorrectView(_CorrectView):
    model = UnitEvaluation

    def perform(self, form: Any) -> Any:
        return services.unit_grade_correct(
            actor=self.request.user, evaluation=self.get_evaluation(), **form.cleaned_data
        )

    def get_success_url(self) -> str:
        evaluation = self.get_evaluation()
        return reverse("evaluations:units") + f"?unit={evaluation.unit.code}&year={evaluation.year}"


# --- organisations ----------------------------------------------------------------------------------


class UnitListView(_UnitMixin):
    """The unit and its sub-units with their evaluation for the year."""

    def get(self, request: HttpRequest) -> HttpResponse:
        within, year = self.within(request), _year(request)
        units = (
            [within, *within.child_units().filter(dissolved_on__isnull=True).order_by("path")]
            if within
            else []
        )
        found = {e.unit_id: e for e in UnitEvaluation.objects.filter(unit__in=units, year=year)}
        return render(
            request,
            "evaluations/units.html",
            {
                "within": within, "year": year, "rows": [(u, found.get(u.pk)) for u in units],
                "may_manage": bool(within and can(request.user, Action.MANAGE, within)),
            },
        )  # fmt: skip


class UnitReviewView(ServiceFormView):
    required_action = Action.MANAGE
    template_name = "evaluations/form.html"
    form_class = forms.UnitReviewForm
    success_message = gettext_lazy("The organisation's score was saved with its proposed grade.")

    def get_initial(self) -> dict[str, Any]:
        return {"on": regulations.today(), "all_tasks_on_time": True, "late_percent": 0}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        unit = self.get_unit()
        title = _("Evaluation of %(unit)s for %(year)s") % {"unit": unit.name, "year": self.kwargs["year"]}
        return super().get_context_data(unit=unit, title=title, **kwargs)

    def perform(self, form: Any) -> UnitEvaluation:
        data = form.cleaned_data
        return services.unit_evaluation_review(
            actor=self.request.user, unit=self.get_unit(), year=self.kwargs["year"], score=data["score"],
            on=data["on"], conditions=form.conditions(),
            subordinate_disciplined=data["subordinate_disciplined"],
            note=data["note"],
        )  # fmt: skip

    def get_success_url(self) -> str:
        parent = self.get_unit().parent_unit()
        code = parent.code if parent and can(self.request.user, Action.VIEW, parent) else self.get_unit().code
        return reverse("evaluations:units") + f"?unit={code}&year={self.kwargs['year']}"


# --- scoring tables -----------------------------------------------------------------------------------


class TableListView(_UnitMixin):
    def get(self, request: HttpRequest) -> HttpResponse:
        within, year = self.within(request), _year(request)
        return render(
            request,
            "evaluations/tables.html",
            {
                "within": within, "year": year,
                "tables": selectors.table_list(user=request.user, within=within)[:200],
                "applicable": [
                    (label, services.applicable_table(within, year, value))
                    for value, label in Subject.choices
                ] if within else [],
                "subjects": Subject.choices,
                "may_manage": bool(within and can(request.user, Action.MANAGE, within)),
            },
        )  # fmt: skip


class TableDetailView(StaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        table: ScoringTable = self.scoped(ScoringTable.objects.select_related("unit"), pk=pk)  # type: ignore[assignment]
        return render(
            request,
            "evaluations/table_detail.html",
            {
                "table": table,
                "criteria": list(table.criteria.all()),
                "may_manage": can(request.user, Action.MANAGE, table.unit),
            },
        )


class TableEditView(ServiceFormView):
    required_action = Action.MANAGE
    template_name = "evaluations/form.html"
    form_class = forms.TableForm
    success_message = gettext_lazy("The scoring table was saved.")

    def get_unit(self) -> Unit:
        if not hasattr(self, "_unit"):
            self._unit = self.scoped(Unit.objects.all(), code=self.kwargs["code"])
            if self.kwargs["subject"] not in Subject.values:
                from django.http import Http404

                raise Http404
        return self._unit  # type: ignore[return-value]

    def get_initial(self) -> dict[str, Any]:
        table = services.applicable_table(self.get_unit(), self.kwargs["year"], self.kwargs["subject"])
        table = table or services.applicable_table(
            self.get_unit(), self.kwargs["year"] - 1, self.kwargs["subject"]
        )
        if table is None:
            return {}
        return {"title": table.title, "criteria": forms.criteria_text(list(table.criteria.all()))}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        unit = self.get_unit()
        title = _("Scoring table of %(unit)s for %(year)s") % {"unit": unit.name, "year": self.kwargs["year"]}
        return super().get_context_data(unit=unit, title=title, **kwargs)

    def perform(self, form: Any) -> ScoringTable:
        return services.scoring_table_save(
            actor=self.request.user, unit=self.get_unit(), year=self.kwargs["year"],
            subject=self.kwargs["subject"],
            criteria=form.cleaned_data["criteria"], title=form.cleaned_data["title"],
        )  # fmt: skip

    def get_success_url(self) -> str:
        return reverse("evaluations:table", args=[self.result.pk])


class TableCopyView(StaffView):
    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, code: str, year: int, subject: str) -> HttpResponse:
        unit: Unit = self.scoped(Unit.objects.all(), code=code)  # type: ignore[assignment]
        try:
            table = services.scoring_table_copy(actor=request.user, unit=unit, year=year, subject=subject)
        except RuleViolation as violation:
            messages.error(request, violation_message(violation))
            return HttpResponseRedirect(reverse("evaluations:tables") + f"?unit={unit.code}&year={year}")
        messages.success(request, _("Last year's table was copied: check it and save."))
        return HttpResponseRedirect(reverse("evaluations:table", args=[table.pk]))


# --- results ----------------------------------------------------------------------------------------------


class ResultsView(_UnitMixin):
    def get(self, request: HttpRequest) -> HttpResponse:
        within, year = self.within(request), _year(request)
        if within is None:
            raise PermissionDenied
        result = selectors.results(unit=within, year=year)
        return render(
            request,
            "evaluations/results.html",
            {
                "results": result, "within": within, "year": year, "grades": rules.GRADES,
                "comparison": [(y, result.by_year[y]) for y in result.years],
                "streaks": selectors.streak_candidates(roots=[within], year=year),
            },
        )  # fmt: skip


class ResultsExportView(StaffView):
    def get(self, request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
        from django.http import FileResponse, Http404

        unit: Unit = self.scoped(Unit.objects.all(), code=code)  # type: ignore[assignment]
        result = selectors.results(unit=unit, year=year)
        members, units = selectors.decided_list(unit=unit, year=year)
        name = f"xep-loai-{unit.code}-{year}"
        if fmt == "xlsx":
            return FileResponse(
                exports.results_xlsx(result, members, units), as_attachment=True, filename=f"{name}.xlsx",
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )  # fmt: skip
        if fmt != "pdf":
            raise Http404
        response = HttpResponse(exports.results_pdf(result, members, units), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
