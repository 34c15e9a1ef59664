"""The portal services in the audit coverage test (chibo/core/tests/test_audit_coverage.py)."""

from __future__ import annotations

from typing import Any

SERVICE_MODULE = "chibo.portal.services"
EXPECTED_ACTION: dict[str, str] = {
    "correction_request_create": "portal.correction_request",
    "correction_request_close": "portal.correction_close",
    "accounts_issue": "portal.accounts_issue",
    "account_activate": "portal.account_activate",
}
READ_HELPERS: set[str] = set()
NO_OWN_AUDIT: set[str] = set()


def calls(tree: Any, board: Any) -> dict[str, Any]:
    from chibo.members.models import Member
    from chibo.members.services import member_link_account
    from chibo.portal import services as svc
    from chibo.portal.tests.factories import linked_user

    def created() -> Any:
        member = Member.objects.filter(unit=tree.a1).order_by("pk").first()
        member_link_account(actor=None, member=member, user=board)
        return svc.correction_request_create(
            actor=board, member=member, field="other", text="Quê quán ghi sai tên xã"
        )

    def closed() -> Any:
        user = linked_user(tree.a1, "portal-audit-member", index=1)
        request = svc.correction_request_create(
            actor=user, member=user.member, field="other", text="Quê quán ghi sai tên xã"
        )
        return svc.correction_request_close(actor=board, request=request, state="done")

    def issued() -> Any:
        return svc.accounts_issue(actor=board, unit=tree.a1)

    def activated() -> Any:
        item = svc.accounts_issue(actor=None, unit=tree.a1).issued[0]
        # the board helps a member on its own device: the board is the actor
        return svc.account_activate(
            actor=board, username=item.username, code=item.code, password="Hoa-sen-1975-trang"
        )

    return {
        "correction_request_create": created,
        "correction_request_close": closed,
        "accounts_issue": issued,
        "account_activate": activated,
    }
