"""Reads of questions and of the FAQ, already scoped to the reader.

A member reads their own questions (asked from their account); staff read the questions addressed
to units in their scope. An FAQ entry published to a unit is read by the members whose cell lies in
that unit's subtree and by staff whose scope meets it (the documents library's visibility). Anything
else is 404.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.accounts.roles import Action
from chibo.core.scoping import visible_to
from chibo.documents.selectors import ancestor_paths, may_use_library, own_member, visibility_q
from chibo.organizations.models import Unit, UnitLevel
from chibo.questions.models import Question, QuestionState
from chibo.rules.text import fold

__all__ = ["may_use_library", "own_member"]

#: Defaults of the limits on asking; override with the setting ``CHIBO_QUESTION_LIMITS``.
DEFAULT_LIMITS = {"open": 5, "daily": 3}
GRASSROOTS = (UnitLevel.DANG_BO_CO_SO, UnitLevel.CHI_BO_CO_SO)


def question_limits() -> dict[str, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "CHIBO_QUESTION_LIMITS", {})}


def addressable_units(member: Any) -> list[Unit]:
    """The member's cell and every unit above it, the nearest first (one query)."""
    paths = ancestor_paths(member.unit_path)
    units = Unit.objects.filter(path__in=paths, dissolved_on__isnull=True)
    return sorted(units, key=lambda u: -len(u.path))


def default_unit(units: list[Unit]) -> Unit | None:
    """The grassroots organisation on the line (the nearest), else the cell itself."""
    return next((u for u in units if u.level in GRASSROOTS), units[0] if units else None)


def open_count(user: Any) -> int:
    return Question.objects.filter(asker=user, state=QuestionState.OPEN).count()


def asked_since(user: Any, seconds: int) -> int:
    return Question.objects.filter(
        asker=user, created_at__gte=timezone.now() - timedelta(seconds=seconds)
    ).count()


def my_questions(user: Any) -> QuerySet[Question]:
    """The questions asked from the user's account, newest first."""
    return Question.objects.select_related("unit").filter(asker=user).order_by("-created_at", "-id")


def my_question(user: Any, pk: Any) -> Question:
    question = my_questions(user).filter(pk=pk).first()
    if question is None:
        raise Http404(_("Not found."))
    return question


def staff_questions(*, user: Any, state: str = "") -> QuerySet[Question]:
    """The questions addressed to units in the user's scope, open ones first then newest."""
    questions = visible_to(Question.objects.select_related("unit", "member"), user, Action.VIEW)
    if state in QuestionState.values:
        questions = questions.filter(state=state)
    return questions.order_by("-created_at", "-id")


def staff_question(user: Any, pk: Any) -> Question:
    question = staff_questions(user=user).select_related("faq_unit", "answered_by").filter(pk=pk).first()
    if question is None:
        raise Http404(_("Not found."))
    return question


def search_q(text: str) -> Q:
    """Every word of the query, folded (no diacritics, đ → d), in the entry's search key."""
    q = Q()
    for word in fold(text).split():
        q &= Q(search_key__contains=word)
    return q


def faq_list(*, user: Any, text: str = "") -> QuerySet[Question]:
    """The FAQ entries the user may read, newest first; ``text`` searched without diacritics."""
    q = visibility_q(user, "faq_unit__path")  # the member's cell and above; staff: scope and above
    entries = Question.objects.select_related("faq_unit").filter(q, faq_unit__isnull=False)
    if text.strip():
        entries = entries.filter(search_q(text))
    return entries.order_by("-faq_published_at", "-id")
