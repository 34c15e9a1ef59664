"""The evaluations API in the project's permission matrix (chibo/core/tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

from chibo.accounts.roles import Action

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {}
