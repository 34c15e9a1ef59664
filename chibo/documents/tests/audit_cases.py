"""The documents services in the audit coverage test (chibo/core/tests/test_audit_coverage.py).

SERVICE_MODULE is scanned for public functions; each must be in EXPECTED_ACTION (the audit action it
writes, exactly once, with the actor), READ_HELPERS (reads it shares, writing nothing) or NO_OWN_AUDIT
(parts of another service's transaction). ``calls(tree, board)`` gives, per service, a call made by
``board`` on objects in tree.a's subtree.
"""

from __future__ import annotations

from typing import Any

SERVICE_MODULE = "chibo.documents.services"
EXPECTED_ACTION: dict[str, str] = {
    "document_publish": "document.publish",
    "document_update": "document.update",
    "document_withdraw": "document.withdraw",
    "bookmark_toggle": "document.bookmark",
    "study_assign": "document.study_assign",
    "study_mark": "document.study_mark",
}
READ_HELPERS: set[str] = {"max_upload_bytes"}
NO_OWN_AUDIT: set[str] = set()


def calls(tree: Any, board: Any) -> dict[str, Any]:
    from chibo.documents import services as svc
    from chibo.documents.tests.factories import publish, upload
    from chibo.members.models import Member
    from chibo.members.services import member_link_account

    def assigned() -> Any:
        return svc.study_assign(actor=None, document=publish(tree.a), unit=tree.a1)

    def marked() -> Any:
        member = Member.objects.filter(unit=tree.a1).order_by("pk").first()
        member_link_account(actor=None, member=member, user=board)
        return svc.study_mark(actor=board, assignment=assigned(), member=member, note="Đã học")

    return {
        "document_publish": lambda: publish(tree.a, actor=board, file=upload()),
        "document_update": lambda: svc.document_update(
            actor=board, document=publish(tree.a), title="Tên mới"
        ),
        "document_withdraw": lambda: svc.document_withdraw(
            actor=board, document=publish(tree.a), reason="Thay bằng văn bản mới"
        ),
        "bookmark_toggle": lambda: svc.bookmark_toggle(actor=board, document=publish(tree.a)),
        "study_assign": lambda: svc.study_assign(actor=board, document=publish(tree.a), unit=tree.a1),
        "study_mark": marked,
    }
