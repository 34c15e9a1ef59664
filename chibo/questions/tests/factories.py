"""Builders for the questions tests: a question asked, answered and published through the services."""

from __future__ import annotations

from typing import Any

from chibo.handbook.tests.factories import linked_user
from chibo.questions import services

__all__ = ["answered", "ask", "linked_user"]


def ask(user: Any, **extra: Any) -> Any:
    data = {
        "title": "Mức đóng đảng phí của đảng viên nghỉ hưu",
        "text": "Xin hỏi đảng viên đã nghỉ hưu đóng đảng phí theo mức nào?",
        **extra,
    }
    return services.question_ask(actor=user, **data)


def answered(user: Any, publish: bool = False, **extra: Any) -> Any:
    question = services.question_answer(
        actor=None, question=ask(user, **extra), answer="Đảng viên nghỉ hưu đóng 0,5% lương hưu."
    )
    if publish:
        question = services.question_publish(actor=None, question=question)
    return question
