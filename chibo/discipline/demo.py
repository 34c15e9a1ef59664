"""Demo inspection and discipline for ``seed_demo``: programmes of 2025 and 2026 and a handful of
cases in the first grassroots organisation — ended, in effect, under complaint, annulled, being
handled, one organisation and one expulsion — all through the services, on fixed dates before
today (the demo must give the same data on every run)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Q

from chibo.discipline import services as svc
from chibo.discipline.models import Programme
from chibo.members.models import Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules import organizations as org_rules

EXPELLED_ON = date(2026, 11, 16)  # after the demo's life-cycle events (demo_data.LIFE_EVENTS_UNTIL)


def _programmes(unit: Unit, children: list[Unit], members: list[Member]) -> int:
    plans = [
        (
            2025,
            "inspection",
            "regular",
            "Kiểm tra việc chấp hành Điều lệ Đảng",
            date(2025, 3, 1),
            date(2025, 6, 30),
        ),
        (
            2025,
            "supervision",
            "thematic",
            "Giám sát việc thu, nộp đảng phí",
            date(2025, 8, 1),
            date(2025, 10, 31),
        ),
        (
            2026,
            "inspection",
            "thematic",
            "Kiểm tra khi có dấu hiệu vi phạm",
            date(2026, 4, 1),
            date(2026, 12, 31),
        ),
        (2026, "supervision", "regular", "Giám sát sinh hoạt chi bộ", date(2026, 11, 1), date(2026, 12, 31)),
    ]
    made = []
    for year, kind, mode, topic, starts_on, ends_on in plans:
        made.append(
            svc.programme_create(
                actor=None,
                unit=unit,
                year=year,
                kind=kind,
                mode=mode,
                topic=topic,
                starts_on=starts_on,
                ends_on=ends_on,
                target_units=children[:2],
                target_members=members[:2],
            )
        )
    for programme in made[:3]:
        svc.programme_start(actor=None, programme=programme, on=programme.starts_on)
    for programme in made[:2]:
        svc.programme_conclude(
            actor=None, programme=programme, on=programme.ends_on,
            conclusion="Các tổ chức đảng và đảng viên cơ bản chấp hành tốt; nhắc nhở một số hạn chế.",
        )  # fmt: skip
    return len(made)


def _record(unit: Unit, form: str, decided_on: date, announced_on: date | None, **extra: Any) -> Any:
    values = {
        "category": "principles",
        "description": "Vi phạm nguyên tắc sinh hoạt đảng",
        "violation_on": date(2025, 1, 15),
        "decision_number": f"{decided_on:%m%d}-QĐ/UBKT",
        "deciding_body": f"Ủy ban Kiểm tra {unit.name}",
        **extra,
    }
    return svc.case_record_decided(
        actor=None, unit=unit, form=form, decided_on=decided_on, announced_on=announced_on, **values
    )


def demo_discipline() -> dict[str, int]:
    done: Counter[str] = Counter()
    unit = (
        Unit.objects.filter(level=org_rules.DANG_BO_CO_SO, dissolved_on__isnull=True).order_by("path").first()
        or Unit.objects.filter(level=org_rules.CHI_BO_CO_SO, dissolved_on__isnull=True)
        .order_by("path")
        .first()
    )
    if unit is None:
        return dict(done)
    children = list(unit.child_units().filter(dissolved_on__isnull=True).order_by("path"))
    members = list(
        Member.objects.filter(unit_path__startswith=unit.path, status=MemberStatus.OFFICIAL)
        .filter(Q(last_event_on__isnull=True) | Q(last_event_on__lt=EXPELLED_ON))
        .order_by("pk")[:6]
    )
    done["programmes"] = _programmes(unit, children, members)
    inspection = Programme.objects.filter(unit=unit, year=2026, kind="inspection").first()
    if len(members) >= 6:
        _record(unit, "khien_trach", date(2025, 3, 10), date(2025, 3, 15), member=members[0])  # ended
        _record(unit, "canh_cao", date(2026, 8, 5), date(2026, 8, 10), member=members[1], category="moral",
                description="Vi phạm đạo đức, lối sống", programme=inspection)  # fmt: skip
        under_complaint = _record(unit, "khien_trach", date(2026, 9, 1), date(2026, 9, 5), member=members[2])
        svc.case_complaint(actor=None, case=under_complaint, on=date(2026, 9, 12))
        annulled = _record(
            unit, "canh_cao", date(2025, 6, 2), date(2025, 6, 6), member=members[3], category="law"
        )
        svc.case_annul(actor=None, case=annulled, on=date(2025, 10, 1), decision="88-QĐ/UBKT cấp trên")
        _record(unit, "khai_tru", date(2026, 11, 10), EXPELLED_ON, member=members[4], category="corruption",
                description="Tham ô", violation_on=date(2026, 2, 1), programme=inspection)  # fmt: skip
        case = svc.case_open(
            actor=None, unit=unit, member=members[5], category="duties", description="Không đóng đảng phí",
            violation_on=date(2026, 7, 31), opened_on=date(2026, 10, 1), programme=inspection,
        )  # fmt: skip
        svc.case_report(actor=None, case=case, on=date(2026, 10, 15), note="Đã tự kiểm điểm")
        svc.case_review(actor=None, case=case, on=date(2026, 10, 29), body=unit.name)
        done["member cases"] = 6
    if children:
        _record(unit, "khien_trach", date(2026, 7, 1), date(2026, 7, 5), target_unit=children[0],
                description="Không duy trì sinh hoạt chi bộ định kỳ")  # fmt: skip
        done["organisation cases"] = 1
    return dict(done)
