"""Badge rounds through the services: the due list, early awards, approval, numbers, history."""

from __future__ import annotations

from datetime import date

import pytest

from chibo.badges import services as svc
from chibo.badges.models import Award, Round
from chibo.core.models import AuditEntry
from chibo.core.scoping import NotPermitted
from chibo.core.testing import user_with_role
from chibo.members import services as mem
from chibo.members.models import Member
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def veterans(tree):
    """Two official members of A1: admitted 10/1/1994 (30 years on 10/1/2024) and 1/6/1984
    (30 years in 2014 — recorded — and 40 years on 1/6/2024)."""
    spec = mem.MemberSpec
    young = mem.member_create(
        actor=None,
        unit=tree.a1,
        spec=spec("Lý Văn Ba", "official", admitted_on=date(1994, 1, 10), official_on=date(1995, 1, 10)),
    )
    old = mem.member_create(
        actor=None,
        unit=tree.a1,
        spec=spec("Hà Thị Tư", "official", admitted_on=date(1984, 6, 1), official_on=date(1985, 6, 1)),
    )
    svc.badge_history_record(
        actor=None, member=old, threshold=30, award_date=date(2014, 9, 2), badge_number="HH30-1"
    )
    return young, old


def _refused(call, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as raised:
        call(**kwargs)
    return raised.value.code


def test_round_proposes_the_badges_due_on_the_award_day(tree, veterans):
    young, old = veterans
    round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 2, 3))
    proposed = {(a.member_id, a.threshold) for a in round_.awards.all()}
    assert (young.pk, 30) in proposed and old.pk not in {m for m, _ in proposed}
    later = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 9, 2))
    assert (old.pk, 40) in {(a.member_id, a.threshold) for a in later.awards.all()}
    assert young.pk not in set(later.awards.values_list("member_id", flat=True))  # already proposed


def test_a_round_on_a_day_that_is_not_an_award_day_is_refused(tree):
    assert (
        _refused(svc.badge_round_prepare, actor=None, unit=tree.a, award_date=date(2024, 2, 4))
        == "badge.not_award_day"
    )
    assert not Round.objects.exists()


def test_early_award_for_illness_within_its_limit(tree, veterans):
    young, _old = veterans
    round_ = svc.badge_round_prepare(
        actor=None, unit=tree.a, award_date=date(2023, 11, 7)
    )  # 30 years on 10/1/2024
    assert young.pk not in set(round_.awards.values_list("member_id", flat=True))
    award = svc.badge_round_add(
        actor=None, round=round_, member=young, early_months=3, early_reason="illness"
    )
    assert award.threshold == 30 and award.early_months == 3


def test_early_award_beyond_its_limit_is_refused(tree, veterans):
    _young, old = veterans
    round_ = svc.badge_round_prepare(
        actor=None, unit=tree.a, award_date=date(2023, 5, 19)
    )  # 40 years on 1/6/2024
    before = Award.objects.count()
    code = _refused(
        svc.badge_round_add, actor=None, round=round_, member=old, early_months=13, early_reason="illness"
    )
    assert code == "badge.early_too_much"
    assert Award.objects.count() == before


def test_posthumous_award_only_for_a_member_who_died(tree, veterans):
    young, _old = veterans
    round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2023, 11, 7))
    code = _refused(
        svc.badge_round_add, actor=None, round=round_, member=young, early_months=3, early_reason="posthumous"
    )
    assert code == "badge.posthumous_alive"


def test_approval_awards_the_round_and_numbers_are_recorded(tree, veterans, board):
    young, _old = veterans
    round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 2, 3))
    svc.badge_round_approve(
        actor=board, round=round_, decision_number="12-QĐ/ĐU", decided_on=date(2024, 1, 25)
    )
    award = Award.objects.get(member=young, threshold=30)
    assert award.awarded
    svc.badge_number_record(actor=board, award=award, number="HH30-77")
    assert Award.objects.get(pk=award.pk).badge_number == "HH30-77"
    assert (
        _refused(
            svc.badge_round_approve,
            actor=board,
            round=round_,
            decision_number="x",
            decided_on=date(2024, 1, 25),
        )
        == "badge.round_approved"
    )
    assert AuditEntry.objects.filter(action="badge.round_approve").count() == 1


def test_a_number_before_approval_is_refused(tree, veterans):
    round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 2, 3))
    award = round_.awards.first()
    assert _refused(svc.badge_number_record, actor=None, award=award, number="1") == "badge.not_awarded"


