"""Audit entries, written by services inside their transaction (ARCHITECTURE.md, "The flow of a write")."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models, transaction

from chibo.core.models import AuditEntry


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Plain values of a model's concrete fields (foreign keys by id), for before/after."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _plain(getattr(instance, name)) for name in names}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def _actor_fields(actor: Any) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_repr": "system"}
    return {"actor": actor, "actor_repr": actor.get_username()}


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    unit: models.Model | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    effective_on: date | None = None,
    note: str = "",
) -> AuditEntry:
    """Append one audit entry; must run inside the service's transaction."""
    assert transaction.get_connection().in_atomic_block, "audit.record must run inside a service transaction"
    return AuditEntry.objects.create(
        **_actor_fields(actor),
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        unit=unit,
        effective_on=effective_on,
        before=before,
        after=after,
        note=note,
    )


def record_batch(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    unit: models.Model | None,
    counts: dict[str, int],
    effective_on: date | None = None,
    note: str = "",
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """One entry for a bulk operation, with its counts (e.g. rows created, moved)."""
    assert transaction.get_connection().in_atomic_block, "audit.record_batch must run inside a transaction"
    return AuditEntry.objects.create(
        **_actor_fields(actor),
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        unit=unit,
        effective_on=effective_on,
        is_batch=True,
        counts=counts,
        after=after,
        note=note,
    )
