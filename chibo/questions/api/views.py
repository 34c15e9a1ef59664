"""The questions API: a member's own questions (list, ask), the FAQ of the caller's scope (search
without diacritics), and for staff the questions addressed to units in scope (list, read, answer,
publish or take down as FAQ, close; MANAGE on the addressed unit for the steps).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from chibo.accounts.roles import Action
from chibo.core.api import ScopedViewSet, validated_input, validated_query
from chibo.core.scoping import get_scoped_or_404, require
from chibo.documents.api.views import LibraryUser
from chibo.organizations.models import Unit
from chibo.questions import selectors, services
from chibo.questions.api import serializers as s
from chibo.questions.models import Question
from chibo.rules.errors import RuleViolation


class OwnMember(permissions.BasePermission):
    """Signed in with a member's own account (linked to their member record)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and selectors.own_member(user) is not None)


class MyQuestionViewSet(viewsets.GenericViewSet):
    permission_classes = [OwnMember]
    serializer_class = s.MyQuestionSerializer

    def list(self, request: Request) -> Response:
        """The caller's own questions with their answers, newest first."""
        page = self.paginate_queryset(selectors.my_questions(request.user))
        return self.get_paginated_response(s.MyQuestionSerializer(page, many=True).data)

    @extend_schema(request=s.AskInput, responses={201: s.MyQuestionSerializer})
    def create(self, request: Request) -> Response:
        """Ask a question to the caller's cell or a unit above it (``unit`` code; default the
        grassroots organisation)."""
        data = validated_input(s.AskInput, request)
        unit = None
        if data.get("unit"):
            member = selectors.own_member(request.user)
            code = data["unit"].strip().upper()
            unit = next((u for u in selectors.addressable_units(member) if u.code == code), None)
            if unit is None:
                raise RuleViolation("question.unit_not_yours", unit=code)
        question = services.question_ask(
            actor=request.user, unit=unit, title=data["title"], text=data["text"]
        )
        return Response(s.MyQuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class FaqViewSet(viewsets.GenericViewSet):
    permission_classes = [LibraryUser]
    serializer_class = s.FaqSerializer

    @extend_schema(parameters=[s.FaqQuery])
    def list(self, request: Request) -> Response:
        """The FAQ entries published to the caller's cell or above it (staff: their scope)."""
        query = validated_query(s.FaqQuery, request)
        page = self.paginate_queryset(selectors.faq_list(user=request.user, text=query.get("q", "")))
        return self.get_paginated_response(s.FaqSerializer(page, many=True).data)


class QuestionViewSet(ScopedViewSet):
    base_queryset = Question.objects.select_related("unit", "member", "faq_unit")
    serializer_class = s.StaffQuestionSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Question]:
        query = validated_query(s.StateQuery, self.request)
        return selectors.staff_questions(user=self.request.user, state=query.get("state", "")).select_related(
            "faq_unit"
        )

    @extend_schema(parameters=[s.StateQuery])
    def list(self, request: Request) -> Response:
        """Questions addressed to units in the caller's scope, newest first (``state`` filters)."""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.StaffQuestionSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.StaffQuestionSerializer(self.get_object()).data)

    def _managed(self) -> Question:
        question = self.get_object()
        require(self.request.user, Action.MANAGE, question.unit)
        return question

    def _done(self, question: Question) -> Response:
        fresh = self.base_queryset.get(pk=question.pk)
        return Response(s.StaffQuestionSerializer(fresh).data)

    @extend_schema(request=s.AnswerInput, responses=s.StaffQuestionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        """Answer the question; the asker is notified in their inbox."""
        question = self._managed()
        data = validated_input(s.AnswerInput, request)
        return self._done(services.question_answer(actor=request.user, question=question, **data))

    @extend_schema(request=s.PublishInput, responses=s.StaffQuestionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        """Publish the answered question as an FAQ entry (``unit`` code, default the addressed unit;
        optional public ``title`` and ``text``)."""
        question = self._managed()
        data = validated_input(s.PublishInput, request)
        unit = None
        if data.get("unit"):
            unit = get_scoped_or_404(
                Unit.objects.all(), request.user, Action.MANAGE, code=data["unit"].upper()
            )
        question = services.question_publish(
            actor=request.user,
            question=question,
            unit=unit,
            title=data.get("title", ""),
            text=data.get("text", ""),
        )
        return self._done(question)

    @extend_schema(request=None, responses=s.StaffQuestionSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, pk: str) -> Response:
        """Take the FAQ entry down."""
        return self._done(services.question_unpublish(actor=request.user, question=self._managed()))

    @extend_schema(request=None, responses=s.StaffQuestionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        """Close the question."""
        return self._done(services.question_close(actor=request.user, question=self._managed()))
