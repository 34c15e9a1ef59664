"""Demo evaluations for ``seed_demo``: the default scoring tables on every top unit (members and
organisations, for the past years and the current one) and five past years of decided grades for
members and organisations, within the 20% quota — all through the services, one bulk call a year.

Deterministic (no dependence on the day it runs): the years are those before the demo's reference
year. The same members lead their organisation each year, so some are HTXSNV five years running.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

from chibo.evaluations import services as svc
from chibo.members.models import ACTIVE_Q, Member
from chibo.organizations.models import Unit
from chibo.rules import evaluation as rules
from chibo.rules.errors import RuleViolation

REFERENCE_YEAR = 2026  # chibo.core.demo_data.REFERENCE_DATE.year
PAST_YEARS = 5

#: The default table for members (bảng chấm điểm, after 366-QĐ/TW and 43-HD/BTCTW): 30 + 70 points.
MEMBER_CRITERIA = [
    svc.CriterionSpec("common", "1", "Tư tưởng chính trị", Decimal(6)),
    svc.CriterionSpec("common", "2", "Phẩm chất đạo đức, lối sống", Decimal(6)),
    svc.CriterionSpec("common", "3", "Ý thức tổ chức kỷ luật", Decimal(6)),
    svc.CriterionSpec("common", "4", "Tác phong, lề lối làm việc", Decimal(6)),
    svc.CriterionSpec("common", "5", "Tinh thần học tập, tự phê bình và phê bình", Decimal(6)),
    svc.CriterionSpec("tasks", "6", "Kết quả thực hiện chức trách, nhiệm vụ được giao", Decimal(40)),
    svc.CriterionSpec("tasks", "7", "Thực hiện nhiệm vụ chi bộ phân công", Decimal(20)),
    svc.CriterionSpec("tasks", "8", "Tham gia sinh hoạt đảng, đóng đảng phí", Decimal(10)),
]
UNIT_CRITERIA = [
    svc.CriterionSpec("common", "1", "Công tác chính trị tư tưởng", Decimal(10)),
    svc.CriterionSpec("common", "2", "Công tác tổ chức, cán bộ, đảng viên", Decimal(10)),
    svc.CriterionSpec("common", "3", "Công tác kiểm tra, giám sát", Decimal(10)),
    svc.CriterionSpec("tasks", "4", "Lãnh đạo thực hiện nhiệm vụ chính trị", Decimal(50)),
    svc.CriterionSpec("tasks", "5", "Lãnh đạo các đoàn thể", Decimal(20)),
]


def _rank(key: int, year: int) -> int:
    """A stable pseudo-random number for a member or unit and year (no global random state)."""
    return int(hashlib.sha256(f"{key}-{year}".encode()).hexdigest()[:8], 16)


def _grades(keys: list[int], year: int) -> dict[int, str]:
    """Grades of one group (a grassroots organisation's members, or one committee's organisations):
    about 8% HTNV, 2% KHTNV, the rest HTTNV, and HTXSNV for the same leaders each year up to the quota."""
    grades = {}
    for key in keys:
        roll = _rank(key, year) % 100
        grades[key] = rules.KHTNV if roll < 2 else rules.HTNV if roll < 10 else rules.HTTNV
    good = [k for k in sorted(keys, key=lambda k: _rank(k, 0)) if grades[k] == rules.HTTNV]
    allowed = rules.max_excellent(len(good), svc.year_profile(year))
    # promoting one takes it out of the HTTNV base: keep excellent ≤ 20% of those left HTTNV
    while allowed and allowed > rules.max_excellent(len(good) - allowed, svc.year_profile(year)):
        allowed -= 1
    for key in good[:allowed]:
        grades[key] = rules.HTXSNV
    return grades


def demo_evaluations() -> dict[str, int]:
    done: Counter[str] = Counter()
    for root in Unit.objects.get_root_nodes():
        for year in range(REFERENCE_YEAR - PAST_YEARS, REFERENCE_YEAR + 1):
            for subject, criteria in (("member", MEMBER_CRITERIA), ("unit", UNIT_CRITERIA)):
                svc.scoring_table_save(
                    actor=None, unit=root, year=year, subject=subject, criteria=criteria,
                    title=f"Bảng chấm điểm {year}",
                )  # fmt: skip
                done["tables"] += 1
        for year in range(REFERENCE_YEAR - PAST_YEARS, REFERENCE_YEAR):
            loaded = svc.evaluations_history_load(
                actor=None, unit=root, year=year, member_grades=_member_grades(root, year),
                unit_grades=_unit_grades(root, year), decided_on=date(year + 1, 1, 15),
                decision_number=f"{year % 100:02d}-QĐ/ĐU",
            )  # fmt: skip
            done.update(loaded)
    return dict(done)


def _member_grades(root: Unit, year: int) -> dict[int, str]:
    tree = svc.TreeIndex(root)
    groups: dict[int, list[int]] = defaultdict(list)
    members = Member.objects.filter(ACTIVE_Q, unit_path__startswith=root.path).exclude(
        admitted_on__year__gte=year
    )
    for pk, unit_id in members.values_list("pk", "unit_id"):
        try:
            groups[tree.grassroots(unit_id).pk].append(pk)
        except RuleViolation:  # a member of a committee above the grassroots level: not graded here
            continue
    grades: dict[int, str] = {}
    for keys in groups.values():
        grades.update(_grades(keys, year))
    return grades


def _unit_grades(root: Unit, year: int) -> dict[int, str]:
    groups: dict[str, list[int]] = defaultdict(list)
    units = Unit.objects.filter(path__startswith=root.path, depth__gt=root.depth, dissolved_on__isnull=True)
    for pk, path in units.exclude(founded_on__year__gt=year).values_list("pk", "path"):
        groups[path[: -Unit.steplen]].append(pk)
    grades: dict[int, str] = {}
    for keys in groups.values():
        grades.update(_grades(keys, year))
    return grades
