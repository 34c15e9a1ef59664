"""Yearly admission targets, and candidacies following their cell through a restructuring."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from chibo.accounts.roles import Action
from chibo.admissions.models import Candidate, Target
from chibo.core import audit, regulations
from chibo.core.scoping import require
from chibo.organizations.models import Unit
from chibo.rules import admission as rules
from chibo.rules import organizations as org_rules
from chibo.rules.errors import RuleViolation


@transaction.atomic
def target_set(*, actor: Any, unit: Unit, year: int, target: int) -> Target:
    """Set a unit's admission target for ``year``; targets are set by the level above."""
    parent = unit.parent_unit()
    require(actor, Action.MANAGE, parent or unit)
    if parent is None and actor is not None and not actor.is_superuser:
        raise RuleViolation("admission.target_from_above")
    if target < 0:
        raise RuleViolation("admission.target_negative")
    this_year = regulations.today().year
    if not this_year - 1 <= year <= this_year + 1:
        raise RuleViolation("admission.target_year", year=year, first=this_year - 1, last=this_year + 1)
    existing = Target.objects.select_for_update().filter(unit=unit, year=year).first()
    before = {"target": existing.target} if existing else None
    row, _created = Target.objects.update_or_create(unit=unit, year=year, defaults={"target": target})
    audit.record(
        actor=actor,
        action="admission.target_set",
        target=row,
        unit=unit,
        before=before,
        after={"target": target},
    )
    return row


def candidates_transfer_all(*, actor: Any, from_unit: Unit, to_unit: Unit) -> int:
    """Open candidacies of a cell that is merged or dissolved follow its members to ``to_unit``
    (called by the restructuring services inside their transaction; they audit the batch)."""
    assert transaction.get_connection().in_atomic_block
    candidates = Candidate.objects.filter(unit=from_unit).exclude(stage__in=rules.CLOSED)
    if not candidates.exists():
        return 0
    org_rules.check_holds_members(to_unit.level)
    return candidates.update(unit=to_unit)
