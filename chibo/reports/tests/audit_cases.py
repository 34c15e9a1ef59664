"""The reports services in the audit coverage test (chibo/core/tests/test_audit_coverage.py).

SERVICE_MODULE is scanned for public functions; each must be in EXPECTED_ACTION (the audit action it
writes, exactly once, with the actor), READ_HELPERS (reads it shares, writing nothing) or NO_OWN_AUDIT
(parts of another service's transaction). ``calls(tree, board)`` gives, per service, a call made by
``board`` on objects in tree.a's subtree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

SERVICE_MODULE = "chibo.reports.services"
EXPECTED_ACTION: dict[str, str] = {
    "report_submit": "report.submit",
    "quality_snapshot_take": "report.quality_snapshot",
    "quality_exported": "report.quality_export",
    "quality_run_request": "report.quality_run",
    "quality_run_compute": "report.quality_run_done",
}
READ_HELPERS: set[str] = set()
NO_OWN_AUDIT: set[str] = set()


def calls(tree: Any, board: Any) -> dict[str, Any]:
    from chibo.reports import services

    return {
        "report_submit": lambda: services.report_submit(actor=board, unit=tree.a, as_of=date(2024, 6, 30)),
        "quality_snapshot_take": lambda: services.quality_snapshot_take(actor=board, unit=tree.a),
        "quality_exported": lambda: services.quality_exported(
            actor=board, unit=tree.a, problems=2, via="page"
        ),
        "quality_run_request": lambda: _small_limit(
            lambda: services.quality_run_request(actor=board, unit=tree.a)
        ),
        "quality_run_compute": lambda: services.quality_run_compute(actor=board, run_id=_queued_run(tree)),
    }


def _queued_run(tree: Any) -> int:
    from chibo.reports.models import QualityRun

    return QualityRun.objects.create(unit=tree.a).pk


def _small_limit(call: Any) -> Any:
    """A background run is for subtrees above CHIBO_QUALITY_MAX_MEMBERS: make tree.a one."""
    from django.test import override_settings

    with override_settings(CHIBO_QUALITY_MAX_MEMBERS=1):
        return call()
