"""Pages of party badges: rounds, a round's list (early awards, approval, numbers), history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chibo.accounts.roles import Action
from chibo.badges import forms, selectors, services
from chibo.badges.models import Award, Round
from chibo.core import papers, regulations
from chibo.core.messages import violation_message
from chibo.core.scoping import can
from chibo.core.views import ServiceFormView, StaffView
from chibo.members.models import Member
from chibo.organizations.models import Unit
from chibo.rules.errors import RuleViolation


class RoundListView(StaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        within = None
        if request.GET.get("unit"):
            within = self.scoped(Unit.objects.all(), code=request.GET["unit"].upper())
        return render(
            request,
            "badges/round_list.html",
            {
                "rounds": selectors.round_list(user=request.user, within=within)[:200],
                "within": within,
                "may_prepare": bool(within and can(request.user, Action.MANAGE, within)),
            },
        )


class PrepareView(ServiceFormView):
    required_action = Action.MANAGE
    template_name = "badges/form.html"
    form_class = forms.PrepareForm
    success_message = gettext_lazy("The round was prepared with the badges due.")

    def get_form_kwargs(self) -> dict[str, Any]:
        self.get_unit()
        return {**super().get_form_kwargs(), "days": selectors.upcoming_award_days()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(unit=self.get_unit(), title=_("Prepare a badge round"), **kwargs)

    def perform(self, form: Any) -> Round:
        return services.badge_round_prepare(
            actor=self.request.user, unit=self.get_unit(), award_date=form.cleaned_data["award_date"]
        )

    def get_success_url(self) -> str:
        return reverse("badges:detail", args=[self.result.pk])


class RoundDetailView(StaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        round_ = self.scoped(Round.objects.select_related("unit"), pk=pk)
        return render(request, "badges/round_detail.html", self.context(request, round_))

    def context(self, request: HttpRequest, round_: Round, **extra: Any) -> dict[str, Any]:
        can_manage = can(request.user, Action.MANAGE, round_.unit)
        draft = round_.state == Round.State.DRAFT
        return {
            "round": round_,
            "rows": selectors.round_awards(round_),
            "can_manage": can_manage,
            "early_form": extra.get("early_form")
            or (forms.EarlyForm(unit_path=round_.unit.path) if can_manage and draft else None),
            "approve_form": extra.get("approve_form")
            or (forms.ApproveForm() if can_manage and draft else None),
            "discard_form": extra.get("discard_form")
            or (forms.ReasonForm() if can_manage and draft else None),
            "error": extra.get("error", ""),
        }


class RoundActionView(RoundDetailView):
    """POST a form about a round (early award, approval, discarding a draft); a refusal shows the reason."""

    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in ("add", "approve", "discard"):
            raise Http404
        round_ = self.scoped(Round.objects.select_related("unit"), pk=pk)
        if action == "add":
            form: Any = forms.EarlyForm(request.POST, unit_path=round_.unit.path)
            call = lambda data: services.badge_round_add(actor=request.user, round=round_, **data)  # noqa: E731
            key, done = "early_form", _("The early award was added.")
        elif action == "approve":
            form = forms.ApproveForm(request.POST)
            call = lambda data: services.badge_round_approve(actor=request.user, round=round_, **data)  # noqa: E731
            key, done = "approve_form", _("The round was approved: the badges are awarded.")
        else:
            form = forms.ReasonForm(request.POST)
            call = lambda data: services.badge_round_discard(actor=request.user, round=round_, **data)  # noqa: E731
            key, done = "discard_form", _("The round being prepared was discarded.")
        if form.is_valid():
            try:
                call(form.cleaned_data)
                messages.success(request, done)
                if action == "discard":
                    return HttpResponseRedirect(f"{reverse('badges:list')}?unit={round_.unit.code}")
                return HttpResponseRedirect(reverse("badges:detail", args=[round_.pk]))
            except RuleViolation as violation:
                form.add_error(None, violation_message(violation))
        return render(
            request, "badges/round_detail.html", self.context(request, round_, **{key: form}), status=400
        )


class AwardActionView(StaffView):
    """POST about one badge: record its number, or take it out of a round being prepared."""

    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in ("number", "remove"):
            raise Http404
        award = self.scoped(Award.objects.select_related("member__unit", "round"), pk=pk)
        back = (
            reverse("badges:detail", args=[award.round_id])
            if award.round_id
            else reverse("members:detail", args=[award.member_id])
        )
        form: Any = forms.NumberForm(request.POST) if action == "number" else forms.ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            return HttpResponseRedirect(back)
        try:
            if action == "number":
                services.badge_number_record(
                    actor=request.user, award=award, number=form.cleaned_data["number"]
                )
            else:
                services.badge_award_remove(
                    actor=request.user, award=award, reason=form.cleaned_data["reason"]
                )
            messages.success(request, _("Saved."))
        except RuleViolation as violation:
            messages.error(request, violation_message(violation))
        return HttpResponseRedirect(back)


class HistoryView(ServiceFormView):
    """Record a badge awarded before chibo, from the paper register."""

    required_action = Action.MANAGE
    template_name = "badges/form.html"
    form_class = forms.HistoryForm
    success_message = gettext_lazy("The badge was recorded.")

    def get_member(self) -> Member:
        if not hasattr(self, "_member"):
            self._member = self.scoped(Member.objects.select_related("unit"), pk=self.kwargs["pk"])
        return self._member

    def get_form_kwargs(self) -> dict[str, Any]:
        self.get_member()
        return {**super().get_form_kwargs(), "thresholds": regulations.profile().badge_thresholds_years}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            member=self.get_member(), title=_("Record a badge awarded earlier"), **kwargs
        )

    def perform(self, form: Any) -> Award:
        return services.badge_history_record(
            actor=self.request.user, member=self.get_member(), **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return reverse("members:detail", args=[self.get_member().pk])


class RoundPdfView(StaffView):
    """The list of members proposed (or awarded), printed for the committee's decision: in Vietnamese
    whatever the user's language (:func:`chibo.core.papers.paper_pdf`)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        round_ = self.scoped(Round.objects.select_related("unit"), pk=pk)
        pdf = papers.paper_pdf(
            "badges/round_pdf.html", {"round": round_, "rows": selectors.round_awards(round_)}
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="huy-hieu-{round_.award_date:%Y%m%d}.pdf"'
        return response
