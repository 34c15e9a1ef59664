"""Demo notices and news for ``seed_demo``: a few posts at the demo root (one pinned), each read by
some members, with approved comments by members who have accounts (linked demo accounts first;
otherwise two comment-only accounts without a password are made) — all through the services, a
few hundred queries at most."""

from __future__ import annotations

from typing import Any

from chibo.accounts.services import user_create
from chibo.handbook import services
from chibo.members.models import ACTIVE_Q, Member
from chibo.members.services import member_link_account
from chibo.organizations.models import Unit

#: (kind, pinned, title, body, comments)
POSTS = [
    ("notice", True, "Thông báo về việc tổ chức sinh hoạt chi bộ định kỳ tháng này",
     "Kính gửi các đồng chí bí thư chi bộ.\nĐề nghị các chi bộ tổ chức sinh hoạt định kỳ trước ngày 10, "
     "chuyên đề về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.\nBáo cáo kết quả về Văn "
     "phòng Đảng ủy.",
     ["Chi bộ chúng tôi sẽ sinh hoạt vào thứ Năm tuần này.", "Đề nghị gửi tài liệu chuyên đề sớm."]),
    ("notice", False, "Thông báo thu nộp bản kiểm điểm cá nhân cuối năm",
     "Đảng viên hoàn thành bản tự kiểm điểm theo mẫu và nộp cho chi bộ trước ngày 15/12.",
     ["Mẫu bản kiểm điểm có trong mục Văn bản không ạ?"]),
    ("news", False, "Đảng bộ tổ chức Hội nghị sơ kết 6 tháng",
     "Hội nghị đánh giá kết quả thực hiện nghị quyết và triển khai nhiệm vụ 6 tháng cuối năm.", []),
    ("news", False, "Trao Huy hiệu Đảng đợt 3/2 cho các đảng viên",
     "Đảng ủy trân trọng chúc mừng các đồng chí được trao tặng Huy hiệu Đảng.",
     ["Xin chúc mừng các đồng chí!"]),
]  # fmt: skip
READERS = 12
COMMENTERS = 2


def _commenters() -> list[Any]:
    members = list(Member.objects.filter(ACTIVE_Q, user__isnull=False).select_related("user").order_by("pk"))
    users = [m.user for m in members[:COMMENTERS]]
    spare = Member.objects.filter(ACTIVE_Q, user__isnull=True).order_by("unit_path", "pk")
    for i, member in enumerate(spare[: COMMENTERS - len(users)]):
        user = user_create(
            actor=None, username=f"demo-binhluan-{i + 1}", password=None, full_name=member.full_name
        )
        member_link_account(actor=None, member=member, user=user)
        users.append(user)
    return users


def demo_handbook() -> dict[str, int]:
    done = {"posts": 0, "comments": 0, "views": 0}
    root = Unit.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return done
    authors = _commenters()
    readers = list(
        Member.objects.filter(ACTIVE_Q, user__isnull=False).select_related("user").order_by("pk")[:READERS]
    )
    for kind, pinned, title, body, comments in POSTS:
        post = services.post_publish(actor=None, unit=root, kind=kind, title=title, body=body, pinned=pinned)
        done["posts"] += 1
        for i, text in enumerate(comments):
            if not authors:
                break
            comment = services.comment_post(actor=authors[i % len(authors)], post=post, body=text)
            services.comment_moderate(actor=None, comment=comment, decision="approved")
            done["comments"] += 1
        for member in readers:
            done["views"] += int(services.post_view_record(actor=member.user, post=post))
    return done
