"""Demo questions and answers for ``seed_demo``: a few questions asked by members with accounts
(linked demo accounts first; otherwise accounts without a password are made for them), answered and
published as FAQ entries at the demo root, and one question left open — all through the services."""

from __future__ import annotations

from typing import Any

from chibo.accounts.services import user_create
from chibo.members.models import ACTIVE_Q, Member
from chibo.members.services import member_link_account
from chibo.organizations.models import Unit
from chibo.questions import services

#: (title, question, answer or "" to leave it open)
QUESTIONS = [
    ("Mức đóng đảng phí của đảng viên nghỉ hưu",
     "Xin hỏi đảng viên đã nghỉ hưu thì đóng đảng phí theo mức nào?",
     "Đảng viên hưởng lương hưu đóng đảng phí bằng 0,5% mức lương hưu hằng tháng."),
    ("Chi bộ sinh hoạt định kỳ mấy lần một tháng?",
     "Chi bộ của tôi có 7 đảng viên, sinh hoạt định kỳ như thế nào là đúng quy định?",
     "Chi bộ sinh hoạt định kỳ mỗi tháng một lần; sinh hoạt chuyên đề ít nhất mỗi quý một lần."),
    ("Chuyển sinh hoạt đảng tạm thời khi đi học dài hạn",
     "Tôi được cử đi học 2 năm ở tỉnh khác, có phải chuyển sinh hoạt đảng không?",
     "Đảng viên đi học tập trung từ 3 tháng trở lên thì chuyển sinh hoạt đảng tạm thời về nơi học."),
    ("Mẫu bản tự kiểm điểm cuối năm", "Mẫu bản tự kiểm điểm năm nay lấy ở đâu?", ""),
]  # fmt: skip


def _askers(root: Unit, count: int) -> list[Any]:
    members = Member.objects.filter(ACTIVE_Q, unit_path__startswith=root.path).order_by("pk")
    users = [m.user for m in members.filter(user__isnull=False).select_related("user")[:count]]
    for i, member in enumerate(members.filter(user__isnull=True)[: count - len(users)]):
        user = user_create(
            actor=None, username=f"demo-hoidap-{i + 1}", password=None, full_name=member.full_name
        )
        member_link_account(actor=None, member=member, user=user)
        users.append(user)
    return users


def demo_questions() -> dict[str, int]:
    done = {"questions": 0, "published": 0}
    root = Unit.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return done
    askers = _askers(root, len(QUESTIONS))
    for user, (title, text, answer) in zip(askers, QUESTIONS, strict=False):
        question = services.question_ask(actor=user, title=title, text=text)
        done["questions"] += 1
        if answer:
            question = services.question_answer(actor=None, question=question, answer=answer)
            services.question_publish(actor=None, question=question, unit=root)
            done["published"] += 1
    return done
