"""Scope, once (ARCHITECTURE.md, "Scope, once").

A role granted on a unit covers the unit's subtree, which is a range of
materialised paths: ``path >= p AND path < next(p)``. A range (not ``LIKE 'p%'``)
lets SQLite and PostgreSQL use the path index. Base UI views, the base API
viewset and every selector call ``visible_to``; services call ``require``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from chibo.accounts.roles import ROLE_ACTIONS, STAFF_ROLES, Action

PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's MP_Node default


class NotPermitted(PermissionDenied):
    """The actor may not do this to this unit (services raise it; views answer 403)."""

    def __init__(self, action: str, unit: Any = None) -> None:
        self.action = action
        self.unit = unit
        super().__init__(_("You do not have the right to do this in this unit."))


def path_upper_bound(path: str) -> str | None:
    """The smallest path greater than every path starting with ``path``.

    Increments the last character that is not the alphabet's last; ``None``
    when every character is the last (no upper bound).
    """
    stripped = path.rstrip(PATH_ALPHABET[-1])
    if not stripped:
        return None
    last = stripped[-1]
    return stripped[:-1] + PATH_ALPHABET[PATH_ALPHABET.index(last) + 1]


def subtree_q(path: str, field: str = "path") -> Q:
    """The rows whose ``field`` lies in the subtree at ``path`` (the unit itself included)."""
    upper = path_upper_bound(path)
    q = Q(**{f"{field}__gte": path})
    return q & Q(**{f"{field}__lt": upper}) if upper else q


def _minimal(paths: Iterable[str]) -> list[str]:
    """Drop paths covered by another path of the list."""
    result: list[str] = []
    for path in sorted(set(paths)):
        if not result or not path.startswith(result[-1]):
            result.append(path)
    return result


def grants(user: Any) -> list[tuple[str, str]]:
    """(role, unit path) pairs of the user, loaded once per request object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_chibo_grants", None)
    if cached is None:
        cached = list(user.role_assignments.values_list("role", "unit__path"))
        user._chibo_grants = cached
    return cached


def forget_grants(user: Any) -> None:
    """Drop the per-request cache after the user's roles changed."""
    if hasattr(user, "_chibo_grants"):
        del user._chibo_grants


def paths_for(user: Any, action: Action) -> list[str]:
    """The minimal list of subtree roots on which ``user`` may do ``action``."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return [""]  # every path starts with ""
    return _minimal(path for role, path in grants(user) if action in ROLE_ACTIONS.get(role, ()))


def has_staff_role(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(role in STAFF_ROLES for role, _ in grants(user))


def scope_q(user: Any, action: Action = Action.VIEW, field: str = "path") -> Q:
    """A Q that keeps the rows whose ``field`` lies in a subtree the user may ``action``."""
    paths = paths_for(user, action)
    if paths == [""]:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= subtree_q(path, field)
    return q


def visible_to(
    queryset: QuerySet, user: Any, action: Action = Action.VIEW, field: str | None = None
) -> QuerySet:
    """``queryset`` restricted to the user's scope for ``action``.

    ``field`` is the path column of the rows (default: the model's ``SCOPE_PATH_FIELD``).
    """
    field = field or getattr(queryset.model, "SCOPE_PATH_FIELD", "path")
    return queryset.filter(scope_q(user, action, field))


def get_scoped_or_404(queryset: QuerySet, user: Any, action: Action = Action.VIEW, **lookup: Any) -> Model:
    """The object, or 404 when it does not exist *or* the user may not see it; 403 when
    the user sees it but may not do ``action`` to it (their role there lacks the right)."""
    try:
        obj = visible_to(queryset, user, Action.VIEW).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404(str(_("Not found."))) from exc
    if action != Action.VIEW and not can(user, action, obj):
        raise NotPermitted(action, obj)
    return obj


def unit_path_of(obj: Any) -> str:
    """The path that places ``obj`` in the tree (a unit, or a row carrying ``SCOPE_PATH_FIELD``)."""
    value: Any = obj
    for part in getattr(type(obj), "SCOPE_PATH_FIELD", "path").split("__"):
        value = getattr(value, part, None)
    return value or ""


def can(user: Any, action: Action, unit_or_path: Any) -> bool:
    """May ``user`` do ``action`` on the unit (or path)?"""
    path = unit_or_path if isinstance(unit_or_path, str) else unit_path_of(unit_or_path)
    return any(path.startswith(root) for root in paths_for(user, action))


def require(user: Any, action: Action, unit_or_path: Any) -> None:
    """Raise ``NotPermitted`` unless ``user`` may do ``action`` there (services call it)."""
    if user is None:  # system jobs (migrations of data, seeding) act without a user
        return
    if not can(user, action, unit_or_path):
        raise NotPermitted(action, unit_or_path)
