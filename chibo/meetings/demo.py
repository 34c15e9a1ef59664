"""Demo meetings for ``seed_demo``: a year of cell meetings with attendance and finalised minutes.

Through the services, for a deterministic sample of cells: the regular and thematic meetings of the
twelve months before the demo's last event day, with realistic attendance (about 93% present), a
few members absent without reason in three months (the removal trigger), one month without a meeting
in one cell and a short meeting in another, so that every alert has an example.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, time, timedelta

from django.utils import timezone

from chibo.core import demo_data
from chibo.meetings import services as svc
from chibo.meetings.models import AttendanceStatus, Meeting
from chibo.organizations.models import Unit
from chibo.rules import meetings as rules
from chibo.rules import organizations as org_rules

#: How many cells get a year of meetings (enough to show the pages without slowing `make run`).
CELLS = 12
REASONS = ("Đi công tác", "Ốm", "Việc gia đình", "Đi học tập trung")


def demo_meetings(seed: int) -> Counter[str]:
    rng = random.Random(seed * 7907)
    end = demo_data.LIFE_EVENTS_UNTIL
    cells = list(Unit.objects.filter(level__in=org_rules.CELLS, dissolved_on__isnull=True).order_by("pk"))
    rng.shuffle(cells)
    done: Counter[str] = Counter()
    for index, cell in enumerate(sorted(cells[:CELLS], key=lambda c: c.pk)):
        plan = [
            (day, kind)
            for year in (end.year - 1, end.year)
            for day, kind in rules.plan_year(year, day=rng.randint(3, 10))
            if end - timedelta(days=365) <= day <= end
        ]
        truants = _truants(cell, rng) if index % 3 == 0 else set()
        for number, (day, kind) in enumerate(plan):
            if index == 1 and day.month == 7 and kind == rules.REGULAR:
                continue  # one cell skipped July: "no regular meeting in the month"
            short = index == 2 and number == 3
            _meeting(cell, day, kind, short, truants, rng)
            done[kind] += 1
    return done


def _truants(cell: Unit, rng: random.Random) -> set[int]:
    ids = list(cell.members.filter(status="official").order_by("pk").values_list("pk", flat=True))
    return set(rng.sample(ids, min(1, len(ids))))


def _meeting(cell: Unit, day, kind: str, short: bool, truants: set[int], rng: random.Random) -> Meeting:  # type: ignore[no-untyped-def]
    starts = timezone.make_aware(datetime.combine(day, time(14, 0)), timezone.get_current_timezone())
    minutes = 60 if short else rng.choice((95, 100, 110, 120)) + (30 if kind == rules.COMBINED else 0)
    meeting = svc.meeting_create(
        actor=None,
        unit=cell,
        kind=kind,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes),
        place="Phòng họp " + (cell.host_name or cell.name),
        agenda="Đánh giá kết quả thực hiện nhiệm vụ tháng\nTriển khai nhiệm vụ tháng tới"
        if kind == rules.REGULAR
        else "Sinh hoạt chuyên đề: học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    )
    svc.meeting_publish(actor=None, meeting=meeting)
    entries = {}
    for attendance in meeting.attendances.all():
        if attendance.status == AttendanceStatus.EXCUSED_BY_STATUS:
            entries[attendance.member_id] = (attendance.status, "")
        elif attendance.member_id in truants and day.month in (3, 6, 9):
            entries[attendance.member_id] = (AttendanceStatus.ABSENT_UNEXCUSED, "")
        else:
            draw = rng.random()
            if draw < 0.93:
                entries[attendance.member_id] = (AttendanceStatus.PRESENT, "")
            elif draw < 0.98:
                entries[attendance.member_id] = (AttendanceStatus.ABSENT_EXCUSED, rng.choice(REASONS))
            else:
                entries[attendance.member_id] = (AttendanceStatus.ABSENT_UNEXCUSED, "")
    svc.attendance_record(actor=None, meeting=meeting, entries=entries)
    svc.minutes_save(
        actor=None,
        meeting=meeting,
        version=None,
        changes={
            "chair": "Đồng chí Bí thư chi bộ",
            "recorder": "Đồng chí Chi ủy viên",
            "discussion": "Các đồng chí đảng viên thảo luận, góp ý kiến vào báo cáo.",
            "conclusions": "Chi bộ thống nhất các nhiệm vụ trọng tâm tháng tới.",
        },
    )
    base = svc.vote_base_of(meeting)
    if base:
        svc.resolution_add(actor=None, meeting=meeting, text="Thông qua nghị quyết tháng", in_favour=base)
    svc.minutes_finalise(actor=None, meeting=meeting)
    return meeting
