"""Writes to the shared records of the core: the working-day calendar's exceptions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from chibo.accounts.roles import Action
from chibo.core import audit
from chibo.core.models import CalendarException
from chibo.core.scoping import paths_for
from chibo.rules.errors import RuleViolation


def _require_top_board(actor: Any) -> None:
    """The calendar is deployment-wide: only an organisation board member at a root (or a superuser)."""
    if actor is None:
        return
    if not any(len(p) <= 4 for p in paths_for(actor, Action.RESTRUCTURE)):
        raise RuleViolation("calendar.forbidden")


@transaction.atomic
def calendar_exception_set(*, actor: Any, day: date, kind: str, reason: str) -> CalendarException:
    """Record (or change) an extra day off or extra working day for working-day deadlines."""
    _require_top_board(actor)
    if kind not in CalendarException.Kind.values:
        raise RuleViolation("calendar.kind_invalid", kind=kind)
    if not reason.strip():
        raise RuleViolation("calendar.reason_required")
    existing = CalendarException.objects.filter(day=day).first()
    before = audit.snapshot(existing) if existing else None
    obj, _ = CalendarException.objects.update_or_create(
        day=day, defaults={"kind": kind, "reason": reason.strip()}
    )
    audit.record(
        actor=actor, action="calendar.set", target=obj, unit=None, before=before, after=audit.snapshot(obj)
    )
    return obj


@transaction.atomic
def calendar_exception_delete(*, actor: Any, exception: CalendarException) -> None:
    _require_top_board(actor)
    audit.record(
        actor=actor, action="calendar.delete", target=exception, unit=None, before=audit.snapshot(exception)
    )
    exception.delete()
