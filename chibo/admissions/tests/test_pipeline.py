"""One candidacy from candidate to official member, and the refusals of each step."""

from __future__ import annotations

from datetime import date

import pytest

from chibo.admissions import services as svc
from chibo.admissions.models import Candidate, Step, Vote
from chibo.admissions.tests.conftest import (
    CEREMONY,
    DECISION,
    RECOGNITION,
    advance,
    introduce,
    make_candidate,
    record_papers,
)
from chibo.core.models import AuditEntry
from chibo.members.models import MemberEvent, MemberStatus
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


def _refused(call, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as raised:
        call(**kwargs)
    return raised.value.code


def test_candidate_taken_to_official_member(tree):
    # given a candidate of chi bộ A1 (a chi bộ trực thuộc of đảng bộ cơ sở A)
    candidate = make_candidate(tree)
    # when every step is taken in order
    candidate = advance(candidate, tree, "official")
    # then the member record exists, official as of the end of probation (ceremony + 12 months)
    member = candidate.member
    assert member.status == MemberStatus.OFFICIAL
    assert member.admitted_on == DECISION
    assert member.ceremony_on == CEREMONY
    assert member.official_on == date(2025, 6, 10)
    kinds = list(member.events.order_by("effective_on", "id").values_list("kind", flat=True))
    assert kinds == [MemberEvent.Kind.ADMITTED, MemberEvent.Kind.CEREMONY, MemberEvent.Kind.RECOGNISED]
    stages = list(candidate.steps.values_list("stage", flat=True))
    assert stages == [
        "candidate", "trained", "dossier", "cell_resolved", "upper_resolved", "decided", "probation",
        "recognition_voted", "official",
    ]  # fmt: skip
    assert candidate.deciding_unit == tree.root  # A holds no delegated authority: R's standing board
    actions = set(
        AuditEntry.objects.filter(target_type="admissions.candidate").values_list("action", flat=True)
    )
    assert {"candidate.create", "candidate.decide", "candidate.ceremony", "candidate.recognise"} <= actions


def test_delegated_authority_makes_the_grassroots_committee_decide(tree):
    tree.a.admission_authority = True
    tree.a.save(update_fields=["admission_authority"])
    candidate = advance(make_candidate(tree), tree, "decided")
    assert candidate.deciding_unit == tree.a


def test_a_step_out_of_order_is_refused_and_writes_nothing(tree):
    candidate = make_candidate(tree)
    steps = Step.objects.count()
    code = _refused(svc.candidate_dossier_complete, actor=None, candidate=candidate, on=date(2024, 4, 1))
    assert code == "admission.step_out_of_order"
    assert Step.objects.count() == steps


def test_a_step_dated_before_the_previous_one_is_refused(tree):
    candidate = make_candidate(tree)
    code = _refused(
        svc.candidate_certificate, actor=None, candidate=candidate, number="CN", issued_on=date(2024, 1, 9)
    )
    assert code == "admission.step_before_previous"


def test_dossier_with_a_paper_missing_is_refused_naming_it(tree):
    candidate = advance(make_candidate(tree), tree, "trained")
    introduce(candidate, tree)
    record_papers(candidate, skip=("verification",))
    with pytest.raises(RuleViolation) as raised:
        svc.candidate_dossier_complete(actor=None, candidate=candidate, on=date(2024, 4, 1))
    assert raised.value.code == "admission.dossier_incomplete"
    assert raised.value.params["codes"] == ["verification"]


def test_dossier_with_one_introducer_is_refused_when_two_are_required(tree):
    candidate = advance(make_candidate(tree), tree, "trained")
    introduce(candidate, tree, count=1)
    record_papers(candidate)
    code = _refused(svc.candidate_dossier_complete, actor=None, candidate=candidate, on=date(2024, 4, 1))
    assert code == "admission.introducers_count"


def test_a_probationary_member_cannot_be_an_introducer(tree):
    candidate = make_candidate(tree)
    probationary = tree.a1.members.get(status=MemberStatus.PROBATIONARY)
    code = _refused(
        svc.introducer_assign,
        actor=None,
        candidate=candidate,
        member=probationary,
        together_since=date(2020, 1, 1),
        assigned_on=date(2024, 1, 10),
        replacement=False,
    )
    assert code == "admission.introducer_not_official"


def test_a_vote_with_more_votes_than_official_members_is_refused(tree):
    candidate = advance(make_candidate(tree), tree, "dossier")
    code = _refused(
        svc.candidate_cell_vote,
        actor=None,
        candidate=candidate,
        held_on=date(2024, 4, 15),
        in_favour=4,
        against=1,  # A1 has 4 official members
    )
    assert code == "admission.vote_exceeds_members"
    assert not Vote.objects.exists()


def test_a_failed_vote_is_recorded_and_the_stage_stays(tree):
    candidate = advance(make_candidate(tree), tree, "dossier")
    vote = svc.candidate_cell_vote(
        actor=None, candidate=candidate, held_on=date(2024, 4, 15), in_favour=2, against=2
    )
    candidate.refresh_from_db()
    assert not vote.passed and vote.required == 3
    assert candidate.stage == "dossier"


def test_a_candidate_too_young_at_the_vote_is_refused(tree):
    candidate = advance(make_candidate(tree, birth_date=date(2006, 4, 16)), tree, "dossier")
    code = _refused(
        svc.candidate_cell_vote,
        actor=None,
        candidate=candidate,
        held_on=date(2024, 4, 15),
        in_favour=4,
        against=0,
    )
    assert code == "admission.too_young"


def test_recognition_before_probation_ends_is_refused(tree):
    candidate = advance(make_candidate(tree), tree, "probation")
    code = _refused(
        svc.candidate_recognition_vote,
        actor=None,
        candidate=candidate,
        held_on=date(2025, 6, 9),
        in_favour=4,
        against=0,
    )
    assert code == "member.probation_not_ended"


def test_late_ceremony_needs_the_upper_committees_consent(tree):
    candidate = advance(make_candidate(tree), tree, "decided")
    late = date(2024, 7, 15)  # more than 30 working days after 20/5/2024
    code = _refused(svc.candidate_ceremony, actor=None, candidate=candidate, held_on=late)
    assert code == "admission.ceremony_late"
    candidate = svc.candidate_ceremony(actor=None, candidate=candidate, held_on=late, consent="CV 12/BTV")
    assert candidate.member.ceremony_on == late


def test_not_recognised_removes_the_member(tree):
    candidate = advance(make_candidate(tree), tree, "probation")
    candidate = svc.candidate_not_recognised(
        actor=None, candidate=candidate, decided_on=RECOGNITION, number="QĐ-9", reason="Vi phạm tư cách"
    )
    candidate.member.refresh_from_db()
    assert candidate.stage == "not_recognised"
    assert candidate.member.status == MemberStatus.LEFT and candidate.member.leave_reason == "removed"


def test_withdrawal_only_before_the_decision(tree):
    candidate = advance(make_candidate(tree), tree, "decided")
    code = _refused(svc.candidate_withdraw, actor=None, candidate=candidate, on=date(2024, 5, 21), reason="x")
    assert code == "admission.step_out_of_order"
    other = make_candidate(tree, full_name="Phạm Văn Nam")
    other = svc.candidate_withdraw(actor=None, candidate=other, on=date(2024, 2, 1), reason="Chuyển công tác")
    assert other.stage == "withdrawn" and not other.is_open


def test_same_cccd_cannot_be_two_open_candidacies(tree):
    make_candidate(tree, cccd="001095012345")
    with pytest.raises(RuleViolation) as raised:
        make_candidate(tree, full_name="Khác", cccd="001095012345")
    assert raised.value.code == "admission.cccd_candidate"
    assert Candidate.objects.count() == 1
