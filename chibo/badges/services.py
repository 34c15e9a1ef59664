"""Writes of party badges: prepare a round, add early awards, approve, record numbers and history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from chibo.accounts.roles import Action
from chibo.badges.models import Award, Round
from chibo.core import audit, regulations
from chibo.core.scoping import require, subtree_q
from chibo.members.models import LeaveReason, Member, MemberEvent, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules import badges as rules
from chibo.rules.errors import RuleViolation
from chibo.rules.party_age import Gap, add_months
from chibo.rules.text import normalize


def gaps_of(member_ids: Iterable[int]) -> dict[int, list[Gap]]:
    """The periods out of the Party (leaving to re-admission) of many members, in one query."""
    gaps: dict[int, list[Gap]] = defaultdict(list)
    events = MemberEvent.objects.filter(member_id__in=list(member_ids), kind=MemberEvent.Kind.READMITTED)
    for member_id, details in events.values_list("member_id", "details"):
        gap = (details or {}).get("gap")
        if gap:
            gaps[member_id].append((date.fromisoformat(gap[0]), date.fromisoformat(gap[1])))
    return gaps


def _facts(member: Member, gaps: list[Gap], awarded: Iterable[int], **early: Any) -> rules.BadgeFacts:
    return rules.BadgeFacts(
        key=member.pk, decision_date=member.party_age_from, gaps=tuple(gaps), awarded=tuple(awarded), **early
    )


def _check_award_day(day: date) -> None:
    profile = regulations.profile(day)
    if (day.month, day.day) not in profile.badge_award_days:
        raise RuleViolation("badge.not_award_day", day=day)


@transaction.atomic
def badge_round_prepare(*, actor: Any, unit: Unit, award_date: date) -> Round:
    """Open a round for ``unit``'s subtree on an award day, with every official member due a badge
    then (DOMAIN.md §8): the highest threshold reached above the badges already recorded."""
    require(actor, Action.MANAGE, unit)
    _check_award_day(award_date)
    if Round.objects.filter(unit=unit, award_date=award_date).exists():
        raise RuleViolation("badge.round_exists", day=award_date)
    try:
        with transaction.atomic():
            round_ = Round.objects.create(unit=unit, award_date=award_date)
    except IntegrityError as exc:  # prepared at the same moment by someone else
        raise RuleViolation("badge.round_exists", day=award_date) from exc
    members = list(
        Member.objects.filter(
            subtree_q(unit.path, "unit_path"), status=MemberStatus.OFFICIAL, admitted_on__isnull=False
        ).only("pk", "admitted_on", "first_admitted_on")
    )
    ids = [m.pk for m in members]
    gaps = gaps_of(ids)
    awarded: dict[int, list[int]] = defaultdict(list)
    for member_id, threshold in Award.objects.filter(member_id__in=ids).values_list("member_id", "threshold"):
        awarded[member_id].append(threshold)
    due = rules.award_round(
        (_facts(m, gaps[m.pk], awarded[m.pk]) for m in members), award_date, regulations.profile(award_date)
    )
    Award.objects.bulk_create(
        [Award(member_id=pk, round=round_, threshold=t, award_date=award_date) for pk, t in due],
        batch_size=1000,
    )
    audit.record_batch(
        actor=actor,
        action="badge.round_prepare",
        target=round_,
        unit=unit,
        counts={"proposed": len(due)},
        effective_on=award_date,
    )
    return round_


def _lock_round(round_: Round) -> Round:
    round_ = Round.objects.select_for_update().select_related("unit").get(pk=round_.pk)
    return round_


def _check_draft(round_: Round) -> None:
    if round_.state != Round.State.DRAFT:
        raise RuleViolation("badge.round_approved")


@transaction.atomic
def badge_round_discard(*, actor: Any, round: Round, reason: str) -> None:
    """Drop a round still being prepared (prepared for the wrong unit or day, or started again
    later): its proposed badges go with it. An approved round is a decision and stays."""
    round_ = _lock_round(round)
    require(actor, Action.MANAGE, round_.unit)
    _check_draft(round_)
    reason = normalize(reason)
    if not reason:
        raise RuleViolation("badge.reason_required")
    proposed = round_.awards.count()
    target, unit, award_date = round_, round_.unit, round_.award_date
    audit.record_batch(
        actor=actor,
        action="badge.round_discard",
        target=target,
        unit=unit,
        counts={"proposed": proposed},
        effective_on=award_date,
        note=reason,
        after={"award_date": award_date, "decision_number": ""},
    )
    round_.delete()


@transaction.atomic
def badge_round_add(
    *, actor: Any, round: Round, member: Member, early_months: int, early_reason: str, note: str = ""
) -> Award:
    """Add an early award to a round: serious illness (≤ 12 months early up to 65 years, ≤ 24 from
    70) or posthumous (≤ 12 months, for a member who died), DOMAIN.md §8 [S46]."""
    round_ = _lock_round(round)
    require(actor, Action.MANAGE, round_.unit)
    _check_draft(round_)
    if not member.unit_path.startswith(round_.unit.path):
        raise RuleViolation("badge.member_elsewhere", name=member.full_name)
    if early_reason == rules.POSTHUMOUS:
        if member.leave_reason != LeaveReason.DIED:
            raise RuleViolation("badge.posthumous_alive", name=member.full_name)
    elif member.status != MemberStatus.OFFICIAL:
        raise RuleViolation("badge.not_official", name=member.full_name)
    if member.party_age_from is None:
        raise RuleViolation("badge.no_admission_date", name=member.full_name)
    awarded = list(Award.objects.filter(member=member).values_list("threshold", flat=True))
    profile = regulations.profile(round_.award_date)
    facts = _facts(
        member, gaps_of([member.pk])[member.pk], awarded, early_months=early_months, early_reason=early_reason
    )
    due = rules.award_round([facts], round_.award_date, profile)
    if not due:
        raise RuleViolation("badge.not_due", name=member.full_name)
    threshold = due[0][1]
    early = (
        early_months
        if rules.reached_on(member.party_age_from, threshold, facts.gaps) > round_.award_date
        else 0
    )
    award = Award.objects.create(
        member=member,
        round=round_,
        threshold=threshold,
        award_date=round_.award_date,
        early_months=early,
        early_reason=early_reason if early else "",
        note=normalize(note),
    )
    after = {"member": member.pk, "threshold": threshold, "early_months": early, "reason": award.early_reason}
    audit.record(actor=actor, action="badge.add", target=round_, unit=round_.unit, after=after)
    return award


@transaction.atomic
def badge_award_remove(*, actor: Any, award: Award, reason: str) -> None:
    """Take a proposal out of a round still being prepared (e.g. a member under discipline)."""
    if award.round is None:
        raise RuleViolation("badge.not_in_round")
    round_ = _lock_round(award.round)
    require(actor, Action.MANAGE, round_.unit)
    _check_draft(round_)
    if not reason.strip():
        raise RuleViolation("admission.reason_required")
    audit.record(
        actor=actor, action="badge.remove", target=round_, unit=round_.unit,
        before={"member": award.member_id, "threshold": award.threshold}, note=normalize(reason),
    )  # fmt: skip
    award.delete()


@transaction.atomic
def badge_round_approve(*, actor: Any, round: Round, decision_number: str, decided_on: date) -> Round:
    """The committee's decision: every proposal of the round is awarded."""
    round_ = _lock_round(round)
    require(actor, Action.MANAGE, round_.unit)
    _check_draft(round_)
    if not decision_number.strip():
        raise RuleViolation("admission.number_required")
    if not round_.awards.exists():
        raise RuleViolation("badge.round_empty")
    if decided_on > regulations.today():
        raise RuleViolation("date.in_future", day=decided_on, today=regulations.today())
    round_.state, round_.decision_number, round_.decided_on = (
        Round.State.APPROVED,
        normalize(decision_number),
        decided_on,
    )
    round_.save(update_fields=["state", "decision_number", "decided_on"])
    count = round_.awards.update(awarded=True)
    audit.record_batch(
        actor=actor, action="badge.round_approve", target=round_, unit=round_.unit, counts={"awarded": count},
        effective_on=decided_on, note=round_.decision_number,
    )  # fmt: skip
    return round_


