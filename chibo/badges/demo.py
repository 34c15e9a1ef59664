"""Demo badges for ``seed_demo``: the badge history of one grassroots organisation, an approved round
with its badge numbers, and the next round being prepared — all through the services."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from chibo.badges import services as svc
from chibo.core import regulations
from chibo.members.models import Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules import badges as rules
from chibo.rules import organizations as org_rules

HISTORY_UNTIL = date(2019, 11, 7)  # badges before it come from the paper register
APPROVED_ROUND = date(2025, 9, 2)
NEXT_ROUND = date(2026, 2, 3)


def demo_badges() -> Counter[str]:
    done: Counter[str] = Counter()
    unit = (
        Unit.objects.filter(
            level__in=(org_rules.DANG_BO_CO_SO, org_rules.CHI_BO_CO_SO), dissolved_on__isnull=True
        )
        .order_by("path")
        .first()
    )
    if unit is None:
        return done
    profile = regulations.profile(HISTORY_UNTIL)
    members = Member.objects.filter(unit_path__startswith=unit.path, status=MemberStatus.OFFICIAL).exclude(
        admitted_on=None
    )
    gaps = svc.gaps_of(m.pk for m in members)
    for member in members.order_by("pk"):
        for threshold in profile.badge_thresholds_years:
            reached = rules.reached_on(member.party_age_from, threshold, gaps[member.pk])
            awarded_on = rules.next_award_date(reached, profile)
            if awarded_on > HISTORY_UNTIL:
                break
            svc.badge_history_record(
                actor=None, member=member, threshold=threshold, award_date=awarded_on,
                badge_number=f"{threshold}-{member.pk:05d}",
            )  # fmt: skip
            done["history"] += 1
    approved = svc.badge_round_prepare(actor=None, unit=unit, award_date=APPROVED_ROUND)
    svc.badge_round_approve(
        actor=None, round=approved, decision_number="215-QĐ/ĐU", decided_on=APPROVED_ROUND - timedelta(days=8)
    )
    for award in approved.awards.order_by("pk"):
        svc.badge_number_record(actor=None, award=award, number=f"{award.threshold}-{award.member_id:05d}")
        done["approved"] += 1
    upcoming = svc.badge_round_prepare(actor=None, unit=unit, award_date=NEXT_ROUND)
    done["proposed"] = upcoming.awards.count()
    return done
