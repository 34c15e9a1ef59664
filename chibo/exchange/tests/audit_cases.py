"""The exchange services in the audit coverage test (chibo/core/tests/test_audit_coverage.py).

SERVICE_MODULE is scanned for public functions; each must be in EXPECTED_ACTION (the audit action it
writes, exactly once, with the actor), READ_HELPERS (reads it shares, writing nothing) or NO_OWN_AUDIT
(parts of another service's transaction). ``calls(tree, board)`` gives, per service, a call made by
``board`` on objects in tree.a's subtree.
"""

from __future__ import annotations

from typing import Any

SERVICE_MODULE = "chibo.exchange.services"
EXPECTED_ACTION: dict[str, str] = {
    "members_import": "exchange.import",
    "import_job_create": "exchange.upload",
    "import_job_check": "exchange.check",
    "import_job_confirm": "exchange.confirm",
    "import_job_run": "exchange.import",
    "import_job_crashed": "exchange.crash",
}
#: file_sha256 and report_xlsx read or write files only; the others read settings or progress.
READ_HELPERS: set[str] = {"file_sha256", "report_xlsx", "progress_path", "max_upload_bytes"}
NO_OWN_AUDIT: set[str] = set()


def calls(tree: Any, board: Any) -> dict[str, Any]:
    import tempfile
    from pathlib import Path

    from chibo.exchange import services
    from chibo.exchange.tests import jobs, roster

    def path() -> str:
        folder = Path(tempfile.mkdtemp())
        return str(roster.write(folder / "r.xlsx", {"S": [roster.row(70), roster.row(71)]}))

    def confirmed() -> Any:
        return services.import_job_confirm(actor=None, job=jobs.checked_job(tree))

    return {
        "members_import": lambda: services.members_import(actor=board, unit=tree.a, path=path()),
        "import_job_create": lambda: services.import_job_create(
            actor=board, unit=tree.a, upload=jobs.upload()
        ),
        "import_job_check": lambda: services.import_job_check(
            actor=board, job=services.import_job_create(actor=None, unit=tree.a, upload=jobs.upload())
        ),
        "import_job_confirm": lambda: services.import_job_confirm(actor=board, job=jobs.checked_job(tree)),
        "import_job_run": lambda: services.import_job_run(actor=board, job=confirmed()),
        "import_job_crashed": lambda: services.import_job_crashed(actor=board, job_id=confirmed().pk),
    }
