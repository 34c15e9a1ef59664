"""Correction requests: a member asks the secretary to correct their record; the secretary answers."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from chibo.accounts.roles import Action
from chibo.core import audit, regulations
from chibo.core.scoping import require
from chibo.members.models import Member
from chibo.portal.models import (
    ANSWER_MAX,
    MAX_OPEN,
    TEXT_MAX,
    TEXT_MIN,
    CorrectionRequest,
    Field,
    RequestState,
)
from chibo.rules.errors import RuleViolation
from chibo.rules.text import normalize


def _text(value: Any) -> str:
    lines = str(value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(normalize(line) for line in lines).strip()


@transaction.atomic
def correction_request_create(*, actor: Any, member: Member, field: str, text: str) -> CorrectionRequest:
    """The member asks the secretary to correct their record: only from the member's own account,
    ``TEXT_MIN``–``TEXT_MAX`` characters, at most ``MAX_OPEN`` open requests at once."""
    member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
    if getattr(actor, "pk", None) is None or member.user_id != actor.pk:
        raise RuleViolation("portal.not_your_record")
    if field not in Field.values:
        raise RuleViolation("portal.unknown_field", field=field)
    text = _text(text)
    if not TEXT_MIN <= len(text) <= TEXT_MAX:
        raise RuleViolation("portal.text_length", min=TEXT_MIN, max=TEXT_MAX, length=len(text))
    if CorrectionRequest.objects.filter(member=member, state=RequestState.OPEN).count() >= MAX_OPEN:
        raise RuleViolation("portal.too_many_open", max=MAX_OPEN)
    request = CorrectionRequest.objects.create(member=member, field=field, text=text)
    audit.record(
        actor=actor,
        action="portal.correction_request",
        target=request,
        unit=member.unit,
        after={"member": member.pk, "field": field},
    )
    return request


@transaction.atomic
def correction_request_close(
    *, actor: Any, request: CorrectionRequest, state: str, answer: str = ""
) -> CorrectionRequest:
    """The secretary (MANAGE on the member's unit) answers an open request: corrected or rejected;
    a rejection needs an answer saying why."""
    request = CorrectionRequest.objects.select_for_update().select_related("member__unit").get(pk=request.pk)
    require(actor, Action.MANAGE, request.member.unit)
    if request.state != RequestState.OPEN:
        raise RuleViolation("portal.already_closed")
    if state not in (RequestState.DONE, RequestState.REJECTED):
        raise RuleViolation("portal.close_state", state=state)
    answer = _text(answer)
    if state == RequestState.REJECTED and not answer:
        raise RuleViolation("portal.answer_required")
    if len(answer) > ANSWER_MAX:
        raise RuleViolation("portal.answer_length", max=ANSWER_MAX, length=len(answer))
    request.state, request.answer = state, answer
    request.handled_by = actor if getattr(actor, "is_authenticated", False) else None
    request.handled_on = regulations.today()
    request.save(update_fields=["state", "answer", "handled_by", "handled_on"])
    audit.record(
        actor=actor,
        action="portal.correction_close",
        target=request,
        unit=request.member.unit,
        before={"state": RequestState.OPEN},
        after={"state": state},
    )
    return request
