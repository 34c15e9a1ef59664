"""Demo candidacies for ``seed_demo``: every stage of the pipeline, targets, and overdue items.

Everything goes through the services with dates fixed relative to the demo's last event day, so the
same seed gives the same data. Seen from a later "today", some deadlines are overdue, some near.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from chibo.admissions import services as svc
from chibo.admissions.models import Candidate, PaperKind
from chibo.core import demo_data, regulations
from chibo.members.models import Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules import admission as rules
from chibo.rules import organizations as org_rules
from chibo.rules.party_age import add_months

#: (final stage, days before the last demo event day the final step happened, failed votes first)
SCENARIOS: tuple[tuple[str, int, int], ...] = (
    (rules.CANDIDATE, 5, 0),
    (rules.TRAINED, 30, 0),
    (rules.DOSSIER, 60, 0),
    (rules.DOSSIER, 400, 0),  # more than 12 months without a vote: papers to redo
    (rules.DOSSIER, 90, 3),  # three failed votes: report upward
    (rules.CELL_RESOLVED, 120, 0),  # decision overdue (60 working days)
    (rules.CELL_RESOLVED, 20, 0),
    (rules.UPPER_RESOLVED, 40, 0),
    (rules.DECIDED, 15, 0),  # ceremony due soon
    (rules.DECIDED, 80, 0),  # ceremony overdue (30 working days)
    (rules.PROBATION, 320, 0),  # probation ends in the coming weeks
    (rules.PROBATION, 400, 0),  # recognition vote overdue
    (rules.RECOGNITION_VOTED, 10, 0),
    (rules.OFFICIAL, 30, 0),
    (rules.WITHDRAWN, 50, 0),
    (rules.REJECTED, 70, 0),
)
GAP = timedelta(days=21)  # between two steps before the ceremony
SOURCES = ("youth_union", "youth_union", "student", "worker", "business_owner", "other")
OLD_OFFICIAL = date(2020, 1, 1)


def demo_admissions(seed: int) -> Counter[str]:
    """Create the demo candidacies and this year's targets; returns counts by final stage."""
    rng = random.Random(seed * 104729)
    cells = [c for c in _cells_with_introducers() if c.level in (org_rules.CHI_BO, org_rules.CHI_BO_CO_SO)]
    done: Counter[str] = Counter()
    if not cells:
        return done
    rng.shuffle(cells)
    for index, (stage, days_before, failed) in enumerate(SCENARIOS * 2):
        cell = cells[index % len(cells)]
        if stage == rules.UPPER_RESOLVED and not rules.upper_resolution_required(cell.level):
            continue
        last_on = demo_data.LIFE_EVENTS_UNTIL - timedelta(days=days_before + rng.randint(0, 6))
        _candidacy(cell, stage, _weekday(last_on), failed, rng)
        done[stage] += 1
    _targets(rng)
    return done


def _cells_with_introducers() -> list[Unit]:
    """Cells with at least two long-standing official members (they can introduce)."""
    cells = Unit.objects.filter(level__in=org_rules.MEMBER_LEVELS, dissolved_on__isnull=True).order_by("pk")
    return [c for c in cells if len(_introducers(c)) >= 2 and svc.official_members_of(c) >= 3]


def _introducers(cell: Unit) -> list[Member]:
    return list(
        Member.objects.filter(unit=cell, status=MemberStatus.OFFICIAL, official_on__lt=OLD_OFFICIAL).order_by(
            "pk"
        )[:2]
    )


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _plan(stage: str, last_on: date, level: str) -> list[tuple[str, date]]:
    """The steps up to ``stage`` with their dates, the last one on ``last_on``."""
    order = [rules.TRAINED, rules.DOSSIER, rules.CELL_RESOLVED]
    if rules.upper_resolution_required(level):
        order.append(rules.UPPER_RESOLVED)
    order += [rules.DECIDED, rules.PROBATION, rules.RECOGNITION_VOTED, rules.OFFICIAL]
    if stage in (rules.WITHDRAWN, rules.REJECTED):
        return [(rules.TRAINED, last_on - GAP), (stage, last_on)]
    steps = order[: order.index(stage) + 1] if stage != rules.CANDIDATE else []
    dated: list[tuple[str, date]] = []
    after_ceremony = [s for s in steps if s in (rules.RECOGNITION_VOTED, rules.OFFICIAL)]
    day = last_on
    for name in reversed(after_ceremony):
        dated.insert(0, (name, _weekday(day)))
        day -= timedelta(days=14)
    if after_ceremony:  # the chi bộ votes some days after the 12 months of probation end
        day = add_months(dated[0][1] - timedelta(days=10), -12)
    for name in reversed([s for s in steps if s not in after_ceremony]):
        dated.insert(0, (name, _weekday(day)))
        day -= GAP
    return dated


