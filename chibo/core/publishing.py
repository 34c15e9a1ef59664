"""What the services of published objects (library documents, notices and news) share: an object
published to a unit's subtree, changed only with MANAGE on that unit, frozen once withdrawn.

Called inside the calling service's transaction; the refusals keep each app's own codes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Model

from chibo.accounts.roles import Action
from chibo.core.scoping import require
from chibo.rules.errors import RuleViolation


def check_editable(changes: Mapping[str, Any], editable: Iterable[str], *, refusal: str) -> None:
    """Refuse fields a correction may not touch (``refusal`` names them)."""
    unknown = sorted(set(changes) - set(editable))
    if unknown:
        raise RuleViolation(refusal, fields=", ".join(unknown))


def lock(obj: Model) -> Any:
    """The object again, locked for the rest of the transaction, with its unit."""
    return type(obj).objects.select_for_update().select_related("unit").get(pk=obj.pk)


def lock_published(obj: Model, *, actor: Any, withdrawn_refusal: str) -> Any:
    """The object locked for the change, after checking MANAGE on its unit; refused once withdrawn."""
    locked = lock(obj)
    require(actor, Action.MANAGE, locked.unit)
    if locked.withdrawn_on is not None:
        raise RuleViolation(withdrawn_refusal)
    return locked
