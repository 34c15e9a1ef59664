"""The commendations services in the audit coverage test (chibo/core/tests/test_audit_coverage.py).

SERVICE_MODULE is scanned for public functions; each must be in EXPECTED_ACTION (the audit action it
writes, exactly once, with the actor), READ_HELPERS (reads it shares, writing nothing) or NO_OWN_AUDIT
(parts of another service's transaction). ``calls(tree, board)`` gives, per service, a call made by
``board`` on objects in tree.a's subtree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

SERVICE_MODULE = "chibo.commendations.services"
EXPECTED_ACTION: dict[str, str] = {
    "commendation_record": "commendation.record",
    "commendation_correct": "commendation.correct",
    "commendation_annul": "commendation.annul",
    "commendation_list_exported": "commendation.export",
}
READ_HELPERS: set[str] = set()
NO_OWN_AUDIT: set[str] = set()


def calls(tree: Any, board: Any) -> dict[str, Any]:
    from chibo.commendations import services as svc

    def recorded() -> Any:
        return svc.commendation_record(
            actor=None,
            unit=tree.a1,
            kind="giay_khen",
            level="co_so",
            year=2024,
            decision_number="12-QĐ/ĐU",
            decided_on=date(2025, 1, 20),
        )

    return {
        "commendation_record": lambda: svc.commendation_record(
            actor=board,
            member=tree.a1.members.first(),
            kind="bang_khen",
            level="cap_tren",
            year=2024,
            decision_number="35-QĐ/ĐU",
            decided_on=date(2025, 2, 1),
            title="Đảng viên HTXSNV 5 năm liền",
        ),
        "commendation_correct": lambda: svc.commendation_correct(
            actor=board,
            commendation=recorded(),
            changes={"decision_number": "13-QĐ/ĐU"},
            reason="Ghi nhầm số",
        ),
        "commendation_annul": lambda: svc.commendation_annul(
            actor=board, commendation=recorded(), reason="Quyết định bị thu hồi"
        ),
        "commendation_list_exported": lambda: svc.commendation_list_exported(
            actor=board, unit=tree.a, fmt="xlsx", count=3, query="year=2024"
        ),
    }
