"""The API's default permission (kept apart from ``chibo.core.api``: DRF imports it while
``rest_framework.views`` is still loading)."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

from chibo.core.scoping import has_staff_role


class HasAnyRole(permissions.BasePermission):
    """Signed in (session or token) with a staff role; otherwise 401/403."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and has_staff_role(user))
