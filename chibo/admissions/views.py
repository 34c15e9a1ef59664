"""Pages of the admission pipeline: candidates, their steps, the deadline board and the targets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chibo.accounts.roles import Action
from chibo.admissions import exports, forms, selectors, services
from chibo.admissions.models import Candidate, DossierPaper, Introducer
from chibo.core import regulations
from chibo.core.messages import violation_message
from chibo.core.pagination import LazyPage
from chibo.core.scoping import can
from chibo.core.views import ServiceFormView, StaffView
from chibo.organizations.models import Unit
from chibo.organizations.selectors import active_children_of, scope_roots
from chibo.rules import admission as rules
from chibo.rules.errors import RuleViolation


@dataclass(frozen=True)
class StepSpec:
    """One step of the pipeline as a page: its form, the service it calls, where it leads."""

    form: Any
    title: Any
    call: Any
    target: str = ""  # the stage it moves to ("" for steps that do not move the stage)
    committee: str = "cell"  # whose right it needs: the cell's, the grassroots', the deciding one's
    icon: str = "arrow-right-circle"


def _c(service: Any) -> Any:
    return lambda actor, candidate, data: service(actor=actor, candidate=candidate, **data)


STEPS: dict[str, StepSpec] = {
    "certificate": StepSpec(
        forms.CertificateForm,
        gettext_lazy("Awareness class done"),
        _c(services.candidate_certificate),
        rules.TRAINED,
    ),
    "paper": StepSpec(
        forms.PaperForm,
        gettext_lazy("Record a dossier paper"),
        _c(services.dossier_paper_record),
        icon="file-earmark",
    ),
    "introducer": StepSpec(
        forms.IntroducerForm,
        gettext_lazy("Assign an introducer"),
        _c(services.introducer_assign),
        icon="person-plus",
    ),
    "dossier": StepSpec(
        forms.DateOnlyForm,
        gettext_lazy("Dossier complete"),
        _c(services.candidate_dossier_complete),
        rules.DOSSIER,
    ),
    "redo": StepSpec(
        forms.DateOnlyForm,
        gettext_lazy("Redo the dossier"),
        _c(services.candidate_dossier_redo),
        icon="arrow-repeat",
    ),
    "cell_vote": StepSpec(
        forms.VoteForm,
        gettext_lazy("Chi bộ vote on the admission"),
        _c(services.candidate_cell_vote),
        rules.CELL_RESOLVED,
    ),
    "upper_resolution": StepSpec(
        forms.ResolutionForm,
        gettext_lazy("Đảng ủy cơ sở resolution"),
        _c(services.candidate_upper_resolution),
        rules.UPPER_RESOLVED,
        committee="grassroots",
    ),
    "decide": StepSpec(
        forms.DecideForm,
        gettext_lazy("Admission decision"),
        _c(services.candidate_decide),
        rules.DECIDED,
        committee="deciding",
    ),
    "ceremony": StepSpec(
        forms.CeremonyForm,
        gettext_lazy("Admission ceremony"),
        _c(services.candidate_ceremony),
        rules.PROBATION,
    ),
    "recognition_vote": StepSpec(
        forms.VoteForm,
        gettext_lazy("Chi bộ vote on the recognition"),
        _c(services.candidate_recognition_vote),
        rules.RECOGNITION_VOTED,
    ),
    "recognise": StepSpec(
        forms.RecogniseForm,
        gettext_lazy("Recognition as official member"),
        _c(services.candidate_recognise),
        rules.OFFICIAL,
        committee="deciding",
    ),
    "not_recognised": StepSpec(
        forms.NotRecognisedForm,
        gettext_lazy("Not recognised (removal)"),
        _c(services.candidate_not_recognised),
        rules.NOT_RECOGNISED,
        committee="deciding",
        icon="x-circle",
    ),
    "withdraw": StepSpec(
        forms.CloseForm,
        gettext_lazy("Withdrawn"),
        _c(services.candidate_withdraw),
        rules.WITHDRAWN,
        icon="box-arrow-left",
    ),
    "reject": StepSpec(
        forms.CloseForm,
        gettext_lazy("Rejected"),
        _c(services.candidate_reject),
        rules.REJECTED,
        icon="x-octagon",
    ),
}


def _committee(candidate: Candidate, which: str) -> Unit | None:
    try:
        if which == "grassroots":
            return services.grassroots_of(candidate.unit)
        if which == "deciding":
            return candidate.deciding_unit or services.deciding_unit_for(candidate.unit)
    except RuleViolation:
        return None
    return candidate.unit


def available_steps(user: Any, candidate: Candidate, *, stale: bool = False) -> list[tuple[str, StepSpec]]:
    """The steps the user may take now: allowed after the current stage, and within their rights."""
    found = []
    for name, spec in STEPS.items():
        if spec.target:
            try:
                rules.check_transition(candidate.stage, spec.target, cell_level=candidate.unit.level)
            except RuleViolation:
                continue
        elif name == "redo":
            if not stale:
                continue
        elif candidate.stage not in rules.BEFORE_DECISION:
            continue
        committee = _committee(candidate, spec.committee)
        if committee is not None and can(user, Action.MANAGE, committee):
            found.append((name, spec))
    return found


class CandidateListView(StaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = forms.CandidateFilterForm(request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        within = None
        if request.GET.get("unit"):
            within = self.scoped(Unit.objects.all(), code=request.GET["unit"].upper())
        candidates = selectors.candidate_list(
            user=request.user, within=within, stage=data.get("stage", ""), q=data.get("q", "")
        )
        page = LazyPage.of(candidates, request.GET.get("page"), per_page=50)
        cells = []
        if (
            within is not None
            and within.level in ("chi_bo", "chi_bo_co_so")
            and can(request.user, Action.MANAGE, within)
        ):
            cells = [within]
        return render(
            request,
            "admissions/candidate_list.html",
            {
                "form": form,
                "page": page,
                "within": within,
                "cells": cells,
                "funnel": selectors.funnel(user=request.user, within=within),
            },
        )


class CandidateDetailView(StaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        candidate = self.scoped(Candidate.objects.select_related("unit", "member", "deciding_unit"), pk=pk)
        detail = selectors.candidate_detail(candidate)
        official = services.official_members_of(candidate.unit)
        return render(
            request,
            "admissions/candidate_detail.html",
            {
                "candidate": candidate,
                **detail,
                "steps_available": available_steps(request.user, candidate, stale=detail["dossier_stale"]),
                "can_manage": can(request.user, Action.MANAGE, candidate.unit),
                "official_members": official,
                "votes_required": rules.votes_required(official, regulations.profile()),
            },
        )


class CandidateFormMixin(ServiceFormView):
    required_action = Action.MANAGE
    template_name = "admissions/candidate_form.html"

    def get_candidate(self) -> Candidate:
        if not hasattr(self, "_candidate"):
            self._candidate = self.scoped(Candidate.objects.select_related("unit"), pk=self.kwargs["pk"])
        return self._candidate

    def get_form(self, form_class: Any = None) -> Any:
        self.get_candidate()  # 404/403 before anything else
        return super().get_form(form_class)

    def get_success_url(self) -> str:
        return reverse("admissions:detail", args=[self.get_candidate().pk])


class CandidateCreateView(ServiceFormView):
    required_action = Action.MANAGE
    template_name = "admissions/candidate_form.html"
    form_class = forms.CandidateCreateForm
    success_message = gettext_lazy("The candidate was recorded.")

    def get_form(self, form_class: Any = None) -> Any:
        self.get_unit()
        return super().get_form(form_class)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(unit=self.get_unit(), title=_("New candidate"), **kwargs)

    def perform(self, form: Any) -> Candidate:
        data = {
            k: ("" if v is None and k != "host_unit_joined_on" else v) for k, v in form.cleaned_data.items()
        }
        entered_on = data.pop("entered_on")
        return services.candidate_create(
            actor=self.request.user,
            unit=self.get_unit(),
            spec=services.CandidateSpec(**data),
            entered_on=entered_on,
        )

    def get_success_url(self) -> str:
        return reverse("admissions:detail", args=[self.result.pk])


class CandidateEditView(CandidateFormMixin):
    form_class = forms.CandidateEditForm
    success_message = gettext_lazy("The candidate's details were saved.")

    def get_initial(self) -> dict[str, Any]:
        candidate = self.get_candidate()
        return {**{f: getattr(candidate, f) for f in services.PERSON_FIELDS}, "version": candidate.version}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        candidate = self.get_candidate()
        return super().get_context_data(candidate=candidate, title=_("Correct the details"), **kwargs)

    def perform(self, form: Any) -> Candidate:
        data = {
            k: ("" if v is None and k != "host_unit_joined_on" else v) for k, v in form.cleaned_data.items()
        }
        version = data.pop("version")
        return services.candidate_update(
            actor=self.request.user, candidate=self.get_candidate(), version=version, changes=data
        )


class StepView(CandidateFormMixin):
    """Any step of the pipeline: ``STEPS[step]`` gives the form and the service."""

    success_message = gettext_lazy("The step was recorded.")

    def get_spec(self) -> StepSpec:
        spec = STEPS.get(self.kwargs["step"])
        if spec is None:
            raise Http404
        return spec

    def get_form_class(self) -> Any:
        return self.get_spec().form

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.get_spec().form is forms.IntroducerForm:
            kwargs["grassroots_path"] = services.grassroots_of(self.get_candidate().unit).path
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        candidate = self.get_candidate()
        extra: dict[str, Any] = {"candidate": candidate, "title": self.get_spec().title}
        if self.get_spec().form is forms.VoteForm:
            official = services.official_members_of(candidate.unit)
            extra["vote_help"] = _(
                "The chi bộ has %(official)s official members: at least %(required)s must vote in favour."
            ) % {"official": official, "required": rules.votes_required(official, regulations.profile())}
        extra["multipart"] = self.get_spec().form is forms.PaperForm
        return super().get_context_data(**extra, **kwargs)

    def perform(self, form: Any) -> Any:
        return self.get_spec().call(self.request.user, self.get_candidate(), dict(form.cleaned_data))


class IntroducerReleaseView(CandidateFormMixin):
    form_class = forms.ReleaseForm
    success_message = gettext_lazy("The introducer was released.")

    def get_candidate(self) -> Candidate:
        if not hasattr(self, "_candidate"):
            self._introducer = self.scoped(
                Introducer.objects.select_related("candidate__unit", "member"), pk=self.kwargs["pk"]
            )
            self._candidate = self._introducer.candidate
        return self._candidate

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        candidate = self.get_candidate()
        title = _("Release introducer %(name)s") % {"name": self._introducer.member.full_name}
        return super().get_context_data(candidate=candidate, title=title, **kwargs)

    def perform(self, form: Any) -> Any:
        return services.introducer_release(
            actor=self.request.user, introducer=self._introducer, **form.cleaned_data
        )


class PaperScanView(StaffView):
    """The scan of a dossier paper: personal data, so only for those who manage the cell, and audited."""

    required_action = Action.MANAGE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        paper = self.scoped(DossierPaper.objects.select_related("candidate__unit"), pk=pk)
        if not paper.scan:
            raise Http404
        services.dossier_scan_viewed(actor=request.user, paper=paper)
        return FileResponse(paper.scan.open("rb"), filename=paper.scan.name.rsplit("/", 1)[-1])


class DecisionPdfView(StaffView):
    """The admission or recognition decision, printed from its template (WeasyPrint)."""

    def get(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        candidate = self.scoped(Candidate.objects.select_related("unit", "member", "deciding_unit"), pk=pk)
        if kind not in ("admission", "recognition"):
            raise Http404
        if (kind == "admission" and not candidate.decision_on) or (
            kind == "recognition" and not candidate.recognition_decision_on
        ):
            raise Http404
        pdf = exports.decision_pdf(candidate, kind=kind)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="quyet-dinh-{kind}-{candidate.pk}.pdf"'
        return response


class DeadlineBoardView(StaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        within = None
        if request.GET.get("unit"):
            within = self.scoped(Unit.objects.all(), code=request.GET["unit"].upper())
        board = selectors.deadline_board(user=request.user, within=within)
        return render(
            request,
            "admissions/deadlines.html",
            {
                "board": board,
                "within": within,
                "overdue": sum(1 for d in board if d.overdue),
                "step_for": STEP_FOR,
            },
        )


#: The step that settles each kind of deadline (the board's action links).
STEP_FOR = {
    "decision": "decide",
    "ceremony": "ceremony",
    "probation_end": "recognition_vote",
    "recognition_vote": "recognition_vote",
    "recognition_decision": "recognise",
    "certificate": "dossier",
    "dossier_stale": "redo",
    "escalation": "",
}


class TargetsView(StaffView):
    """A unit's target and progress for the year, its children's, and the pipeline's funnel."""

    def get_unit(self, request: HttpRequest) -> Unit:
        if request.GET.get("unit"):
            return self.scoped(Unit.objects.all(), code=request.GET["unit"].upper())
        roots = scope_roots(user=request.user)
        if not roots:
            raise Http404
        return roots[0]

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = self.get_unit(request)
        year = _year(request)
        children = active_children_of([unit])[unit.pk]
        rows = selectors.target_progress(units=[unit, *children], year=year)
        if request.GET.get("format") == "xlsx":
            return FileResponse(
                exports.targets_xlsx(rows, year=year),
                as_attachment=True,
                filename=f"chi-tieu-{unit.code}-{year}.xlsx",
            )
        can_set = can(request.user, Action.MANAGE, unit)
        parent = unit.parent_unit()
        return render(
            request,
            "admissions/targets.html",
            {
                "unit": unit,
                "year": year,
                "years": range(regulations.today().year - 1, regulations.today().year + 2),
                "own": rows[0],
                "rows": rows[1:],
                "children_target": sum(r.target or 0 for r in rows[1:]),
                "can_set_children": can_set,
                "can_set_own": bool(parent and can(request.user, Action.MANAGE, parent)),
                "funnel": selectors.funnel(user=request.user, within=unit, year=year),
            },
        )


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    this_year = regulations.today().year
    return year if 2000 <= year <= this_year + 1 else this_year


class TargetSetView(StaffView):
    """POST: set one unit's target (the rights are checked by the service: the level above)."""

    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.TargetForm(request.POST)
        back = request.POST.get("back") or ""
        if not form.is_valid():
            messages.error(request, _("Enter a whole number of at least 0 as the target."))
            return HttpResponseRedirect(reverse("admissions:targets") + _safe_query(back))
        unit = self.scoped(Unit.objects.all(), Action.VIEW, code=form.cleaned_data["unit"].upper())
        try:
            services.target_set(
                actor=request.user,
                unit=unit,
                year=form.cleaned_data["year"],
                target=form.cleaned_data["target"],
            )
            messages.success(request, _("The target of %(unit)s was saved.") % {"unit": unit.name})
        except RuleViolation as violation:
            messages.error(request, violation_message(violation))
        return HttpResponseRedirect(reverse("admissions:targets") + _safe_query(back))


def _safe_query(back: str) -> str:
    """Only a query string of the targets page itself (no open redirect)."""
    query = QueryDict(back.lstrip("?"))
    kept = {k: query[k] for k in ("unit", "year") if k in query}
    return "?" + urlencode(kept) if kept else ""
