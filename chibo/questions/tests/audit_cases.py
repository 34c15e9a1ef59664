"""The questions services in the audit coverage test (chibo/core/tests/test_audit_coverage.py).

``board`` is linked to a member of A1 where a member acts (asking); the staff steps are taken by
``board`` on questions asked by another member of A1.
"""

from __future__ import annotations

from typing import Any

SERVICE_MODULE = "chibo.questions.services"
EXPECTED_ACTION: dict[str, str] = {
    "question_ask": "question.ask",
    "question_answer": "question.answer",
    "question_publish": "question.publish",
    "question_unpublish": "question.unpublish",
    "question_close": "question.close",
}
READ_HELPERS: set[str] = set()
NO_OWN_AUDIT: set[str] = set()


def calls(tree: Any, board: Any) -> dict[str, Any]:
    from chibo.handbook.tests.factories import linked_user
    from chibo.members.models import Member
    from chibo.members.services import member_link_account
    from chibo.questions import services as svc
    from chibo.questions.tests.factories import answered, ask

    def board_asks() -> Any:
        member = Member.objects.filter(unit=tree.a1).order_by("pk").first()
        member_link_account(actor=None, member=member, user=board)
        return svc.question_ask(actor=board, title="Hỏi về sinh hoạt", text="Chi bộ họp mấy lần một tháng?")

    def other() -> Any:
        return linked_user(tree.a1, "hoidap-audit", index=1)

    return {
        "question_ask": board_asks,
        "question_answer": lambda: svc.question_answer(
            actor=board, question=ask(other()), answer="Mỗi tháng 1 lần."
        ),
        "question_publish": lambda: svc.question_publish(actor=board, question=answered(other())),
        "question_unpublish": lambda: svc.question_unpublish(
            actor=board, question=answered(other(), publish=True)
        ),
        "question_close": lambda: svc.question_close(actor=board, question=ask(other())),
    }
