"""The admission services one by one: what each refuses (writing nothing) and what it writes.

test_pipeline.py takes one candidacy through every step; these tests cover the other branches.
Today is frozen at conftest.TODAY (1/6/2026); the pipeline dates are those of conftest.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from chibo.admissions import services as svc
from chibo.admissions.models import Candidate, DossierPaper, Introducer, Step, Target, Vote
from chibo.admissions.tests.conftest import (
    BIRTH,
    CELL_VOTE,
    CEREMONY,
    CERTIFICATE,
    DECISION,
    DOSSIER,
    ENTERED,
    RECOGNITION,
    RECOGNITION_VOTE,
    TODAY,
    UPPER,
    advance,
    introduce,
    make_candidate,
    record_papers,
)
from chibo.core.models import AuditEntry
from chibo.core.scoping import NotPermitted
from chibo.core.testing import add_members, make_unit, user_with_role
from chibo.members import services as member_services
from chibo.members.models import Member, MemberStatus
from chibo.organizations import services as org_services
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db

CCCD = "001095012345"  # Hà Nội, a man born in 1995


def _writes() -> dict[str, int]:
    models = (Candidate, Step, Vote, AuditEntry, Introducer, DossierPaper, Target, Member)
    return {model.__name__: model.objects.count() for model in models}


def _refused(code: str, call: Callable[..., Any], **kwargs: Any) -> RuleViolation:
    """``call`` is refused with ``code`` and nothing at all is written."""
    before = _writes()
    with pytest.raises(RuleViolation) as raised:
        call(**kwargs)
    assert raised.value.code == code
    assert _writes() == before
    return raised.value


def _not_permitted(call: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    before = _writes()
    with pytest.raises(NotPermitted):
        call(*args, **kwargs)
    assert _writes() == before


def _spec(**values: Any) -> svc.CandidateSpec:
    return svc.CandidateSpec(**{"full_name": "Vũ Thị Lan", "birth_date": BIRTH, **values})


def _officials(unit: Any) -> list[Member]:
    return list(Member.objects.filter(unit=unit, status=MemberStatus.OFFICIAL).order_by("pk"))


def _assign(candidate: Candidate, member: Member, **values: Any) -> Introducer:
    kwargs = {"together_since": date(2020, 1, 1), "assigned_on": ENTERED, "replacement": False, **values}
    return svc.introducer_assign(actor=None, candidate=candidate, member=member, **kwargs)


def _cell_vote(candidate: Candidate, held_on: date = CELL_VOTE, actor: Any = None, **votes: int) -> Vote:
    counts = {"in_favour": 4, "against": 0, **votes}
    return svc.candidate_cell_vote(actor=actor, candidate=candidate, held_on=held_on, **counts)


def _audit(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("pk")


# --- candidate_create ---------------------------------------------------------------------------


def test_candidate_create_writes_the_first_step_and_the_audit_entry(tree, board):
    candidate = svc.candidate_create(
        actor=board, unit=tree.a1, spec=_spec(cccd="001 095 012 345"), entered_on=ENTERED
    )
    assert candidate.stage == "candidate" and candidate.stage_on == ENTERED and candidate.version == 1
    assert candidate.cccd == CCCD  # spaces removed
    step = candidate.steps.get()
    assert (step.stage, step.effective_on, step.actor) == ("candidate", ENTERED, board)
    entry = _audit("candidate.create")
    assert entry.target_id == str(candidate.pk) and entry.unit_id == tree.a1.pk
    assert entry.after["full_name"] == "Vũ Thị Lan" and entry.effective_on == ENTERED


def test_candidate_create_in_a_committee_that_holds_no_members_is_refused(tree):
    _refused(
        "unit.holds_no_members",
        svc.candidate_create,
        actor=None,
        unit=tree.a,
        spec=_spec(),
        entered_on=ENTERED,
    )


def test_candidate_create_in_a_dissolved_cell_is_refused(tree):
    empty = make_unit(tree.a, "E1", "chi_bo")
    org_services.unit_dissolve(actor=None, unit=empty, effective_on=date(2026, 5, 1))
    empty.refresh_from_db()
    _refused(
        "restructure.target_dissolved",
        svc.candidate_create,
        actor=None,
        unit=empty,
        spec=_spec(),
        entered_on=ENTERED,
    )


def test_candidate_create_entered_in_the_future_is_refused(tree):
    _refused(
        "date.in_future",
        svc.candidate_create,
        actor=None,
        unit=tree.a1,
        spec=_spec(),
        entered_on=date(2026, 6, 2),
    )


def test_candidate_create_entered_before_birth_is_refused(tree):
    _refused(
        "admission.step_before_previous",
        svc.candidate_create,
        actor=None,
        unit=tree.a1,
        spec=_spec(),
        entered_on=date(1995, 4, 11),
    )


def test_candidate_create_with_a_birth_date_in_the_future_is_refused(tree):
    _refused(
        "date.in_future",
        svc.candidate_create,
        actor=None,
        unit=tree.a1,
        spec=_spec(birth_date=date(2026, 6, 2)),
        entered_on=ENTERED,
    )


def test_candidate_create_with_the_cccd_of_an_active_member_is_refused(tree):
    member_services.member_create(
        actor=None, unit=tree.b1, spec=member_services.MemberSpec("Vũ Văn Lâm", "official", cccd=CCCD)
    )
    _refused(
        "admission.cccd_member",
        svc.candidate_create,
        actor=None,
        unit=tree.a1,
        spec=_spec(cccd=CCCD),
        entered_on=ENTERED,
    )


def test_candidate_create_with_the_cccd_of_a_member_who_left_is_allowed(tree):
    member = member_services.member_create(
        actor=None,
        unit=tree.b1,
        spec=member_services.MemberSpec("Vũ Văn Lâm", "official", cccd=CCCD),
        joined_on=date(2020, 1, 1),
    )
    member_services.member_leave(actor=None, member=member, reason="removed", on=date(2025, 1, 2))
    candidate = svc.candidate_create(actor=None, unit=tree.a1, spec=_spec(cccd=CCCD), entered_on=ENTERED)
    assert candidate.cccd == CCCD


@pytest.mark.parametrize(
    ("cccd", "code"),
    [
        ("12345", "member.cccd_format"),
        ("00109501234X", "member.cccd_format"),
        ("999095012345", "member.cccd_province"),
    ],
)
def test_candidate_create_with_a_malformed_cccd_is_refused(tree, cccd, code):
    _refused(code, svc.candidate_create, actor=None, unit=tree.a1, spec=_spec(cccd=cccd), entered_on=ENTERED)


def test_candidate_create_without_a_name_is_refused(tree):
    _refused(
        "member.name_required",
        svc.candidate_create,
        actor=None,
        unit=tree.a1,
        spec=_spec(full_name="   "),
        entered_on=ENTERED,
    )


def test_a_candidate_who_became_a_member_cannot_be_entered_again(tree):
    advance(make_candidate(tree, cccd=CCCD), tree, "decided")
    _refused(
        "admission.cccd_member",
        svc.candidate_create,
        actor=None,
        unit=tree.a1,
        spec=_spec(cccd=CCCD),
        entered_on=ENTERED,
    )


# --- candidate_update ---------------------------------------------------------------------------


def test_candidate_update_audits_only_the_fields_that_changed(tree, board):
    candidate = make_candidate(tree, job="Kế toán")
    candidate = svc.candidate_update(
        actor=board,
        candidate=candidate,
        version=candidate.version,
        changes={"phone": "0912345678", "job": "Kế toán", "full_name": "Lê Thị Hoà"},
    )
    assert candidate.version == 2 and candidate.phone == "0912345678"
    candidate.refresh_from_db()
    assert candidate.full_name == "Lê Thị Hoà" and candidate.name_folded == "le thi hoa"
    entry = _audit("candidate.update")
    assert entry.actor == board
    assert entry.before == {"phone": "", "full_name": "Lê Thị Hoa"}
    assert entry.after == {"phone": "0912345678", "full_name": "Lê Thị Hoà"}


def test_candidate_update_with_a_stale_version_is_refused(tree):
    candidate = make_candidate(tree)
    old = candidate.version
    svc.candidate_update(actor=None, candidate=candidate, version=old, changes={"phone": "0912345678"})
    _refused(
        "member.edited_concurrently",
        svc.candidate_update,
        actor=None,
        candidate=candidate,
        version=old,
        changes={"phone": "0987654321"},
    )
    candidate.refresh_from_db()
    assert candidate.phone == "0912345678" and candidate.version == old + 1


def test_candidate_update_to_the_cccd_of_another_open_candidacy_is_refused(tree):
    make_candidate(tree, cccd=CCCD)
    other = make_candidate(tree, full_name="Phạm Văn Nam")
    _refused(
        "admission.cccd_candidate",
        svc.candidate_update,
        actor=None,
        candidate=other,
        version=other.version,
        changes={"cccd": CCCD},
    )


def test_candidate_update_keeping_its_own_cccd_is_allowed(tree):
    candidate = make_candidate(tree, cccd=CCCD)
    candidate = svc.candidate_update(
        actor=None, candidate=candidate, version=candidate.version, changes={"cccd": CCCD, "phone": "0912"}
    )
    assert candidate.cccd == CCCD and candidate.phone == "0912"


# --- introducers --------------------------------------------------------------------------------


def test_introducer_assign_writes_the_introducer_and_its_audit_entry(tree, board):
    candidate = make_candidate(tree)
    member = _officials(tree.a1)[0]
    introducer = svc.introducer_assign(
        actor=board,
        candidate=candidate,
        member=member,
        together_since=date(2021, 5, 1),
        assigned_on=date(2024, 2, 1),
        replacement=False,
    )
    assert (introducer.candidate, introducer.member, introducer.together_since) == (
        candidate,
        member,
        date(2021, 5, 1),
    )
    entry = _audit("candidate.introducer_assign")
    assert entry.after["introducer"] == member.full_name and entry.effective_on == date(2024, 2, 1)


def test_an_introducer_from_another_grassroots_organisation_is_refused(tree):
    candidate = make_candidate(tree)
    _refused(
        "admission.introducer_elsewhere",
        svc.introducer_assign,
        actor=None,
        candidate=candidate,
        member=_officials(tree.b1)[0],
        together_since=date(2020, 1, 1),
        assigned_on=ENTERED,
        replacement=False,
    )


def test_an_introducer_from_another_cell_of_the_same_grassroots_organisation_is_allowed(tree):
    a2 = make_unit(tree.a, "A2", "chi_bo")
    add_members(a2, official=1)
    introducer = _assign(make_candidate(tree), _officials(a2)[0])
    assert introducer.pk


def test_the_same_introducer_twice_is_refused(tree):
    candidate = make_candidate(tree)
    member = _officials(tree.a1)[0]
    _assign(candidate, member)
    _refused(
        "admission.introducer_twice",
        svc.introducer_assign,
        actor=None,
        candidate=candidate,
        member=member,
        together_since=date(2020, 1, 1),
        assigned_on=date(2024, 2, 1),
        replacement=False,
    )


def test_together_since_after_the_assignment_is_refused(tree):
    _refused(
        "admission.together_after_assignment",
        svc.introducer_assign,
        actor=None,
        candidate=make_candidate(tree),
        member=_officials(tree.a1)[0],
        together_since=date(2024, 2, 2),
        assigned_on=date(2024, 2, 1),
        replacement=False,
    )


def test_an_introducer_assigned_before_the_candidacy_is_refused(tree):
    _refused(
        "admission.step_before_previous",
        svc.introducer_assign,
        actor=None,
        candidate=make_candidate(tree),
        member=_officials(tree.a1)[0],
        together_since=date(2020, 1, 1),
        assigned_on=date(2024, 1, 9),
        replacement=False,
    )


def test_an_introducer_cannot_be_assigned_after_the_decision(tree):
    candidate = advance(make_candidate(tree), tree, "decided")
    _refused(
        "admission.closed",
        svc.introducer_assign,
        actor=None,
        candidate=candidate,
        member=_officials(tree.a1)[3],
        together_since=date(2020, 1, 1),
        assigned_on=DECISION,
        replacement=False,
    )


def test_introducer_release_records_the_date_and_reason(tree, board):
    introducer = _assign(make_candidate(tree), _officials(tree.a1)[0])
    introducer = svc.introducer_release(
        actor=board, introducer=introducer, released_on=date(2024, 3, 5), reason=" Chuyển công tác "
    )
    introducer.refresh_from_db()
    assert introducer.released_on == date(2024, 3, 5) and introducer.released_reason == "Chuyển công tác"
    assert _audit("candidate.introducer_release").effective_on == date(2024, 3, 5)


def test_introducer_release_twice_is_refused(tree):
    introducer = _assign(make_candidate(tree), _officials(tree.a1)[0])
    svc.introducer_release(actor=None, introducer=introducer, released_on=date(2024, 3, 5), reason="x")
    _refused(
        "admission.introducer_released",
        svc.introducer_release,
        actor=None,
        introducer=introducer,
        released_on=date(2024, 3, 6),
        reason="y",
    )


def test_introducer_release_without_a_reason_or_before_the_assignment_is_refused(tree):
    introducer = _assign(make_candidate(tree), _officials(tree.a1)[0], assigned_on=date(2024, 2, 1))
    _refused(
        "admission.reason_required",
        svc.introducer_release,
        actor=None,
        introducer=introducer,
        released_on=date(2024, 3, 5),
        reason="  ",
    )
    _refused(
        "admission.step_before_previous",
        svc.introducer_release,
        actor=None,
        introducer=introducer,
        released_on=date(2024, 1, 31),
        reason="Chuyển công tác",
    )


def _dossier_with_a_new_introducer(tree: Any, *, replacement: bool) -> Candidate:
    """A complete dossier whose first introducer then moved: released, and another official
    member assigned who has known the candidate for a week only."""
    candidate = advance(make_candidate(tree), tree, "dossier")
    first = candidate.introducers.order_by("pk").first()
    svc.introducer_release(
        actor=None, introducer=first, released_on=date(2024, 4, 5), reason="Chuyển công tác"
    )
    _assign(
        candidate,
        _officials(tree.a1)[2],
        together_since=date(2024, 4, 1),
        assigned_on=date(2024, 4, 8),
        replacement=replacement,
    )
    return candidate


def test_a_replacement_introducer_waives_the_twelve_months_at_the_cell_vote(tree):
    candidate = _dossier_with_a_new_introducer(tree, replacement=True)
    vote = _cell_vote(candidate)
    assert vote.passed
    candidate.refresh_from_db()
    assert candidate.stage == "cell_resolved"


def test_a_new_introducer_who_is_no_replacement_needs_twelve_months_at_the_cell_vote(tree):
    candidate = _dossier_with_a_new_introducer(tree, replacement=False)
    error = _refused(
        "admission.introducer_too_recent",
        svc.candidate_cell_vote,
        actor=None,
        candidate=candidate,
        held_on=CELL_VOTE,
        in_favour=4,
        against=0,
    )
    assert error.params["months"] == 0


def test_a_released_introducer_no_longer_counts_at_the_cell_vote(tree):
    candidate = advance(make_candidate(tree), tree, "dossier")
    first = candidate.introducers.order_by("pk").first()
    svc.introducer_release(actor=None, introducer=first, released_on=date(2024, 4, 5), reason="Kỷ luật")
    _refused(
        "admission.introducers_count",
        svc.candidate_cell_vote,
        actor=None,
        candidate=candidate,
        held_on=CELL_VOTE,
        in_favour=4,
        against=0,
    )


# --- dossier papers -----------------------------------------------------------------------------


def test_replacing_a_paper_keeps_the_old_values_in_the_audit(tree):
    candidate = make_candidate(tree)
    svc.dossier_paper_record(
        actor=None, candidate=candidate, kind="cv", number="LL-1", issued_on=date(2024, 2, 1)
    )
    first = _audit("candidate.paper")
    assert first.before is None
    svc.dossier_paper_record(
        actor=None, candidate=candidate, kind="cv", number=" LL-2 ", issued_on=date(2024, 2, 15)
    )
    paper = candidate.papers.get()
    assert (paper.number, paper.issued_on) == ("LL-2", date(2024, 2, 15))
    entry = _audit("candidate.paper")
    assert entry.pk != first.pk
    assert entry.before == {"number": "LL-1", "issued_on": "2024-02-01"}
    assert entry.after == {"kind": "cv", "number": "LL-2", "issued_on": "2024-02-15", "scan": False}


def test_a_paper_dated_in_the_future_is_refused(tree):
    _refused(
        "date.in_future",
        svc.dossier_paper_record,
        actor=None,
        candidate=make_candidate(tree),
        kind="cv",
        number="LL-1",
        issued_on=date(2026, 6, 2),
    )


def test_a_paper_cannot_be_recorded_after_the_decision(tree):
    candidate = advance(make_candidate(tree), tree, "decided")
    _refused(
        "admission.closed",
        svc.dossier_paper_record,
        actor=None,
        candidate=candidate,
        kind="comments",
        number="2",
        issued_on=DECISION,
    )


# --- certificate ------------------------------------------------------------------------------


def _trained_long_ago(tree: Any, certificate_on: date) -> Candidate:
    """A candidate entered in 2019 whose awareness certificate is dated ``certificate_on``."""
    candidate = svc.candidate_create(actor=None, unit=tree.a1, spec=_spec(), entered_on=date(2019, 1, 10))
    svc.candidate_certificate(actor=None, candidate=candidate, number="CN-9", issued_on=certificate_on)
    introduce(candidate, tree)
    for kind in ("application", "cv", "verification", "introducer_letter", "comments"):
        svc.dossier_paper_record(
            actor=None, candidate=candidate, kind=kind, number="1", issued_on=date(2024, 2, 1)
        )
    return candidate


def test_a_certificate_older_than_sixty_months_is_refused_at_the_cell_vote(tree):
    # given a certificate of 1/3/2019 (valid through 29/2/2024) and a dossier complete on 28/2/2024
    candidate = _trained_long_ago(tree, date(2019, 3, 1))
    svc.candidate_dossier_complete(actor=None, candidate=candidate, on=date(2024, 2, 28))
    # when the chi bộ votes on 1/3/2024, the certificate has expired
    error = _refused(
        "admission.certificate_expired",
        svc.candidate_cell_vote,
        actor=None,
        candidate=candidate,
        held_on=date(2024, 3, 1),
        in_favour=4,
        against=0,
    )
    assert error.params["expired_on"] == date(2024, 3, 1)
    # the day before, it was still valid
    assert _cell_vote(candidate, held_on=date(2024, 2, 29)).passed


def test_a_certificate_older_than_sixty_months_is_refused_when_the_dossier_is_completed(tree):
    candidate = _trained_long_ago(tree, date(2019, 3, 1))
    _refused(
        "admission.certificate_expired",
        svc.candidate_dossier_complete,
        actor=None,
        candidate=candidate,
        on=date(2024, 3, 1),
    )


def test_a_certificate_without_a_number_is_refused(tree):
    _refused(
        "admission.number_required",
        svc.candidate_certificate,
        actor=None,
        candidate=make_candidate(tree),
        number=" ",
        issued_on=CERTIFICATE,
    )


def test_the_certificate_is_also_the_first_paper_of_the_dossier(tree):
    candidate = svc.candidate_certificate(
        actor=None, candidate=make_candidate(tree), number="CN-1", issued_on=CERTIFICATE
    )
    paper = candidate.papers.get(kind="certificate")
    assert (paper.number, paper.issued_on) == ("CN-1", CERTIFICATE)
    assert candidate.steps.latest("pk").reference == "CN-1"


# --- stale dossier and redo -------------------------------------------------------------------


def test_a_dossier_twelve_months_old_without_a_vote_is_refused_at_the_cell_vote(tree):
    candidate = advance(make_candidate(tree), tree, "dossier")  # complete on 1/4/2024
    _refused(
        "admission.dossier_stale",
        svc.candidate_cell_vote,
        actor=None,
        candidate=candidate,
        held_on=date(2025, 4, 1),
        in_favour=4,
        against=0,
    )
    # one day younger it could still be voted on
    assert _cell_vote(candidate, held_on=date(2025, 3, 31)).passed


def test_dossier_redo_drops_the_redo_papers_and_goes_back_to_trained(tree, board):
    # given a dossier complete on 1/4/2024, with the Đoàn resolution among its papers, and gone stale
    candidate = advance(make_candidate(tree), tree, "dossier")
    assert candidate.papers.filter(kind="youth_union_resolution").exists()
    # when it is sent back to be redone on 2/4/2025
    candidate = svc.candidate_dossier_redo(actor=board, candidate=candidate, on=date(2025, 4, 2))
    # then the introducer's letter, the Đoàn resolution and the comments are gone, the rest stays
    candidate.refresh_from_db()
    assert candidate.stage == "trained" and candidate.stage_on == date(2025, 4, 2)
    assert candidate.dossier_completed_on is None
    assert set(candidate.papers.values_list("kind", flat=True)) == {
        "certificate",
        "application",
        "cv",
        "verification",
    }
    step = candidate.steps.latest("pk")
    assert (step.stage, step.effective_on) == ("trained", date(2025, 4, 2))
    entry = _audit("candidate.dossier_redo")
    assert sorted(entry.after["dropped"]) == ["comments", "introducer_letter", "youth_union_resolution"]
    # and once the papers are redone, the dossier is complete again and the chi bộ can vote
    for kind in ("introducer_letter", "comments"):
        svc.dossier_paper_record(
            actor=None, candidate=candidate, kind=kind, number="2", issued_on=date(2025, 4, 10)
        )
    svc.candidate_dossier_complete(actor=None, candidate=candidate, on=date(2025, 4, 14))
    assert _cell_vote(candidate, held_on=date(2025, 4, 21)).passed


def test_dossier_redo_of_a_dossier_that_is_not_stale_is_refused(tree):
    candidate = advance(make_candidate(tree), tree, "dossier")
    _refused(
        "admission.dossier_not_stale",
        svc.candidate_dossier_redo,
        actor=None,
        candidate=candidate,
        on=date(2025, 3, 31),
    )


def test_dossier_redo_before_the_dossier_is_complete_is_refused(tree):
    candidate = advance(make_candidate(tree), tree, "trained")
    _refused(
        "admission.step_out_of_order",
        svc.candidate_dossier_redo,
        actor=None,
        candidate=candidate,
        on=date(2025, 4, 2),
    )


# --- age --------------------------------------------------------------------------------------


def test_a_candidate_over_sixty_is_refused_without_the_written_approval(tree):
    candidate = advance(make_candidate(tree, birth_date=date(1960, 1, 1)), tree, "dossier")
    error = _refused(
        "admission.over_age_needs_approval",
        svc.candidate_cell_vote,
        actor=None,
        candidate=candidate,
        held_on=CELL_VOTE,
        in_favour=4,
        against=0,
    )
    assert error.params["months"] == 64 * 12 + 3


def test_a_candidate_over_sixty_with_the_written_approval_is_admitted(tree):
    candidate = make_candidate(tree, birth_date=date(1960, 1, 1), over_age_approval="CV 45-CV/TU 1/3/2024")
    candidate = advance(candidate, tree, "dossier")
    assert _cell_vote(candidate).passed


# --- the đảng ủy cơ sở's resolution, and the chi bộ cơ sở --------------------------------------


def _chi_bo_co_so_candidate(tree: Any) -> Candidate:
    """A candidate of a chi bộ cơ sở (C, under the upper committee R), voted by its chi bộ."""
    c = make_unit(tree.root, "C", "chi_bo_co_so", name="Chi bộ Trường Tiểu học")
    add_members(c, official=4)
    candidate = svc.candidate_create(actor=None, unit=c, spec=_spec(), entered_on=ENTERED)
    svc.candidate_certificate(actor=None, candidate=candidate, number="CN-5", issued_on=CERTIFICATE)
    for member in _officials(c)[:2]:
        _assign(candidate, member)
    record_papers(candidate)
    svc.candidate_dossier_complete(actor=None, candidate=candidate, on=DOSSIER)
    assert _cell_vote(candidate).passed
    candidate.refresh_from_db()
    return candidate


def test_the_upper_resolution_is_refused_for_a_candidate_of_a_chi_bo_co_so(tree):
    candidate = _chi_bo_co_so_candidate(tree)
    _refused(
        "admission.step_out_of_order",
        svc.candidate_upper_resolution,
        actor=None,
        candidate=candidate,
        on=UPPER,
        number="NQ-1",
    )


def test_a_chi_bo_co_so_candidate_goes_from_the_cell_vote_to_the_upper_committees_decision(tree, board):
    candidate = _chi_bo_co_so_candidate(tree)
    candidate = svc.candidate_decide(actor=board, candidate=candidate, decided_on=DECISION, number="QĐ-7")
    assert candidate.stage == "decided" and candidate.deciding_unit == tree.root
    assert candidate.member.unit == candidate.unit and candidate.member.status == MemberStatus.PROBATIONARY


def test_a_chi_bo_truc_thuoc_candidate_cannot_skip_the_upper_resolution(tree):
    candidate = advance(make_candidate(tree), tree, "cell_resolved")
    _refused(
        "admission.step_out_of_order",
        svc.candidate_decide,
        actor=None,
        candidate=candidate,
        decided_on=DECISION,
        number="QĐ-1",
    )


def test_the_upper_resolution_without_a_number_is_refused(tree):
    candidate = advance(make_candidate(tree), tree, "cell_resolved")
    _refused(
        "admission.number_required",
        svc.candidate_upper_resolution,
        actor=None,
        candidate=candidate,
        on=UPPER,
        number=" ",
    )


def test_a_decision_received_before_it_was_signed_is_refused(tree):
    candidate = advance(make_candidate(tree), tree, "upper_resolved")
    _refused(
        "admission.step_before_previous",
        svc.candidate_decide,
        actor=None,
        candidate=candidate,
        decided_on=DECISION,
        number="QĐ-1",
        received_on=date(2024, 5, 19),
    )


# --- permissions --------------------------------------------------------------------------------


def test_a_cell_secretary_takes_the_cell_steps_but_not_the_committees(tree, board):
    secretary = user_with_role("sec-a1", "secretary", tree.a1)
    # the cell's steps
    candidate = make_candidate(tree, actor=secretary)
    svc.candidate_certificate(actor=secretary, candidate=candidate, number="CN-1", issued_on=CERTIFICATE)
    for member in _officials(tree.a1)[:2]:
        svc.introducer_assign(
            actor=secretary,
            candidate=candidate,
            member=member,
            together_since=date(2020, 1, 1),
            assigned_on=ENTERED,
            replacement=False,
        )
    record_papers(candidate)
    svc.candidate_dossier_complete(actor=secretary, candidate=candidate, on=DOSSIER)
    assert _cell_vote(candidate, actor=secretary).passed
    # the đảng ủy cơ sở's resolution needs MANAGE on A
    _not_permitted(
        svc.candidate_upper_resolution, actor=secretary, candidate=candidate, on=UPPER, number="NQ"
    )
    grassroots_secretary = user_with_role("sec-a", "secretary", tree.a)
    svc.candidate_upper_resolution(actor=grassroots_secretary, candidate=candidate, on=UPPER, number="NQ-1")
    # the decision belongs to R's standing board (A holds no delegated authority)
    for actor in (secretary, grassroots_secretary):
        _not_permitted(
            svc.candidate_decide, actor=actor, candidate=candidate, decided_on=DECISION, number="QĐ"
        )
    svc.candidate_decide(actor=board, candidate=candidate, decided_on=DECISION, number="QĐ-1")
    # the ceremony and the recognition vote are the cell's again, the recognition is not
    svc.candidate_ceremony(actor=secretary, candidate=candidate, held_on=CEREMONY)
    svc.candidate_recognition_vote(
        actor=secretary, candidate=candidate, held_on=RECOGNITION_VOTE, in_favour=4, against=0
    )
    _not_permitted(
        svc.candidate_recognise, actor=secretary, candidate=candidate, decided_on=RECOGNITION, number="QĐ"
    )
    _not_permitted(
        svc.candidate_not_recognised,
        actor=secretary,
        candidate=candidate,
        decided_on=RECOGNITION,
        number="QĐ",
        reason="x",
    )
    candidate = svc.candidate_recognise(
        actor=board, candidate=candidate, decided_on=RECOGNITION, number="QĐ-2"
    )
    assert candidate.stage == "official"


def test_with_delegated_authority_the_grassroots_secretary_decides(tree):
    tree.a.admission_authority = True
    tree.a.save(update_fields=["admission_authority"])
    candidate = advance(make_candidate(tree), tree, "upper_resolved")
    cell_secretary = user_with_role("sec-a1", "secretary", tree.a1)
    _not_permitted(
        svc.candidate_decide, actor=cell_secretary, candidate=candidate, decided_on=DECISION, number="QĐ"
    )
    grassroots_secretary = user_with_role("sec-a", "secretary", tree.a)
    candidate = svc.candidate_decide(
        actor=grassroots_secretary, candidate=candidate, decided_on=DECISION, number="QĐ-1"
    )
    assert candidate.deciding_unit == tree.a


#: Each step with the stage the candidacy must be at for it: a sibling's secretary may take none.
SIBLING_STEPS: dict[str, tuple[str | None, Callable[[Any, Candidate | None, Any], Any]]] = {
    "candidate_create": (
        None,
        lambda actor, _c, tree: svc.candidate_create(
            actor=actor, unit=tree.a1, spec=_spec(), entered_on=ENTERED
        ),
    ),
    "candidate_update": (
        "candidate",
        lambda actor, c, _t: svc.candidate_update(
            actor=actor, candidate=c, version=c.version, changes={"phone": "1"}
        ),
    ),
    "introducer_assign": (
        "candidate",
        lambda actor, c, tree: svc.introducer_assign(
            actor=actor,
            candidate=c,
            member=_officials(tree.a1)[0],
            together_since=date(2020, 1, 1),
            assigned_on=ENTERED,
            replacement=False,
        ),
    ),
    "introducer_release": (
        "dossier",
        lambda actor, c, _t: svc.introducer_release(
            actor=actor, introducer=c.introducers.first(), released_on=date(2024, 4, 5), reason="x"
        ),
    ),
    "dossier_paper_record": (
        "candidate",
        lambda actor, c, _t: svc.dossier_paper_record(
            actor=actor, candidate=c, kind="cv", number="1", issued_on=CERTIFICATE
        ),
    ),
    "candidate_certificate": (
        "candidate",
        lambda actor, c, _t: svc.candidate_certificate(
            actor=actor, candidate=c, number="1", issued_on=CERTIFICATE
        ),
    ),
    "candidate_dossier_complete": (
        "papers",
        lambda actor, c, _t: svc.candidate_dossier_complete(actor=actor, candidate=c, on=DOSSIER),
    ),
    "candidate_cell_vote": ("dossier", lambda actor, c, _t: _cell_vote(c, actor=actor)),
    "candidate_dossier_redo": (
        "dossier",
        lambda actor, c, _t: svc.candidate_dossier_redo(actor=actor, candidate=c, on=date(2025, 4, 2)),
    ),
    "candidate_upper_resolution": (
        "cell_resolved",
        lambda actor, c, _t: svc.candidate_upper_resolution(actor=actor, candidate=c, on=UPPER, number="1"),
    ),
    "candidate_decide": (
        "upper_resolved",
        lambda actor, c, _t: svc.candidate_decide(actor=actor, candidate=c, decided_on=DECISION, number="1"),
    ),
    "candidate_ceremony": (
        "decided",
        lambda actor, c, _t: svc.candidate_ceremony(actor=actor, candidate=c, held_on=CEREMONY),
    ),
    "candidate_recognition_vote": (
        "probation",
        lambda actor, c, _t: svc.candidate_recognition_vote(
            actor=actor, candidate=c, held_on=RECOGNITION_VOTE, in_favour=4, against=0
        ),
    ),
    "candidate_recognise": (
        "recognition_voted",
        lambda actor, c, _t: svc.candidate_recognise(
            actor=actor, candidate=c, decided_on=RECOGNITION, number="1"
        ),
    ),
    "candidate_not_recognised": (
        "probation",
        lambda actor, c, _t: svc.candidate_not_recognised(
            actor=actor, candidate=c, decided_on=RECOGNITION, number="1", reason="x"
        ),
    ),
    "candidate_withdraw": (
        "candidate",
        lambda actor, c, _t: svc.candidate_withdraw(actor=actor, candidate=c, on=CERTIFICATE, reason="x"),
    ),
    "candidate_reject": (
        "candidate",
        lambda actor, c, _t: svc.candidate_reject(actor=actor, candidate=c, on=CERTIFICATE, reason="x"),
    ),
    "target_set": (
        None,
        lambda actor, _c, tree: svc.target_set(actor=actor, unit=tree.a1, year=2026, target=1),
    ),
}


@pytest.mark.parametrize("name", sorted(SIBLING_STEPS))
def test_a_secretary_of_a_sibling_organisation_may_take_no_step(tree, name):
    stage, step = SIBLING_STEPS[name]
    candidate = None
    if stage is not None:
        candidate = make_candidate(tree)
    if stage == "papers":  # trained, with the introducers and papers of a complete dossier
        candidate = advance(candidate, tree, "trained")
        introduce(candidate, tree)
        record_papers(candidate)
    elif stage not in (None, "candidate"):
        candidate = advance(candidate, tree, stage)
    sibling = user_with_role("sec-b", "secretary", tree.b)
    _not_permitted(step, sibling, candidate, tree)


# --- targets ------------------------------------------------------------------------------------


def test_a_target_is_set_by_the_level_above(tree, board):
    grassroots_secretary = user_with_role("sec-a", "secretary", tree.a)
    grassroots_board = user_with_role("board-a", "org_board", tree.a)
    for actor in (grassroots_secretary, grassroots_board):
        _not_permitted(svc.target_set, actor=actor, unit=tree.a, year=2026, target=5)
    # A's secretary sets the targets of A's cells
    assert svc.target_set(actor=grassroots_secretary, unit=tree.a1, year=2026, target=2).target == 2
    row = svc.target_set(actor=board, unit=tree.a, year=2026, target=5)
    assert (row.unit, row.year, row.target) == (tree.a, 2026, 5)
    entry = _audit("admission.target_set")
    assert entry.before is None and entry.after == {"target": 5} and entry.actor == board


def test_the_top_units_target_is_refused_to_anyone_but_a_superuser(tree, board):
    _refused("admission.target_from_above", svc.target_set, actor=board, unit=tree.root, year=2026, target=9)


def test_a_negative_target_is_refused(tree, board):
    _refused("admission.target_negative", svc.target_set, actor=board, unit=tree.a, year=2026, target=-1)


@pytest.mark.parametrize("year", [TODAY.year - 2, TODAY.year + 2])
def test_a_target_for_a_year_out_of_range_is_refused(tree, board, year):
    _refused("admission.target_year", svc.target_set, actor=board, unit=tree.a, year=year, target=3)


@pytest.mark.parametrize("year", [TODAY.year - 1, TODAY.year + 1])
def test_a_target_for_last_or_next_year_is_allowed(tree, board, year):
    assert svc.target_set(actor=board, unit=tree.a, year=year, target=3).year == year


def test_setting_a_target_again_updates_it_and_audits_before_and_after(tree, board):
    svc.target_set(actor=board, unit=tree.a, year=2026, target=5)
    svc.target_set(actor=board, unit=tree.a, year=2026, target=7)
    assert list(Target.objects.values_list("unit", "year", "target")) == [(tree.a.pk, 2026, 7)]
    entry = _audit("admission.target_set")
    assert entry.before == {"target": 5} and entry.after == {"target": 7}


# --- restructuring --------------------------------------------------------------------------------


def test_merging_a_cell_moves_its_open_candidates_and_counts_them(tree, board):
    # given an open candidacy, an official member's candidacy and a withdrawn one in A1
    open_one = advance(make_candidate(tree), tree, "dossier")
    official = advance(make_candidate(tree, full_name="Phạm Văn Nam"), tree, "official")
    withdrawn = svc.candidate_withdraw(
        actor=None,
        candidate=make_candidate(tree, full_name="Đinh Thị Thu"),
        on=CERTIFICATE,
        reason="Chuyển đi",
    )
    # when A1 is merged into B1
    org_services.unit_merge(actor=board, source=tree.a1, target=tree.b1, effective_on=date(2026, 5, 4))
    # then the open candidacy follows the members, the closed ones stay where they were decided
    assert Candidate.objects.get(pk=open_one.pk).unit == tree.b1
    assert Candidate.objects.get(pk=official.pk).unit == tree.a1
    assert Candidate.objects.get(pk=withdrawn.pk).unit == tree.a1
    entry = AuditEntry.objects.get(action="unit.merge")
    assert entry.counts["candidates_moved"] == 1


def test_dissolving_a_cell_with_an_open_candidate_and_no_successor_is_refused(tree, board):
    empty = make_unit(tree.a, "E1", "chi_bo")
    candidate = svc.candidate_create(actor=None, unit=empty, spec=_spec(), entered_on=ENTERED)
    _refused(
        "restructure.dissolve_not_empty",
        org_services.unit_dissolve,
        actor=board,
        unit=empty,
        effective_on=date(2026, 5, 4),
    )
    empty.refresh_from_db()
    assert empty.dissolved_on is None
    # once the candidacy is closed the cell can be dissolved
    svc.candidate_withdraw(actor=None, candidate=candidate, on=date(2024, 2, 1), reason="Chuyển đi")
    org_services.unit_dissolve(actor=board, unit=empty, effective_on=date(2026, 5, 4))


def test_dissolving_a_cell_into_a_successor_moves_its_open_candidates(tree, board):
    empty = make_unit(tree.a, "E1", "chi_bo")
    candidate = svc.candidate_create(actor=None, unit=empty, spec=_spec(), entered_on=ENTERED)
    org_services.unit_dissolve(actor=board, unit=empty, effective_on=date(2026, 5, 4), successor=tree.a1)
    assert Candidate.objects.get(pk=candidate.pk).unit == tree.a1
    assert AuditEntry.objects.get(action="unit.dissolve").counts["candidates_moved"] == 1


def test_merging_a_cell_with_candidates_into_a_committee_is_refused(tree, board):
    empty = make_unit(tree.a, "E1", "chi_bo")
    svc.candidate_create(actor=None, unit=empty, spec=_spec(), entered_on=ENTERED)
    _refused(
        "unit.holds_no_members",
        org_services.unit_merge,
        actor=board,
        source=empty,
        target=tree.b,
        effective_on=date(2026, 5, 4),
    )


def test_splitting_off_every_member_and_dissolving_a_cell_with_an_open_candidate_is_refused(tree, board):
    # given A1 with an open candidacy
    candidate = advance(make_candidate(tree), tree, "dossier")
    members = list(Member.objects.filter(unit=tree.a1).values_list("pk", flat=True))
    before = _writes()
    # when A1 is split into a new cell taking every member, and dissolved
    with pytest.raises(RuleViolation) as raised:
        org_services.unit_split(
            actor=board,
            source=tree.a1,
            parts=[org_services.SplitPart(code="A9", name="Chi bộ mới", member_ids=members)],
            effective_on=date(2026, 5, 4),
            dissolve_source=True,
        )
    # then it is refused like a dissolution without a successor: the open candidacy would be left
    # in a dissolved cell, where no step can be taken and no restructuring would ever move it
    assert raised.value.code in ("restructure.source_not_empty", "restructure.dissolve_not_empty")
    assert _writes() == before
    tree.a1.refresh_from_db()
    assert tree.a1.dissolved_on is None
    assert Candidate.objects.get(pk=candidate.pk).unit == tree.a1


# --- the unit's delegated authority -----------------------------------------------------------


def test_admission_authority_on_a_chi_bo_is_refused(tree, board):
    _refused(
        "unit.authority_level", org_services.unit_update, actor=board, unit=tree.a1, admission_authority=True
    )


def test_admission_authority_is_granted_from_the_level_above(tree, board):
    for role in ("secretary", "org_board"):
        own = user_with_role(f"{role}-a", role, tree.a)
        _not_permitted(org_services.unit_update, actor=own, unit=tree.a, admission_authority=True)
    tree.a.refresh_from_db()
    assert not tree.a.admission_authority
    org_services.unit_update(actor=board, unit=tree.a, admission_authority=True)
    tree.a.refresh_from_db()
    assert tree.a.admission_authority
    assert svc.deciding_unit_for(tree.a1) == tree.a
    entry = AuditEntry.objects.filter(action="unit.update").latest("pk")
    assert entry.before["admission_authority"] is False and entry.after["admission_authority"] is True


def test_admission_authority_is_withdrawn_from_the_level_above_too(tree, board):
    org_services.unit_update(actor=board, unit=tree.a, admission_authority=True)
    own = user_with_role("board-a", "org_board", tree.a)
    _not_permitted(org_services.unit_update, actor=own, unit=tree.a, admission_authority=False)
    # the unit's own board still edits its other details
    org_services.unit_update(actor=own, unit=tree.a, admission_authority=True, workers_count=12)
    tree.a.refresh_from_db()
    assert tree.a.workers_count == 12 and tree.a.admission_authority


# --- closing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("close", [svc.candidate_withdraw, svc.candidate_reject])
def test_closing_a_candidacy_needs_a_reason(tree, close):
    _refused(
        "admission.reason_required",
        close,
        actor=None,
        candidate=make_candidate(tree),
        on=CERTIFICATE,
        reason=" ",
    )


def test_a_closed_candidacy_takes_no_further_step(tree):
    candidate = svc.candidate_reject(
        actor=None, candidate=make_candidate(tree), on=CERTIFICATE, reason="Không đủ tiêu chuẩn"
    )
    _refused(
        "admission.step_out_of_order",
        svc.candidate_certificate,
        actor=None,
        candidate=candidate,
        number="CN",
        issued_on=date(2024, 3, 5),
    )
    _refused(
        "admission.closed",
        svc.introducer_assign,
        actor=None,
        candidate=candidate,
        member=_officials(tree.a1)[0],
        together_since=date(2020, 1, 1),
        assigned_on=date(2024, 3, 5),
        replacement=False,
    )


def test_not_recognised_needs_a_reason(tree):
    candidate = advance(make_candidate(tree), tree, "probation")
    _refused(
        "admission.reason_required",
        svc.candidate_not_recognised,
        actor=None,
        candidate=candidate,
        decided_on=RECOGNITION,
        number="QĐ-9",
        reason="",
    )