def _candidacy(cell: Unit, stage: str, last_on: date, failed: int, rng: random.Random) -> Candidate:
    steps = _plan(stage, last_on, cell.level)
    entered = _weekday((steps[0][1] if steps else last_on) - timedelta(days=60))
    sex = rng.choice(("M", "F"))
    birth = date(rng.randint(1988, 2004), rng.randint(1, 12), rng.randint(1, 28))
    candidate = svc.candidate_create(
        actor=None,
        unit=cell,
        spec=svc.CandidateSpec(
            full_name=demo_data.full_name(rng, sex, birth.year),
            birth_date=birth,
            sex=sex,
            home_town=demo_data.province_label(rng.choice(demo_data.PROVINCES_34)),
            education_general="12/12",
            education_professional=rng.choice(("bachelor", "college", "master")),
            job=rng.choice(("Chuyên viên", "Kỹ sư", "Giáo viên", "Công nhân", "Kế toán")),
            host_unit_name=cell.host_name or cell.name,
            host_unit_joined_on=entered - timedelta(days=700),
            source=rng.choice(SOURCES),
        ),
        entered_on=entered,
    )
    for name, day in steps:
        candidate = _take(candidate, cell, name, day, failed)
    return candidate


def _take(candidate: Candidate, cell: Unit, step: str, day: date, failed: int) -> Candidate:
    number = f"{day:%d%m}-{candidate.pk}"
    if step == rules.TRAINED:
        return svc.candidate_certificate(
            actor=None, candidate=candidate, number=f"GCN {number}", issued_on=day
        )
    if step == rules.DOSSIER:
        for member in _introducers(cell):
            svc.introducer_assign(
                actor=None, candidate=candidate, member=member, together_since=date(2015, 1, 1),
                assigned_on=candidate.entered_on, replacement=False,
            )  # fmt: skip
        for kind in PaperKind.values:
            if kind != "certificate":
                svc.dossier_paper_record(
                    actor=None, candidate=candidate, kind=kind, number=number, issued_on=day
                )
        candidate = svc.candidate_dossier_complete(actor=None, candidate=candidate, on=day)
        official = svc.official_members_of(cell)
        for attempt in range(failed):
            svc.candidate_cell_vote(
                actor=None, candidate=candidate, held_on=day + timedelta(days=7 * (attempt + 1)),
                in_favour=official // 2, against=official - official // 2,
            )  # fmt: skip
        return candidate
    if step in (rules.CELL_RESOLVED, rules.RECOGNITION_VOTED):
        vote = svc.candidate_cell_vote if step == rules.CELL_RESOLVED else svc.candidate_recognition_vote
        official = svc.official_members_of(cell)
        return vote(actor=None, candidate=candidate, held_on=day, in_favour=official, against=0).candidate
    calls = {
        rules.UPPER_RESOLVED: lambda: svc.candidate_upper_resolution(
            actor=None, candidate=candidate, on=day, number=f"NQ {number}"
        ),
        rules.DECIDED: lambda: svc.candidate_decide(
            actor=None, candidate=candidate, decided_on=day, number=f"QĐ {number}"
        ),
        rules.PROBATION: lambda: svc.candidate_ceremony(actor=None, candidate=candidate, held_on=day),
        rules.OFFICIAL: lambda: svc.candidate_recognise(
            actor=None, candidate=candidate, decided_on=day, number=f"QĐCN {number}"
        ),
        rules.WITHDRAWN: lambda: svc.candidate_withdraw(
            actor=None, candidate=candidate, on=day, reason="Chuyển công tác sang đơn vị khác"
        ),
        rules.REJECTED: lambda: svc.candidate_reject(
            actor=None, candidate=candidate, on=day, reason="Chưa đủ điều kiện về lịch sử chính trị"
        ),
    }
    return calls[step]()


def _targets(rng: random.Random) -> None:
    """This year's targets: every grassroots organisation, set by its upper committee, and the tops."""
    year = regulations.today().year
    grassroots = Unit.objects.filter(
        level__in=(org_rules.DANG_BO_CO_SO, org_rules.CHI_BO_CO_SO), dissolved_on__isnull=True
    ).order_by("path")
    total = 0
    for unit in grassroots:
        target = rng.randint(1, 6)
        total += target
        svc.target_set(actor=None, unit=unit, year=year, target=target)
    for top in Unit.objects.filter(depth=1).order_by("path"):
        svc.target_set(actor=None, unit=top, year=year, target=total)
