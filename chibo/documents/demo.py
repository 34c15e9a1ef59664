"""Demo documents for ``seed_demo``: a dozen well-known documents in the library of the demo root,
one of them with a small PDF, and a study assignment that part of the first cells has studied —
all through the services (a few hundred queries, well under a second)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from chibo.core import regulations
from chibo.documents import services
from chibo.members.models import Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules import organizations as org_rules

CC = "Ban Chấp hành Trung ương"
BCT = "Bộ Chính trị"
BBT = "Ban Bí thư"

#: (kind, number, issued on, issuer, title, summary)
DOCUMENTS = [
    ("resolution", "21-NQ/TW", date(2022, 6, 16), CC,
     "Nghị quyết về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ "
     "đảng viên trong giai đoạn mới",
     "Củng cố tổ chức cơ sở đảng, nâng cao chất lượng sinh hoạt chi bộ và chất lượng đảng viên."),
    ("resolution", "04-NQ/TW", date(2016, 10, 30), CC,
     "Nghị quyết về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng "
     "chính trị, đạo đức, lối sống, những biểu hiện \"tự diễn biến\", \"tự chuyển hóa\" trong nội bộ",
     "Nhận diện biểu hiện suy thoái và các giải pháp trong tự phê bình và phê bình."),
    ("resolution", "18-NQ/TW", date(2017, 10, 25), CC,
     "Nghị quyết một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị "
     "tinh gọn, hoạt động hiệu lực, hiệu quả",
     "Sắp xếp tổ chức bộ máy tinh gọn; giảm đầu mối, giảm cấp trung gian."),
    ("resolution", "57-NQ/TW", date(2024, 12, 22), BCT,
     "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
     "Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng hàng đầu."),
    ("resolution", "68-NQ/TW", date(2025, 5, 4), BCT,
     "Nghị quyết về phát triển kinh tế tư nhân",
     "Kinh tế tư nhân là một động lực quan trọng nhất của nền kinh tế."),
    ("regulation", "232-QĐ/TW", date(2025, 1, 20), CC,
     "Quy định thi hành Điều lệ Đảng",
     "Quy định chi tiết thi hành các điều của Điều lệ Đảng."),
    ("regulation", "69-QĐ/TW", date(2022, 7, 6), CC,
     "Quy định về kỷ luật tổ chức đảng, đảng viên vi phạm",
     "Các hành vi vi phạm và hình thức kỷ luật tương ứng."),
    ("regulation", "08-QĐi/TW", date(2018, 10, 25), CC,
     "Quy định về trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là Ủy viên Bộ Chính trị, "
     "Ủy viên Ban Bí thư, Ủy viên Ban Chấp hành Trung ương",
     "Cán bộ, đảng viên gương mẫu trong tư tưởng, đạo đức, lối sống và thực hiện nhiệm vụ."),
    ("directive", "05-CT/TW", date(2016, 5, 15), BCT,
     "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
     "Học tập và làm theo Bác thành việc làm thường xuyên của mỗi tổ chức đảng và đảng viên."),
    ("directive", "35-CT/TW", date(2024, 6, 14), BCT,
     "Chỉ thị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
     "Chuẩn bị văn kiện, nhân sự và tổ chức đại hội đảng bộ các cấp."),
    ("conclusion", "21-KL/TW", date(2021, 10, 25), CC,
     "Kết luận về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy "
     "lùi, xử lý nghiêm cán bộ, đảng viên suy thoái về tư tưởng chính trị, đạo đức, lối sống",
     "Tiếp tục thực hiện Nghị quyết Trung ương 4 khóa XI, XII gắn với Kết luận 21-KL/TW."),
]  # fmt: skip

#: a one-page PDF, so the demo shows a download without a PDF engine
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
FULL_TEXT = (
    "I. MỤC ĐÍCH, YÊU CẦU\n{summary}\n\nII. NỘI DUNG\n1. Quán triệt đầy đủ nội dung.\n2. Tổ chức thực hiện."
)
STUDY_CELLS = 3
STUDIED_SHARE = 0.6


def demo_documents() -> dict[str, int]:
    done = {"documents": 0, "assignments": 0, "studied": 0}
    root = Unit.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return done
    today = regulations.today()
    documents = []
    for kind, number, issued_on, issuer, title, summary in DOCUMENTS:
        if issued_on > today:
            continue
        documents.append(
            services.document_publish(
                actor=None, unit=root, kind=kind, number=number, issued_on=issued_on, issuer=issuer,
                title=title, summary=summary, full_text=FULL_TEXT.format(summary=summary),
                file=SimpleUploadedFile(f"{number}.pdf", TINY_PDF) if number == "21-NQ/TW" else None,
            )
        )  # fmt: skip
    focus = next((d for d in documents if d.number == "57-NQ/TW"), documents[-1] if documents else None)
    if focus is not None:
        plan = services.document_publish(
            actor=None, unit=root, kind="plan", number="KH-01", issued_on=today - timedelta(days=7),
            issuer=root.name, title=f"Kế hoạch học tập, quán triệt Nghị quyết {focus.number}",
            summary="Tổ chức học tập, quán triệt đến toàn thể cán bộ, đảng viên trong tháng.",
        )  # fmt: skip
        documents.append(plan)
        assignment = services.study_assign(
            actor=None, document=focus, unit=root, due_on=today + timedelta(days=30)
        )
        done["assignments"] = 1
        done["studied"] = _study(assignment)
    done["documents"] = len(documents)
    return done


def _study(assignment: object) -> int:
    cells = Unit.objects.filter(level__in=org_rules.MEMBER_LEVELS, dissolved_on__isnull=True).order_by("path")
    studied = 0
    for cell in cells[:STUDY_CELLS]:
        members = list(
            Member.objects.filter(
                unit=cell, status__in=[MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY]
            ).order_by("pk")
        )
        # the first cell finishes, the others are on their way
        share = 1.0 if studied == 0 else STUDIED_SHARE
        for member in members[: round(len(members) * share)]:
            services.study_mark(actor=None, assignment=assignment, member=member)  # type: ignore[arg-type]
            studied += 1
    return studied
