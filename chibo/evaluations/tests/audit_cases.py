"""The evaluations services in the audit coverage test (chibo/core/tests/test_audit_coverage.py).

SERVICE_MODULE is scanned for public functions; each must be in EXPECTED_ACTION (the audit action it
writes, exactly once, with the actor), READ_HELPERS (reads it shares, writing nothing) or NO_OWN_AUDIT
(parts of another service's transaction). ``calls(tree, board)`` gives, per service, a call made by
``board`` on objects in tree.a's subtree.
"""

from __future__ import annotations

from typing import Any

SERVICE_MODULE = "chibo.evaluations.services"
EXPECTED_ACTION: dict[str, str] = {
    "scoring_table_save": "evaluation.table_save",
    "scoring_table_copy": "evaluation.table_copy",
    "member_self_assess": "evaluation.self_assess",
    "member_evaluation_review": "evaluation.review",
    "member_grades_decide": "evaluation.decide",
    "member_grade_correct": "evaluation.correct",
    "unit_evaluation_review": "evaluation.unit_review",
    "unit_grades_decide": "evaluation.unit_decide",
    "unit_grade_correct": "evaluation.unit_correct",
    "evaluations_history_load": "evaluation.history_load",
}
#: The profile of an evaluated year, the grassroots organisation of a cell, the table that applies
#: and the discipline facts are reads the views and selectors share.
READ_HELPERS: set[str] = {
    "year_profile",
    "grassroots_unit",
    "applicable_table",
    "disciplined_members",
    "disciplined_units",
}
NO_OWN_AUDIT: set[str] = set()

YEAR = 2025


def calls(tree: Any, board: Any) -> dict[str, Any]:
    from chibo.core.regulations import today
    from chibo.evaluations import services as svc
    from chibo.evaluations.models import MemberEvaluation
    from chibo.evaluations.tests.conftest import CRITERIA, full_points, make_table
    from chibo.members.models import Member
    from chibo.members.services import member_link_account

    def member() -> Member:
        return Member.objects.filter(unit=tree.a1, status="official").order_by("pk").first()

    def reviewed() -> Any:
        return svc.member_evaluation_review(actor=None, member=member(), year=YEAR, score=80, on=today())

    def decided() -> Any:
        reviewed()
        svc.member_grades_decide(actor=None, unit=tree.a, year=YEAR, decision_number="1", decided_on=today())
        return MemberEvaluation.objects.get(member=member())

    def unit_decided() -> Any:
        evaluation = svc.unit_evaluation_review(actor=None, unit=tree.a1, year=YEAR, score=80, on=today())
        svc.unit_grades_decide(actor=None, unit=tree.a, year=YEAR, decision_number="1", decided_on=today())
        return evaluation

    def self_assess() -> Any:
        make_table(tree.root)
        own = member()
        member_link_account(actor=None, member=own, user=board)
        return svc.member_self_assess(actor=board, member=own, year=YEAR, points=full_points())

    return {
        "scoring_table_save": lambda: svc.scoring_table_save(
            actor=board, unit=tree.a, year=YEAR, subject="member", criteria=CRITERIA
        ),
        "scoring_table_copy": lambda: (
            make_table(tree.root, year=YEAR - 1),
            svc.scoring_table_copy(actor=board, unit=tree.a, year=YEAR, subject="member"),
        ),
        "member_self_assess": self_assess,
        "member_evaluation_review": lambda: svc.member_evaluation_review(
            actor=board, member=member(), year=YEAR, score=80, on=today()
        ),
        "member_grades_decide": lambda: (
            reviewed(),
            svc.member_grades_decide(
                actor=board, unit=tree.a, year=YEAR, decision_number="1", decided_on=today()
            ),
        ),
        "member_grade_correct": lambda: svc.member_grade_correct(
            actor=board,
            evaluation=decided(),
            grade="HTNV",
            reason="Lý do",
            decision_number="2",
            decided_on=today(),
        ),
        "unit_evaluation_review": lambda: svc.unit_evaluation_review(
            actor=board, unit=tree.a1, year=YEAR, score=80, on=today()
        ),
        "unit_grades_decide": lambda: (
            svc.unit_evaluation_review(actor=None, unit=tree.a1, year=YEAR, score=80, on=today()),
            svc.unit_grades_decide(
                actor=board, unit=tree.a, year=YEAR, decision_number="1", decided_on=today()
            ),
        ),
        "unit_grade_correct": lambda: svc.unit_grade_correct(
            actor=board,
            evaluation=unit_decided(),
            grade="HTNV",
            reason="Lý do",
            decision_number="2",
            decided_on=today(),
        ),
        "evaluations_history_load": lambda: svc.evaluations_history_load(
            actor=board,
            unit=tree.a,
            year=2022,
            member_grades={member().pk: "HTTNV"},
            unit_grades={tree.a1.pk: "HTTNV"},
            decided_on=today(),
            decision_number="H-1",
        ),
    }
