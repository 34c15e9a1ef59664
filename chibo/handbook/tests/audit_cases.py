"""The handbook services in the audit coverage test (chibo/core/tests/test_audit_coverage.py).

SERVICE_MODULE is scanned for public functions; each must be in EXPECTED_ACTION (the audit action it
writes, exactly once, with the actor), READ_HELPERS (reads it shares, writing nothing) or NO_OWN_AUDIT
(parts of another service's transaction). ``calls(tree, board)`` gives, per service, a call made by
``board`` on objects in tree.a's subtree (``board`` linked to a member of A1 where a member acts).
"""

from __future__ import annotations

from typing import Any

SERVICE_MODULE = "chibo.handbook.services"
EXPECTED_ACTION: dict[str, str] = {
    "post_publish": "handbook.post_publish",
    "post_update": "handbook.post_update",
    "post_withdraw": "handbook.post_withdraw",
    "post_view_record": "handbook.post_view",
    "comment_post": "handbook.comment_post",
    "comment_moderate": "handbook.comment_moderate",
    "notify_members": "handbook.notify",
    "notify_each": "handbook.notify",
    "reminders_send": "handbook.reminders_send",
    "notification_read": "handbook.notification_read",
    "meeting_notice_read": "handbook.meeting_notice_read",
    "inbox_read_all": "handbook.inbox_read_all",
}
#: What the daily reminder run would send (its dry run shows it); the self-assessment announcement's
#: title, shared with the evaluations' table trigger.
READ_HELPERS: set[str] = {"reminders_due", "self_assessment_title"}
NO_OWN_AUDIT: set[str] = set()


def calls(tree: Any, board: Any) -> dict[str, Any]:
    from chibo.handbook import services as svc
    from chibo.handbook.models import Notification
    from chibo.handbook.tests.factories import meeting_notice, publish
    from chibo.meetings.models import Notice
    from chibo.members.models import Member
    from chibo.members.services import member_link_account

    def linked() -> Any:
        member = Member.objects.filter(unit=tree.a1).order_by("pk").first()
        member_link_account(actor=None, member=member, user=board)
        return member

    def notified() -> Any:
        member = linked()
        svc.notify_members(actor=None, member_ids=[member.pk], kind="study", title="Học Nghị quyết 57")
        return Notification.objects.get(user=board)

    def noticed() -> Any:
        linked()
        meeting_notice(tree.a1)
        return Notice.objects.select_related("member").get(member__user=board)

    def reminded() -> Any:
        """A study assignment of A1 due tomorrow, a member of A1 linked to ``board``: one reminder."""
        from datetime import timedelta

        from chibo.core.regulations import today
        from chibo.documents import services as documents
        from chibo.documents.tests.factories import publish as publish_document

        linked()
        day = today()
        documents.study_assign(
            actor=None, document=publish_document(tree.a), unit=tree.a1, due_on=day + timedelta(days=1)
        )
        return svc.reminders_send(actor=board, on=day)

    def comment() -> Any:
        linked()
        return svc.comment_post(actor=board, post=publish(tree.a), body="Nhất trí.")

    return {
        "post_publish": lambda: publish(tree.a, actor=board),
        "post_update": lambda: svc.post_update(actor=board, post=publish(tree.a), title="Tiêu đề mới"),
        "post_withdraw": lambda: svc.post_withdraw(actor=board, post=publish(tree.a), reason="Đăng nhầm"),
        "post_view_record": lambda: svc.post_view_record(actor=board, post=publish(tree.a)),
        "comment_post": comment,
        "comment_moderate": lambda: svc.comment_moderate(actor=board, comment=comment(), decision="approved"),
        "notify_members": lambda: svc.notify_members(
            actor=board, member_ids=[linked().pk], kind="deadline", title="Hạn nộp bản kiểm điểm"
        ),
        "notify_each": lambda: svc.notify_each(
            actor=board,
            kind="evaluation",
            lines=[(linked().pk, "Đánh giá 2025: HTTNV", "/evaluations/self/")],
        ),
        "reminders_send": reminded,
        "notification_read": lambda: svc.notification_read(actor=board, notification=notified()),
        "meeting_notice_read": lambda: svc.meeting_notice_read(actor=board, notice=noticed()),
        "inbox_read_all": lambda: (notified(), svc.inbox_read_all(actor=board)),
    }
