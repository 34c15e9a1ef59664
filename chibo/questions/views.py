"""Pages of questions and answers: the members' phone-first pages (ask, my questions with their
answers, the FAQ of their scope) and the staff pages (questions addressed to units in scope, the
answer form, FAQ publication, closing).

Asking and "my questions" need a member's own account (403 otherwise); the FAQ is read by members
and staff users. Texts are plain text, always escaped by the templates. A refused question comes
back in the form, so nothing typed is lost.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from chibo.accounts.roles import Action
from chibo.core.messages import violation_message
from chibo.core.scoping import can, get_scoped_or_404
from chibo.core.views import StaffView
from chibo.organizations.models import Unit
from chibo.questions import forms, selectors, services
from chibo.questions.models import Question, QuestionState
from chibo.rules.errors import RuleViolation

STAFF_PAGE = 50
MEMBER_PAGE = 20


class _MemberView(LoginRequiredMixin, View):
    """A member linked to their record, or (``staff_too``) a staff user."""

    staff_too = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        allowed = selectors.may_use_library if self.staff_too else selectors.own_member
        if not allowed(request.user):
            raise PermissionDenied(_("Your account is not linked to a member record."))
        return super().dispatch(request, *args, **kwargs)


class AskView(_MemberView):
    def _units(self, request: HttpRequest) -> list[Unit]:
        return selectors.addressable_units(selectors.own_member(request.user))

    def get(self, request: HttpRequest) -> HttpResponse:
        units = self._units(request)
        default = selectors.default_unit(units)
        form = forms.AskForm(units=units, initial={"unit": default.pk if default else None})
        return self.page(request, form)

    def page(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        return render(request, "questions/ask.html", {"form": form, "tab": "ask"}, status=status)

    def post(self, request: HttpRequest) -> HttpResponse:
        units = self._units(request)
        form = forms.AskForm(request.POST, units=units)
        if not form.is_valid():
            return self.page(request, form, status=400)
        unit = next(u for u in units if u.pk == form.cleaned_data["unit"])
        try:
            question = services.question_ask(
                actor=request.user,
                unit=unit,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
            )
        except RuleViolation as violation:
            form.add_error(None, violation_message(violation))
            return self.page(request, form, status=400)
        messages.success(request, _("Your question was sent to %(unit)s.") % {"unit": unit.name})
        return HttpResponseRedirect(reverse("questions:mine") + f"#q{question.pk}")


class MineView(_MemberView):
    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(selectors.my_questions(request.user), MEMBER_PAGE).get_page(request.GET.get("page"))
        return render(request, "questions/mine.html", {"page": page, "tab": "mine"})


class FaqView(_MemberView):
    staff_too = True

    def get(self, request: HttpRequest) -> HttpResponse:
        text = request.GET.get("q", "")[:200]
        entries = selectors.faq_list(user=request.user, text=text)
        page = Paginator(entries, MEMBER_PAGE).get_page(request.GET.get("page"))
        return render(request, "questions/faq.html", {"page": page, "q": text, "tab": "faq"})


# --- staff pages ------------------------------------------------------------------------------


class QuestionListView(StaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        state = request.GET.get("state", "")
        state = state if state in QuestionState.values else ""
        questions = selectors.staff_questions(user=request.user, state=state)
        page = Paginator(questions, STAFF_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "questions/list.html",
            {"page": page, "state": state, "states": QuestionState.choices},
        )


class QuestionDetailView(StaffView):
    """The question, the answer form (MANAGE on the addressed unit), FAQ publication and closing."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = selectors.staff_question(request.user, pk)
        return self.page(request, question)

    def page(
        self, request: HttpRequest, question: Question, status: int = 200, **forms_: Any
    ) -> HttpResponse:
        can_manage = can(request.user, Action.MANAGE, question.unit)
        context = {
            "question": question,
            "can_manage": can_manage,
            "answer_form": forms_.get("answer_form") or forms.AnswerForm(initial={"answer": question.answer}),
            "publish_form": forms_.get("publish_form")
            or forms.PublishForm(
                initial={
                    "unit": (question.faq_unit or question.unit).code,
                    "title": question.faq_title,
                    "text": question.faq_text,
                }
            ),
        }
        return render(request, "questions/detail.html", context, status=status)

    def _managed(self, request: HttpRequest, pk: int) -> Question:
        question = selectors.staff_question(request.user, pk)
        if not can(request.user, Action.MANAGE, question.unit):
            raise PermissionDenied
        return question

    def _done(self, request: HttpRequest, question: Question, message: str) -> HttpResponse:
        messages.success(request, message)
        return HttpResponseRedirect(reverse("questions:detail", args=[question.pk]))


class AnswerView(QuestionDetailView):
    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = self._managed(request, pk)
        form = forms.AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.question_answer(actor=request.user, question=question, **form.cleaned_data)
                return self._done(request, question, _("The answer was sent to the asker."))
            except RuleViolation as violation:
                form.add_error(None, violation_message(violation))
        return self.page(request, question, status=400, answer_form=form)


class PublishView(QuestionDetailView):
    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = self._managed(request, pk)
        form = forms.PublishForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["action"] == "unpublish":
                    services.question_unpublish(actor=request.user, question=question)
                    return self._done(request, question, _("The FAQ entry was taken down."))
                code = (data["unit"] or question.unit.code).strip().upper()
                unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.MANAGE, code=code)
                services.question_publish(
                    actor=request.user, question=question, unit=unit, title=data["title"], text=data["text"]
                )
                return self._done(request, question, _("The answer was published as an FAQ entry."))
            except RuleViolation as violation:
                form.add_error(None, violation_message(violation))
        return self.page(request, question, status=400, publish_form=form)


class CloseView(QuestionDetailView):
    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = self._managed(request, pk)
        try:
            services.question_close(actor=request.user, question=question)
        except RuleViolation as violation:
            messages.error(request, violation_message(violation))
            return HttpResponseRedirect(reverse("questions:detail", args=[question.pk]))
        return self._done(request, question, _("The question was closed."))
