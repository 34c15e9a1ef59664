"""The members' inbox at the steps of their yearly evaluation (issue #8, item 5): the self-assessment
opens (a members' scoring table is set for the current year; see also the daily reminders,
``chibo.handbook.services.reminders_send``), the cell has reviewed them, the grassroots committee
decided their grade, a decided grade was corrected.

Each is part of the step's own transaction; the inbox writes its own batch audit entry
(``handbook.notify``) beside the step's. Titles are in the site's language (the members' default)
and go only to the member's own inbox, so the grade may be named.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from chibo.core import regulations
from chibo.core.scoping import subtree_q
from chibo.evaluations.models import Grade, MemberEvaluation, ScoringTable, Subject
from chibo.handbook.models import NotificationKind
from chibo.handbook.services import notify_each, notify_members, self_assessment_title
from chibo.members.models import ACTIVE_Q, Member
from chibo.rules import reminders as reminder_rules


def self_link(year: int) -> str:
    """The member's own evaluation page for the year: the form while open, then the result."""
    return f"{reverse('evaluations:self')}?year={year}"


def _grade(grade: str) -> str:
    return str(Grade(grade).label) if grade in Grade.values else grade


def table_set(actor: Any, table: ScoringTable) -> int:
    """A members' table set for the current year (next year's, prepared ahead, is announced by the
    daily reminders on 1 January): the active members of its subtree with an account, not reviewed
    yet for the year, are told they may self-assess — once a year, under the announcement's key, so
    a replaced table or a nearer one tells nobody twice."""
    if table.subject != Subject.MEMBER or not reminder_rules.self_assessment_open(
        table.year, regulations.today()
    ):
        return 0
    members = (
        Member.objects.filter(ACTIVE_Q, subtree_q(table.unit.path, "unit_path"))
        .exclude(pk__in=MemberEvaluation.objects.filter(year=table.year).values("member_id"))
        .values("pk")
    )
    return notify_members(
        actor=actor,
        member_ids=members,
        kind=NotificationKind.EVALUATION,
        title=self_assessment_title(table.year),
        link=self_link(table.year),
        key=reminder_rules.self_assessment_key(table.year),
    )


#: Titles of the steps that concern one member (translated when written, in the site's language).
REVIEWED = gettext_noop("Evaluation %(year)s: your cell has reviewed you (proposed: %(grade)s)")
CORRECTED = gettext_noop("Evaluation %(year)s: your grade was corrected to %(grade)s")


def _tell_one(actor: Any, evaluation: MemberEvaluation, message: str, grade: str) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext(message) % {"year": evaluation.year, "grade": _grade(grade)}
    return notify_members(
        actor=actor,
        member_ids=[evaluation.member_id],
        kind=NotificationKind.EVALUATION,
        title=title,
        link=self_link(evaluation.year),
    )


def reviewed(actor: Any, evaluation: MemberEvaluation) -> int:
    """The cell has reviewed the member: the proposal now goes to the grassroots committee."""
    return _tell_one(actor, evaluation, REVIEWED, evaluation.proposed_grade)


def decided(actor: Any, evaluations: Iterable[MemberEvaluation]) -> int:
    """The grassroots committee decided: each member is told their own grade."""
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            (
                e.member_id,
                gettext("Evaluation %(year)s: your grade is decided: %(grade)s")
                % {"year": e.year, "grade": _grade(e.grade)},
                self_link(e.year),
            )
            for e in evaluations
        ]
    return notify_each(actor=actor, kind=NotificationKind.EVALUATION, lines=lines)


def corrected(actor: Any, evaluation: MemberEvaluation) -> int:
    """A decided grade changed by a later decision."""
    return _tell_one(actor, evaluation, CORRECTED, evaluation.grade)
