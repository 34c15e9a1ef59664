"""The commendations services in the audit coverage test (chibo/core/tests/test_audit_coverage.py).

SERVICE_MODULE is scanned for public functions; each must be in EXPECTED_ACTION (the audit action it
writes, exactly once, with the actor), READ_HELPERS (reads it shares, writing nothing) or NO_OWN_AUDIT
(parts of another service's transaction). ``calls(tree, board)`` gives, per service, a call made by
``board`` on objects in tree.a's subtree.
"""

from __future__ import annotations

from typing import Any

SERVICE_MODULE = "chibo.commendations.services"
EXPECTED_ACTION: dict[str, str] = {}
READ_HELPERS: set[str] = set()
NO_OWN_AUDIT: set[str] = set()


def calls(tree: Any, board: Any) -> dict[str, Any]:
    return {}
