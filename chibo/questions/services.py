"""Writes of questions and answers: each in one transaction with its audit entry. Refusals raise
``RuleViolation`` (codes in ``chibo.questions.messages``) or ``NotPermitted`` before anything is
written. The limits on asking are counted in the database, so they hold across workers.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from chibo.accounts.roles import Action
from chibo.core import audit
from chibo.core.scoping import NotPermitted, can, require
from chibo.handbook.services import notify_members
from chibo.organizations.models import Unit
from chibo.questions import selectors
from chibo.questions.models import (
    ANSWER_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Question,
    QuestionState,
)
from chibo.rules.errors import RuleViolation
from chibo.rules.text import fold, normalize


def _text(value: Any) -> str:
    """Multi-line plain text: control characters dropped, line breaks kept, trimmed."""
    lines = str(value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(normalize(line) for line in lines).strip()


def _title(value: Any) -> str:
    return normalize(str(value or ""))


def _check_lengths(title: str, text: str) -> None:
    if not title:
        raise RuleViolation("question.title_required")
    if len(title) > TITLE_MAX_LENGTH:
        raise RuleViolation("question.title_too_long", limit=TITLE_MAX_LENGTH)
    if not text:
        raise RuleViolation("question.text_required")
    if len(text) > TEXT_MAX_LENGTH:
        raise RuleViolation("question.text_too_long", limit=TEXT_MAX_LENGTH)


def _lock(question: Question) -> Question:
    return (
        Question.objects.select_for_update(of=("self",))
        .select_related("unit", "faq_unit")
        .get(pk=question.pk)
    )


def _by(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def question_ask(*, actor: Any, title: str, text: str, unit: Unit | None = None) -> Question:
    """A member asks a question from their own account to their cell or a unit above it (default:
    the grassroots organisation). Refused beyond the limits: at most ``open`` questions waiting and
    ``daily`` asked in 24 hours."""
    member = selectors.own_member(actor)
    if member is None:
        raise RuleViolation("question.not_a_member")
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()  # one question at a time
    units = selectors.addressable_units(member)
    if unit is None:
        unit = selectors.default_unit(units)
    if unit is None or unit.pk not in {u.pk for u in units}:
        raise RuleViolation("question.unit_not_yours", unit=getattr(unit, "name", ""))
    title, text = _title(title), _text(text)
    _check_lengths(title, text)
    limits = selectors.question_limits()
    waiting = selectors.open_count(actor)
    if waiting >= limits["open"]:
        raise RuleViolation("question.too_many_open", count=waiting)
    daily = selectors.asked_since(actor, 24 * 3600)
    if daily >= limits["daily"]:
        raise RuleViolation("question.daily_limit", count=daily)
    question = Question.objects.create(
        asker=actor, member=member, unit=unit, title=title, text=text, created_at=timezone.now()
    )
    audit.record(
        actor=actor,
        action="question.ask",
        target=question,
        unit=unit,
        after={"unit": unit.code, "title": title, "length": len(text)},
    )
    return question


@transaction.atomic
def question_answer(*, actor: Any, question: Question, answer: str) -> Question:
    """Answer (or correct the answer of) a question (MANAGE on the addressed unit); the asker gets a
    line in their inbox."""
    question = _lock(question)
    require(actor, Action.MANAGE, question.unit)
    if question.state == QuestionState.CLOSED:
        raise RuleViolation("question.closed")
    answer = _text(answer)
    if not answer:
        raise RuleViolation("question.answer_required")
    if len(answer) > ANSWER_MAX_LENGTH:
        raise RuleViolation("question.answer_too_long", limit=ANSWER_MAX_LENGTH)
    before = {"state": question.state, "answered": bool(question.answer)}
    question.answer = answer
    question.state = QuestionState.ANSWERED
    question.answered_by = _by(actor)
    question.answered_at = timezone.now()
    if question.is_published:
        question.search_key = _search_key(question)
    question.save()
    link = reverse("questions:mine") + f"#q{question.pk}"
    notify_members(
        actor=actor, member_ids=[question.member_id], kind="notice", title=f"✓ {question.title}", link=link
    )
    audit.record(
        actor=actor,
        action="question.answer",
        target=question,
        unit=question.unit,
        before=before,
        after={"state": question.state, "length": len(answer)},
    )
    return question


def _search_key(question: Question) -> str:
    return fold(f"{question.public_title} {question.public_text} {question.answer}")


@transaction.atomic
def question_publish(
    *, actor: Any, question: Question, unit: Unit | None = None, title: str = "", text: str = ""
) -> Question:
    """Publish an answered question as an FAQ entry to ``unit``'s subtree (default: the addressed
    unit; else a unit above or below it), under an optional public wording. MANAGE on both units.
    The asker's name is never shown."""
    question = _lock(question)
    require(actor, Action.MANAGE, question.unit)
    unit = unit or question.unit
    if actor is not None and not can(actor, Action.MANAGE, unit):
        raise NotPermitted(Action.MANAGE, unit)
    if not (unit.path.startswith(question.unit.path) or question.unit.path.startswith(unit.path)):
        raise RuleViolation("question.faq_unit_off_line", unit=unit.name)
    if unit.dissolved_on is not None:
        raise RuleViolation("question.unit_dissolved", unit=unit.name)
    if question.state != QuestionState.ANSWERED and not question.answer:
        raise RuleViolation("question.not_answered")
    title, text = _title(title), _text(text)
    if len(title) > TITLE_MAX_LENGTH:
        raise RuleViolation("question.title_too_long", limit=TITLE_MAX_LENGTH)
    if len(text) > TEXT_MAX_LENGTH:
        raise RuleViolation("question.text_too_long", limit=TEXT_MAX_LENGTH)
    before = {"faq_unit": question.faq_unit.code if question.faq_unit else None}
    question.faq_unit = unit
    question.faq_title = title
    question.faq_text = text
    question.faq_published_at = timezone.now()
    question.search_key = _search_key(question)
    question.save()
    audit.record(
        actor=actor,
        action="question.publish",
        target=question,
        unit=unit,
        before=before,
        after={"faq_unit": unit.code, "public_title": question.public_title},
    )
    return question


@transaction.atomic
def question_unpublish(*, actor: Any, question: Question) -> Question:
    """Take an FAQ entry down (MANAGE on the unit it was published to); the question stays."""
    question = _lock(question)
    if question.faq_unit is None:
        raise RuleViolation("question.not_published")
    require(actor, Action.MANAGE, question.faq_unit)
    before = {"faq_unit": question.faq_unit.code}
    unit = question.faq_unit
    question.faq_unit = None
    question.faq_published_at = None
    question.search_key = ""
    question.save()
    audit.record(
        actor=actor,
        action="question.unpublish",
        target=question,
        unit=unit,
        before=before,
        after={"faq": None},
    )
    return question


@transaction.atomic
def question_close(*, actor: Any, question: Question) -> Question:
    """Close a question: by its asker, or by staff with MANAGE on the addressed unit. A closed
    question takes no answer; its FAQ entry, if any, stays."""
    question = _lock(question)
    if question.asker_id != getattr(actor, "pk", None):
        require(actor, Action.MANAGE, question.unit)
    if question.state == QuestionState.CLOSED:
        raise RuleViolation("question.closed")
    before = {"state": question.state}
    question.state = QuestionState.CLOSED
    question.closed_at = timezone.now()
    question.save(update_fields=["state", "closed_at"])
    audit.record(
        actor=actor,
        action="question.close",
        target=question,
        unit=question.unit,
        before=before,
        after={"state": question.state},
    )
    return question
