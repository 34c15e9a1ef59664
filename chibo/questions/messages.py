"""Messages for the refusal codes raised by chibo.questions (merged into chibo.core.messages)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    "question.not_a_member": _(
        "Only a member's own account, linked to their member record, may ask a question."
    ),
    "question.unit_not_yours": _(
        "A question goes to your chi bộ or to a committee above it: %(unit)s is not one of them."
    ),
    "question.title_required": _("The title of the question is required."),
    "question.title_too_long": _("The title is longer than %(limit)s characters."),
    "question.text_required": _("The text of the question is required."),
    "question.text_too_long": _("The question is longer than the limit of %(limit)s characters."),
    "question.too_many_open": _(
        "You have %(count)s questions waiting for an answer, the most allowed: wait for an answer "
        "before asking again (your text is kept)."
    ),
    "question.daily_limit": _(
        "You have asked %(count)s questions in the last 24 hours, the most allowed: ask again tomorrow "
        "(your text is kept)."
    ),
    "question.closed": _("This question is closed."),
    "question.answer_required": _("The answer is required."),
    "question.answer_too_long": _("The answer is longer than the limit of %(limit)s characters."),
    "question.not_answered": _("Only an answered question can be published as an FAQ entry."),
    "question.not_published": _("This question is not published as an FAQ entry."),
    "question.faq_unit_off_line": _(
        "An FAQ entry is published to the unit the question was addressed to, or to a unit above or "
        "below it: %(unit)s is not."
    ),
    "question.unit_dissolved": _("%(unit)s has been dissolved: nothing can be published to it."),
}
