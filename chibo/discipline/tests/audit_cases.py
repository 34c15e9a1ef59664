"""The discipline services in the audit coverage test (chibo/core/tests/test_audit_coverage.py).

SERVICE_MODULE is scanned for public functions; each must be in EXPECTED_ACTION (the audit action it
writes, exactly once, with the actor), READ_HELPERS (reads it shares, writing nothing) or NO_OWN_AUDIT
(parts of another service's transaction). ``calls(tree, board)`` gives, per service, a call made by
``board`` on objects in tree.a's subtree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

SERVICE_MODULE = "chibo.discipline.services"
EXPECTED_ACTION: dict[str, str] = {
    "programme_create": "discipline.programme_create",
    "programme_update": "discipline.programme_update",
    "programme_start": "discipline.programme_start",
    "programme_conclude": "discipline.programme_conclude",
    "case_open": "discipline.case_open",
    "case_report": "discipline.case_report",
    "case_review": "discipline.case_review",
    "case_decide": "discipline.case_decide",
    "case_announce": "discipline.case_announce",
    "case_complaint": "discipline.case_complaint",
    "case_complaint_ruling": "discipline.case_complaint_ruling",
    "case_annul": "discipline.case_annul",
    "case_record_decided": "discipline.case_record",
}
#: Whether a member holds an office (read by the decision and the member pages).
READ_HELPERS: set[str] = {"holds_office"}
NO_OWN_AUDIT: set[str] = set()


def calls(tree: Any, board: Any) -> dict[str, Any]:
    from chibo.discipline import services as svc
    from chibo.discipline.tests.conftest import advance, official_of, open_case

    def programme() -> Any:
        return svc.programme_create(
            actor=None, unit=tree.a, year=2025, kind="inspection", topic="Kiểm tra",
            starts_on=date(2025, 3, 1), ends_on=date(2025, 6, 30),
        )  # fmt: skip

    def started() -> Any:
        return svc.programme_start(actor=None, programme=programme(), on=date(2025, 3, 2))

    def complained() -> Any:
        return svc.case_complaint(
            actor=None, case=advance(open_case(tree), "announced"), on=date(2025, 5, 20)
        )

    return {
        "programme_create": lambda: svc.programme_create(
            actor=board,
            unit=tree.a,
            year=2025,
            kind="supervision",
            topic="Giám sát",
            starts_on=date(2025, 3, 1),
            ends_on=date(2025, 6, 30),
            target_units=[tree.a1],
        ),
        "programme_update": lambda: svc.programme_update(
            actor=board, programme=programme(), changes={"topic": "Kiểm tra đảng phí"}
        ),
        "programme_start": lambda: svc.programme_start(
            actor=board, programme=programme(), on=date(2025, 3, 2)
        ),
        "programme_conclude": lambda: svc.programme_conclude(
            actor=board, programme=started(), on=date(2025, 7, 1), conclusion="Tốt"
        ),
        "case_open": lambda: svc.case_open(
            actor=board,
            unit=tree.a,
            member=official_of(tree.a1),
            category="moral",
            description="Vi phạm",
            violation_on=date(2025, 3, 1),
            opened_on=date(2025, 4, 1),
        ),
        "case_report": lambda: svc.case_report(actor=board, case=open_case(tree), on=date(2025, 4, 10)),
        "case_review": lambda: svc.case_review(
            actor=board, case=advance(open_case(tree), "reported"), on=date(2025, 4, 20), body="Chi bộ"
        ),
        "case_decide": lambda: svc.case_decide(
            actor=board,
            case=advance(open_case(tree), "reviewed"),
            form="khien_trach",
            decided_on=date(2025, 5, 5),
            decision_number="1-QĐ",
            deciding_body="Đảng ủy",
        ),
        "case_announce": lambda: svc.case_announce(
            actor=board, case=advance(open_case(tree), "decided"), on=date(2025, 5, 10)
        ),
        "case_complaint": lambda: svc.case_complaint(
            actor=board, case=advance(open_case(tree), "announced"), on=date(2025, 5, 20)
        ),
        "case_complaint_ruling": lambda: svc.case_complaint_ruling(
            actor=board, case=complained(), on=date(2025, 8, 1), ruling="Giữ nguyên"
        ),
        "case_annul": lambda: svc.case_annul(
            actor=board, case=advance(open_case(tree), "announced"), on=date(2025, 6, 1), decision="9-QĐ"
        ),
        "case_record_decided": lambda: svc.case_record_decided(
            actor=board,
            unit=tree.a,
            member=official_of(tree.a1),
            category="law",
            description="Vi phạm",
            violation_on=date(2025, 3, 1),
            form="canh_cao",
            decided_on=date(2025, 5, 5),
            decision_number="2-QĐ",
            deciding_body="Đảng ủy",
            announced_on=date(2025, 5, 10),
        ),
    }
