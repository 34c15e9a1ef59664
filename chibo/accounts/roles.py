"""Roles, the actions they allow, and nothing else (../shared/PRODUCT.md, "Users and roles").

A role is granted on a unit and covers that unit's whole subtree.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORG_BOARD = "org_board", _("Organisation board")
    SECRETARY = "secretary", _("Secretary / committee member")
    INSPECTOR = "inspector", _("Inspection committee")
    VIEWER = "viewer", _("Viewer")
    MEMBER = "member", _("Member")


class Action(StrEnum):
    VIEW = "view"  # the staff pages of a subtree: tree, members, dashboards
    MANAGE = "manage"  # edit unit details, record member events
    RESTRUCTURE = "restructure"  # create, merge, split, move, dissolve units
    GRANT = "grant"  # give and take roles
    AUDIT = "audit"  # read the audit trail
    SENSITIVE = "sensitive"  # read sensitive personal data (logged)
    DISCIPLINE = "discipline"  # inspection programmes and discipline cases (Charter art. 30-32)


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.ORG_BOARD: frozenset(Action),
    Role.SECRETARY: frozenset({Action.VIEW, Action.MANAGE, Action.AUDIT}),
    Role.INSPECTOR: frozenset({Action.VIEW, Action.AUDIT, Action.DISCIPLINE}),
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.MEMBER: frozenset(),  # members use their own pages, never the staff pages
}

STAFF_ROLES = frozenset(role for role, actions in ROLE_ACTIONS.items() if Action.VIEW in actions)


def roles_allowing(action: Action) -> list[str]:
    return [str(role) for role, actions in ROLE_ACTIONS.items() if action in actions]