def test_a_sibling_committee_cannot_prepare_or_approve(tree, veterans):
    sibling = user_with_role("bt-b", "secretary", tree.b)
    with pytest.raises(NotPermitted):
        svc.badge_round_prepare(actor=sibling, unit=tree.a, award_date=date(2024, 2, 3))
    round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 2, 3))
    with pytest.raises(NotPermitted):
        svc.badge_round_approve(
            actor=sibling, round=round_, decision_number="1", decided_on=date(2024, 1, 25)
        )


def test_history_twice_for_the_same_threshold_is_refused(tree, veterans):
    _young, old = veterans
    code = _refused(
        svc.badge_history_record, actor=None, member=old, threshold=30, award_date=date(2015, 2, 3)
    )
    assert code == "badge.already_recorded"
    code = _refused(
        svc.badge_history_record, actor=None, member=old, threshold=33, award_date=date(2015, 2, 3)
    )
    assert code == "badge.threshold_unknown"


def test_a_gap_out_of_the_party_delays_the_badge(tree):
    spec = mem.MemberSpec(
        "Vi Văn Năm", "official", admitted_on=date(1994, 1, 10), official_on=date(1995, 1, 10)
    )
    member = mem.member_create(actor=None, unit=tree.a1, spec=spec)
    mem.member_leave(actor=None, member=member, reason="removed", on=date(2000, 1, 10))
    mem.member_readmit(
        actor=None, member=Member.objects.get(pk=member.pk), unit=tree.a1, admitted_on=date(2001, 1, 10)
    )
    Member.objects.filter(pk=member.pk).update(status="official")
    round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 2, 3))
    assert member.pk not in set(round_.awards.values_list("member_id", flat=True))  # 30 years only in 2025
    later = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2025, 2, 3))
    assert (member.pk, 30) in set(later.awards.values_list("member_id", "threshold"))


def test_history_before_the_badge_could_be_reached_is_refused(tree, veterans):
    _young, old = veterans  # 40 years on 1/6/2024: at most 24 months early from 70, 12 below
    code = _refused(
        svc.badge_history_record, actor=None, member=old, threshold=40, award_date=date(2023, 2, 3)
    )
    assert code == "badge.history_before_reached"
    assert not Award.objects.filter(member=old, threshold=40).exists()


def test_an_empty_round_cannot_be_approved(tree, board):
    round_ = svc.badge_round_prepare(actor=None, unit=tree.b, award_date=date(2024, 2, 3))
    code = _refused(
        svc.badge_round_approve, actor=board, round=round_, decision_number="1", decided_on=date(2024, 1, 25)
    )
    assert code == "badge.round_empty"


def test_a_blank_badge_number_is_refused(tree, veterans, board):
    round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 2, 3))
    svc.badge_round_approve(actor=board, round=round_, decision_number="12", decided_on=date(2024, 1, 25))
    award = round_.awards.first()
    assert (
        _refused(svc.badge_number_record, actor=board, award=award, number="  ")
        == "admission.number_required"
    )


def test_a_round_in_preparation_is_discarded_with_its_badges_and_can_be_prepared_again(tree, veterans, board):
    young, _old = veterans
    round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 2, 3))
    assert round_.awards.filter(member=young).exists()
    assert (
        _refused(svc.badge_round_discard, actor=board, round=round_, reason="  ") == "badge.reason_required"
    )
    assert Round.objects.filter(pk=round_.pk).exists()
    svc.badge_round_discard(actor=board, round=round_, reason="Lập nhầm đợt")
    assert not Round.objects.filter(pk=round_.pk).exists()
    assert not Award.objects.filter(member=young).exists()
    entry = AuditEntry.objects.get(action="badge.round_discard")
    assert (entry.counts, entry.note, entry.actor_id) == ({"proposed": 1}, "Lập nhầm đợt", board.pk)
    again = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 2, 3))
    assert again.awards.filter(member=young).exists()


def test_an_approved_round_cannot_be_discarded(tree, veterans, board):
    round_ = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 2, 3))
    svc.badge_round_approve(
        actor=None, round=round_, decision_number="12-QĐ/ĐU", decided_on=date(2024, 1, 25)
    )
    code = _refused(svc.badge_round_discard, actor=board, round=round_, reason="Nhầm")
    assert code == "badge.round_approved"
    assert Round.objects.filter(pk=round_.pk).exists() and not AuditEntry.objects.filter(
        action="badge.round_discard"
    )
    sibling = user_with_role("bt-b-discard", "secretary", tree.b)
    draft = svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 5, 19))
    with pytest.raises(NotPermitted):
        svc.badge_round_discard(actor=sibling, round=draft, reason="Nhầm")
    assert Round.objects.filter(pk=draft.pk).exists()
