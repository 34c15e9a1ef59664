"""Writes to accounts and role assignments."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from chibo.accounts.models import RoleAssignment, User
from chibo.accounts.roles import Action, Role
from chibo.core import audit
from chibo.core.scoping import forget_grants, require
from chibo.rules.errors import RuleViolation
from chibo.rules.text import normalize


@transaction.atomic
def user_create(
    *, actor: Any, username: str, password: str | None, full_name: str = "", email: str = ""
) -> User:
    """Create a sign-in account (without roles: grant them with ``role_grant``)."""
    if actor is not None and not (getattr(actor, "is_superuser", False) or _grants_anything(actor)):
        raise RuleViolation("user.create_forbidden")
    username = username.strip()
    if not username:
        raise RuleViolation("user.username_required")
    if User.objects.filter(username__iexact=username).exists():
        raise RuleViolation("user.username_taken", username=username)
    user = User(username=username, full_name=normalize(full_name), email=email.strip())
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(
        actor=actor,
        action="user.create",
        target=user,
        unit=None,
        after={"username": user.username, "full_name": user.full_name, "email": user.email},
    )
    return user


def _grants_anything(actor: Any) -> bool:
    from chibo.core.scoping import paths_for

    return bool(paths_for(actor, Action.GRANT))


@transaction.atomic
def role_grant(*, actor: Any, user: User, unit: Any, role: str) -> RoleAssignment:
    """Give ``user`` ``role`` on ``unit`` (and so on its subtree)."""
    require(actor, Action.GRANT, unit)
    if role not in Role.values:
        raise RuleViolation("role.unknown", role=role)
    if unit.dissolved_on is not None:
        raise RuleViolation("restructure.target_dissolved", dissolved_on=unit.dissolved_on)
    if RoleAssignment.objects.filter(user=user, unit=unit, role=role).exists():
        raise RuleViolation("role.already_granted", role=role)
    assignment = RoleAssignment.objects.create(
        user=user, unit=unit, role=role, granted_by=actor if getattr(actor, "pk", None) else None
    )
    forget_grants(user)
    audit.record(
        actor=actor,
        action="role.grant",
        target=assignment,
        unit=unit,
        after={"user": user.username, "role": role, "unit": unit.code},
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment) -> None:
    """Take a role back. Nobody can take away the role that lets them take roles (no lock-out)."""
    require(actor, Action.GRANT, assignment.unit)
    if getattr(actor, "pk", None) == assignment.user_id and assignment.role == Role.ORG_BOARD:
        raise RuleViolation("role.revoke_self")
    before = {"user": assignment.user.username, "role": assignment.role, "unit": assignment.unit.code}
    audit.record(actor=actor, action="role.revoke", target=assignment, unit=assignment.unit, before=before)
    assignment.delete()
    forget_grants(assignment.user)
