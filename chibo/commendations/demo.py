"""Demo commendations for ``seed_demo``: a handful in the first grassroots organisation of the demo
tree — collective and individual, of several forms and levels, one corrected and one annulled — and,
when the evaluation demo ran first, a commendation for the first candidate of a five-year streak (so
the candidates page shows one dropping out). All through the services; members under a discipline in
effect are left out."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from chibo.commendations import selectors, services
from chibo.core import regulations
from chibo.members.models import Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules import organizations as org_rules


def _decided_on(year: int) -> date:
    """Mid-January after the year (commendations follow the year-end review), never after today."""
    return min(date(year + 1, 1, 15), regulations.today())


def demo_commendations() -> Counter[str]:
    done: Counter[str] = Counter()
    grassroots = (
        Unit.objects.filter(level=org_rules.DANG_BO_CO_SO, dissolved_on__isnull=True).order_by("path").first()
    )
    if grassroots is None:
        return done
    year = regulations.today().year - 1
    decided_on = _decided_on(year)
    common: dict[str, Any] = {"actor": None, "year": year, "decided_on": decided_on}
    services.commendation_record(
        unit=grassroots, kind="bang_khen", level="cap_tren", decision_number=f"125-QĐ/ĐUK/{year}",
        title="Tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ", issued_by="Ban Thường vụ Đảng ủy Khối",
        citation=f"Đã có thành tích xuất sắc trong công tác xây dựng Đảng năm {year}.", **common,
    )  # fmt: skip
    done["collective"] += 1
    cells = list(grassroots.child_units().filter(dissolved_on__isnull=True).order_by("path")[:2])
    for number, cell in enumerate(cells, start=31):
        services.commendation_record(
            unit=cell, kind="giay_khen", level="co_so", decision_number=f"{number}-QĐ/ĐU",
            title="Chi bộ trong sạch, vững mạnh tiêu biểu", issued_by=f"Đảng ủy {grassroots.name}", **common,
        )  # fmt: skip
        done["collective"] += 1
    members = list(
        Member.objects.filter(unit__in=cells or [grassroots], status=MemberStatus.OFFICIAL).order_by("pk")[:8]
    )
    disciplined = selectors.discipline_in_effect([m.pk for m in members], decided_on)
    recorded = []
    for index, member in enumerate([m for m in members if m.pk not in disciplined][:4]):
        recorded.append(
            services.commendation_record(
                member=member,
                kind="giay_khen",
                level="co_so",
                decision_number=f"{40 + index}-QĐ/ĐU",
                title="Đảng viên hoàn thành xuất sắc nhiệm vụ",
                issued_by=f"Đảng ủy {grassroots.name}",
                **common,
            )
        )
        done["individual"] += 1
    if len(recorded) >= 2:
        services.commendation_correct(
            actor=None, commendation=recorded[0], changes={"decision_number": "40a-QĐ/ĐU"},
            reason="Ghi nhầm số quyết định",
        )  # fmt: skip
        services.commendation_annul(
            actor=None,
            commendation=recorded[1],
            reason="Quyết định bị thu hồi (trùng hình thức)",
            on=decided_on,
        )
        done["corrected"] += 1
        done["annulled"] += 1
    done["from streaks"] += _commend_a_streak(year, decided_on)
    return done


def _commend_a_streak(year: int, decided_on: date) -> int:
    """A bằng khen for the first member with five years HTXSNV, if the evaluations are there."""
    roots = list(Unit.objects.get_root_nodes())
    found = selectors.candidates(roots=roots, year=year)
    members = [c for c in found if c.kind == "member" and c.member_id]
    disciplined = selectors.discipline_in_effect([c.member_id for c in members], decided_on)  # type: ignore[misc]
    for candidate in members:
        if candidate.member_id in disciplined:
            continue
        services.commendation_record(
            actor=None, member=Member.objects.get(pk=candidate.member_id), kind="bang_khen", level="cap_tren",
            year=year, decided_on=decided_on, decision_number="7-QĐ/ĐUK",
            title=f"Đảng viên hoàn thành xuất sắc nhiệm vụ {candidate.years} năm liền",
            issued_by="Ban Thường vụ Đảng ủy Khối",
        )  # fmt: skip
        return 1
    return 0