@transaction.atomic
def badge_number_record(*, actor: Any, award: Award, number: str) -> Award:
    """Record the number of the badge handed over (a column of the member register)."""
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("member__unit", "round__unit")
        .get(pk=award.pk)
    )
    # the committee that awarded it records the number, even after the member moved on
    require(actor, Action.MANAGE, award.round.unit if award.round else award.member.unit)
    if not award.awarded:
        raise RuleViolation("badge.not_awarded")
    if not number.strip():
        raise RuleViolation("admission.number_required")
    before = award.badge_number
    award.badge_number = normalize(number)
    award.save(update_fields=["badge_number"])
    audit.record(
        actor=actor,
        action="badge.number",
        target=award.member,
        unit=award.member.unit,
        before={"badge_number": before} if before else None,
        after={"threshold": award.threshold, "badge_number": award.badge_number},
    )
    return award


@transaction.atomic
def badge_history_record(
    *, actor: Any, member: Member, threshold: int, award_date: date, badge_number: str = ""
) -> Award:
    """Record a badge awarded before chibo (from the paper register), so rounds do not propose it again."""
    member = Member.objects.select_related("unit").get(pk=member.pk)
    require(actor, Action.MANAGE, member.unit)
    if threshold not in regulations.profile(award_date).badge_thresholds_years:
        raise RuleViolation("badge.threshold_unknown", threshold=threshold)
    if award_date > regulations.today():
        raise RuleViolation("date.in_future", day=award_date, today=regulations.today())
    if member.party_age_from is None:
        raise RuleViolation("badge.no_admission_date", name=member.full_name)
    profile = regulations.profile(award_date)
    reached = rules.reached_on(member.party_age_from, threshold, gaps_of([member.pk])[member.pk])
    earliest = add_months(
        reached, -rules.early_months_allowed(threshold, reason=rules.ILLNESS, profile=profile)
    )
    if award_date < earliest:  # not even an early award could have been given then
        raise RuleViolation("badge.history_before_reached", threshold=threshold, reached_on=reached)
    if Award.objects.filter(member=member, threshold=threshold).exists():
        raise RuleViolation("badge.already_recorded", threshold=threshold)
    award = Award.objects.create(
        member=member, threshold=threshold, award_date=award_date, awarded=True,
        badge_number=normalize(badge_number),
    )  # fmt: skip
    audit.record(
        actor=actor, action="badge.history", target=member, unit=member.unit,
        after={"threshold": threshold, "award_date": award_date, "badge_number": award.badge_number},
    )  # fmt: skip
    return award
