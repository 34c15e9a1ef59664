"""The evaluation services: tables, self-assessment, review, decision, corrections, organisations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from chibo.core.models import AuditEntry
from chibo.core.regulations import today
from chibo.core.scoping import NotPermitted
from chibo.core.testing import user_with_role
from chibo.evaluations import services as svc
from chibo.evaluations.models import Correction, Criterion, MemberEvaluation, ScoringTable, UnitEvaluation
from chibo.evaluations.tests.conftest import CRITERIA, YEAR, full_points, link, make_table, official_members
from chibo.members.models import Member
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


def _writes() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (AuditEntry, ScoringTable, Criterion, MemberEvaluation, UnitEvaluation, Correction)
    )


def _refused(call: Any, **kwargs: Any) -> str:
    before = _writes()
    with pytest.raises(RuleViolation) as raised:
        call(**kwargs)
    assert _writes() == before, "a refused call wrote something"
    return raised.value.code


def _review(member: Any, score: Any = 80, actor: Any = None, **conditions: Any) -> MemberEvaluation:
    return svc.member_evaluation_review(
        actor=actor,
        member=member,
        year=YEAR,
        score=score,
        on=today(),
        conditions=svc.Conditions(**conditions),
    )


EXCELLENT = {"exceeding_share": Decimal("0.5")}


# --- scoring tables -----------------------------------------------------------------------------


def test_a_table_totalling_30_and_70_is_saved_with_its_audit_entry(tree, board):
    table = svc.scoring_table_save(actor=board, unit=tree.a, year=YEAR, subject="member", criteria=CRITERIA)
    assert [c.code for c in table.criteria.all()] == ["1", "2", "3", "4"]
    entry = AuditEntry.objects.get(action="evaluation.table_save")
    assert entry.actor == board and entry.unit == tree.a and entry.before is None
    # saved again with other criteria: replaced, the old ones in the audit entry's before
    changed = [*CRITERIA[:2], svc.CriterionSpec("tasks", "9", "All tasks", Decimal(70))]
    svc.scoring_table_save(actor=board, unit=tree.a, year=YEAR, subject="member", criteria=changed)
    assert list(table.criteria.values_list("code", flat=True)) == ["1", "2", "9"]
    assert (
        len(
            AuditEntry.objects.filter(action="evaluation.table_save").order_by("pk").last().before["criteria"]
        )
        == 4
    )


@pytest.mark.parametrize(
    ("criteria", "code"),
    [
        (CRITERIA[:3], "evaluation.table_totals"),  # tasks total 50
        ([*CRITERIA, svc.CriterionSpec("common", "5", "Extra", Decimal(1))], "evaluation.table_totals"),
        (
            [*CRITERIA[:3], svc.CriterionSpec("tasks", "3", "Twice", Decimal(20))],
            "evaluation.criterion_codes",
        ),
        ([*CRITERIA[:3], svc.CriterionSpec("bonus", "5", "Bonus", Decimal(20))], "evaluation.group_unknown"),
    ],
)
def test_a_table_not_totalling_30_and_70_is_refused_and_nothing_written(tree, board, criteria, code):
    assert (
        _refused(
            svc.scoring_table_save, actor=board, unit=tree.a, year=YEAR, subject="member", criteria=criteria
        )
        == code
    )


def test_a_table_needs_manage_on_the_owning_unit(tree):
    viewer = user_with_role("viewer-a", "viewer", tree.a)
    with pytest.raises(NotPermitted):
        svc.scoring_table_save(actor=viewer, unit=tree.a, year=YEAR, subject="member", criteria=CRITERIA)
    assert not ScoringTable.objects.exists()


def test_the_nearest_table_of_the_year_applies(tree):
    root_table = make_table(tree.root)
    own = make_table(tree.a)
    make_table(tree.b, year=YEAR - 1)
    assert svc.applicable_table(tree.a1, YEAR, "member") == own
    assert svc.applicable_table(tree.b1, YEAR, "member") == root_table
    assert svc.applicable_table(tree.b1, YEAR - 2, "member") is None
    assert svc.applicable_table(tree.a1, YEAR, "unit") is None


def test_last_years_table_is_copied(tree, board):
    make_table(tree.root, year=YEAR - 1)
    table = svc.scoring_table_copy(actor=board, unit=tree.a, year=YEAR, subject="member")
    assert table.unit == tree.a and table.criteria.count() == 4
    assert AuditEntry.objects.filter(action="evaluation.table_copy", actor=board).count() == 1
    assert _refused(svc.scoring_table_copy, actor=board, unit=tree.a, year=YEAR, subject="member") == (
        "evaluation.table_exists"
    )
    assert _refused(svc.scoring_table_copy, actor=board, unit=tree.b, year=YEAR - 5, subject="member") == (
        "evaluation.no_table_to_copy"
    )


# --- self-assessment ----------------------------------------------------------------------------


def test_the_member_self_assesses_with_their_own_account(tree, table):
    member = official_members(tree)[0]
    user = link(member, "dangvien1")
    evaluation = svc.member_self_assess(
        actor=user, member=member, year=YEAR, points=full_points(**{"3": "39.5"}), text="Tôi đã hoàn thành"
    )
    assert evaluation.status == "self_assessed" and evaluation.self_score == Decimal("89.5")
    assert evaluation.self_grade == "HTTNV" and evaluation.self_on == today()
    assert evaluation.grassroots == tree.a and evaluation.unit == tree.a1
    entry = AuditEntry.objects.get(action="evaluation.self_assess")
    assert entry.actor == user and entry.after["score"] == "89.5"


def test_another_account_cannot_self_assess_for_a_member(tree, table, board):
    member, other = official_members(tree)[:2]
    link(member, "dangvien1")
    stranger = link(other, "dangvien2")
    for actor in (stranger, board):
        code = _refused(svc.member_self_assess, actor=actor, member=member, year=YEAR, points=full_points())
        assert code == "evaluation.not_your_record"


@pytest.mark.parametrize(
    ("points", "code"),
    [
        (full_points(**{"1": 16}), "evaluation.points_range"),
        (full_points(**{"1": -1}), "evaluation.points_range"),
        ({"1": 10, "2": 10, "3": 10}, "evaluation.points_missing"),
        ({**full_points(), "99": 1}, "evaluation.criterion_unknown"),
    ],
)
def test_points_outside_the_table_are_refused(tree, table, points, code):
    member = official_members(tree)[0]
    user = link(member, "dangvien1")
    assert _refused(svc.member_self_assess, actor=user, member=member, year=YEAR, points=points) == code


def test_self_assessment_needs_a_table(tree):
    member = official_members(tree)[0]
    user = link(member, "dangvien1")
    code = _refused(svc.member_self_assess, actor=user, member=member, year=YEAR, points=full_points())
    assert code == "evaluation.no_table"


# --- review -------------------------------------------------------------------------------------


def test_the_cell_reviews_and_proposes_the_grade_of_the_score_and_conditions(tree, board, table):
    member = official_members(tree)[0]
    user = link(member, "dangvien1")
    svc.member_self_assess(actor=user, member=member, year=YEAR, points=full_points())
    evaluation = _review(member, 95, actor=board, **EXCELLENT)
    assert evaluation.status == "reviewed" and evaluation.proposed_grade == "HTXSNV"
    assert evaluation.self_score == 100  # the self-assessment is kept beside the review
    # a task late: not excellent, not good
    assert _review(official_members(tree)[1], 95, late_share=Decimal("0.1")).proposed_grade == "HTNV"
    assert _review(official_members(tree)[2], 95).proposed_grade == "HTTNV"  # exceeding share not recorded
    assert AuditEntry.objects.filter(action="evaluation.review", actor=board).count() == 1


@pytest.mark.parametrize("score", [101, -1, "abc", "NaN"])
def test_a_score_outside_0_to_100_is_refused_and_nothing_written(tree, board, score):
    member = official_members(tree)[0]
    code = _refused(
        svc.member_evaluation_review, actor=board, member=member, year=YEAR, score=score, on=today()
    )
    assert code == "evaluation.score_range"


def test_the_review_needs_manage_on_the_members_cell(tree):
    member = official_members(tree)[0]
    for user in (user_with_role("sib", "secretary", tree.b), user_with_role("view", "viewer", tree.a)):
        with pytest.raises(NotPermitted):
            _review(member, actor=user)
    assert not MemberEvaluation.objects.exists()


def test_a_review_in_the_future_or_for_a_future_year_is_refused(tree, board):
    member = official_members(tree)[0]
    later = today().replace(year=today().year + 1)
    code = _refused(svc.member_evaluation_review, actor=board, member=member, year=YEAR, score=80, on=later)
    assert code == "date.in_future"
    code = _refused(
        svc.member_evaluation_review, actor=board, member=member, year=today().year + 1, score=80, on=today()
    )
    assert code == "evaluation.year_range"


def test_after_the_review_the_member_can_no_longer_self_assess(tree, table):
    member = official_members(tree)[0]
    user = link(member, "dangvien1")
    _review(member)
    code = _refused(svc.member_self_assess, actor=user, member=member, year=YEAR, points=full_points())
    assert code == "evaluation.already_reviewed"


def test_a_probationary_member_is_capped_when_the_profile_sets_a_cap(tree, settings):
    probationary = Member.objects.get(unit=tree.a1, status="probationary")
    assert _review(probationary, 95, **EXCELLENT).proposed_grade == "HTXSNV"  # no cap by default (L)
    MemberEvaluation.objects.all().delete()
    settings.CHIBO_REGULATION_OVERRIDES = {"probationary_member_grade_cap": "HTTNV"}
    assert _review(probationary, 95, **EXCELLENT).proposed_grade == "HTTNV"


def _discipline(tree: Any, decided_on: Any, member: Any = None, target_unit: Any = None) -> None:
    from chibo.discipline import services as discipline

    discipline.case_record_decided(
        actor=None, unit=tree.a, member=member, target_unit=target_unit, category="law",
        description="Vi phạm",
        violation_on=decided_on.replace(month=1, day=5), form="khien_trach", decided_on=decided_on,
        decision_number="7-QĐ/UBKT", deciding_body="Đảng ủy",
    )  # fmt: skip


def test_a_member_disciplined_in_the_year_is_capped_at_khtnv(tree, board):
    from datetime import date

    member, other = official_members(tree)[:2]
    _discipline(tree, date(YEAR, 5, 5), member=member)
    _discipline(tree, date(YEAR - 1, 5, 5), member=other)  # one violation counts once: not this year
    evaluation = _review(member, 95, **EXCELLENT)
    assert evaluation.disciplined and evaluation.proposed_grade == "KHTNV"
    assert _review(other, 80).proposed_grade == "HTTNV"
    # the committee may not grade them better
    code = _refused(
        svc.member_grades_decide, actor=board, unit=tree.a, year=YEAR, decision_number="1",
        decided_on=today(), grades={evaluation.pk: "HTNV"},
    )  # fmt: skip
    assert code == "evaluation.grade_capped"


def test_a_discipline_recorded_after_the_review_still_caps_the_decision(tree, board):
    from datetime import date

    member = official_members(tree)[0]
    _review(member, 80)
    _discipline(tree, date(YEAR, 11, 5), member=member)
    _decide(tree.a, board)
    evaluation = MemberEvaluation.objects.get(member=member)
    assert evaluation.grade == "KHTNV" and evaluation.disciplined and evaluation.proposed_grade == "HTTNV"


def test_an_organisation_with_a_disciplined_subordinate_is_not_excellent(tree):
    from datetime import date

    _discipline(tree, date(YEAR, 6, 1), target_unit=tree.a1)
    assert _unit_review(tree.a, 95, **EXCELLENT).proposed_grade == "HTTNV"
    assert _unit_review(tree.b, 95, **EXCELLENT).proposed_grade == "HTXSNV"


# --- decision -----------------------------------------------------------------------------------


def _decide(unit: Any, actor: Any = None, **kwargs: Any) -> int:
    return svc.member_grades_decide(
        actor=actor, unit=unit, year=YEAR, decision_number="12-QĐ/ĐU", decided_on=today(), **kwargs
    )


def test_the_grassroots_committee_decides_all_reviewed_members_in_one_step(tree, board):
    members = official_members(tree)
    for member in members:
        _review(member, 80)
    assert _decide(tree.a, board) == 4
    assert set(MemberEvaluation.objects.values_list("status", "grade")) == {("decided", "HTTNV")}
    entry = AuditEntry.objects.get(action="evaluation.decide")
    assert entry.actor == board and entry.counts["decided"] == 4 and entry.counts["HTTNV"] == 4
    assert entry.note == "12-QĐ/ĐU"
    # a decided grade changes only through a correction
    assert _refused(
        svc.member_evaluation_review, actor=board, member=members[0], year=YEAR, score=50, on=today()
    ) == ("evaluation.already_decided")


def test_deciding_before_the_review_is_refused(tree, board, table):
    members = official_members(tree)
    _review(members[0])
    user = link(members[1], "dangvien2")
    svc.member_self_assess(actor=user, member=members[1], year=YEAR, points=full_points())
    code = _refused(
        svc.member_grades_decide, actor=board, unit=tree.a, year=YEAR, decision_number="1", decided_on=today()
    )
    assert code == "evaluation.not_reviewed"
    MemberEvaluation.objects.filter(status="reviewed").delete()
    MemberEvaluation.objects.all().delete()
    code = _refused(
        svc.member_grades_decide, actor=board, unit=tree.a, year=YEAR, decision_number="1", decided_on=today()
    )
    assert code == "evaluation.nothing_to_decide"


def test_a_decision_breaking_the_20_percent_quota_is_refused_and_nothing_written(tree, board):
    # 4 good members allow int(4 × 20%) = 0 excellent
    members = official_members(tree)
    _review(members[0], 95, **EXCELLENT)
    for member in members[1:]:
        _review(member, 80)
    code = _refused(
        svc.member_grades_decide, actor=board, unit=tree.a, year=YEAR, decision_number="1", decided_on=today()
    )
    assert code == "evaluation.quota_exceeded"
    assert not MemberEvaluation.objects.filter(status="decided").exists()
    # the committee lowers the excellent proposal: decided
    excellent = MemberEvaluation.objects.get(member=members[0])
    assert _decide(tree.a, board, grades={excellent.pk: "HTTNV"}) == 4


def test_the_quota_counts_the_grades_already_decided_that_year(tree, board):
    from chibo.core.testing import add_members

    add_members(tree.a1, official=6, prefix="Phạm Văn")
    members = official_members(tree)  # 10
    for member in members[:5]:
        _review(member, 80)
    _decide(tree.a)  # 5 HTTNV
    for member in members[5:9]:
        _review(member, 80)
    _review(members[9], 95, **EXCELLENT)
    _decide(tree.a)  # 9 HTTNV + 1 HTXSNV: allowed 1
    assert MemberEvaluation.objects.filter(grade="HTXSNV").count() == 1


def test_only_the_grassroots_committee_decides(tree):
    _review(official_members(tree)[0])
    cell_secretary = user_with_role("cell", "secretary", tree.a1)
    with pytest.raises(NotPermitted):
        _decide(tree.a, cell_secretary)
    code = _refused(
        svc.member_grades_decide, actor=None, unit=tree.a1, year=YEAR, decision_number="1", decided_on=today()
    )
    assert code == "evaluation.not_grassroots"


# --- corrections ---------------------------------------------------------------------------------


def _decided(tree: Any, grade_score: int = 80) -> MemberEvaluation:
    for member in official_members(tree):
        _review(member, grade_score)
    _decide(tree.a)
    return MemberEvaluation.objects.order_by("pk").first()


def test_a_decided_grade_is_corrected_with_its_reason_and_decision(tree, board):
    evaluation = _decided(tree)
    correction = svc.member_grade_correct(
        actor=board, evaluation=evaluation, grade="HTNV", reason="Vi phạm phát hiện sau",
        decision_number="20-QĐ",
        decided_on=today(),
    )  # fmt: skip
    evaluation.refresh_from_db()
    assert evaluation.grade == "HTNV" and (correction.old_grade, correction.new_grade) == ("HTTNV", "HTNV")
    entry = AuditEntry.objects.get(action="evaluation.correct")
    assert entry.before == {"grade": "HTTNV"} and entry.after["grade"] == "HTNV" and entry.actor == board


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"reason": "  "}, "admission.reason_required"),
        ({"decision_number": ""}, "admission.number_required"),
        ({"grade": "HTTNV"}, "evaluation.grade_unchanged"),
        ({"grade": "HTXSNV"}, "evaluation.quota_exceeded"),  # 3 HTTNV left: no excellent allowed
        ({"grade": "XYZ"}, "evaluation.grade_unknown"),
    ],
)
def test_a_correction_without_reason_or_breaking_the_quota_is_refused(tree, board, changes, code):
    evaluation = _decided(tree)
    values = {"grade": "HTNV", "reason": "Lý do", "decision_number": "2", "decided_on": today(), **changes}
    assert _refused(svc.member_grade_correct, actor=board, evaluation=evaluation, **values) == code


def test_an_undecided_grade_is_not_corrected(tree, board):
    evaluation = _review(official_members(tree)[0])
    code = _refused(
        svc.member_grade_correct, actor=board, evaluation=evaluation, grade="HTNV", reason="x",
        decision_number="2", decided_on=today(),
    )  # fmt: skip
    assert code == "evaluation.not_decided"


# --- organisations ---------------------------------------------------------------------------------


def _unit_review(unit: Any, score: Any = 80, actor: Any = None, **kwargs: Any) -> UnitEvaluation:
    conditions = svc.Conditions(**{k: kwargs.pop(k) for k in list(kwargs) if k != "subordinate_disciplined"})
    return svc.unit_evaluation_review(
        actor=actor, unit=unit, year=YEAR, score=score, on=today(), conditions=conditions, **kwargs
    )


def test_an_organisation_is_reviewed_and_decided_by_the_upper_committee(tree, board):
    evaluation = _unit_review(tree.a, 92, actor=board, **EXCELLENT)
    assert evaluation.deciding == tree.root and evaluation.proposed_grade == "HTXSNV"
    assert _unit_review(tree.a1, 92, subordinate_disciplined=True, **EXCELLENT).proposed_grade == "HTTNV"
    assert _unit_review(tree.b, 60, late_share=Decimal("0.3")).proposed_grade == "KHTNV"  # >20% late
    # A's committee cannot decide its own grade
    a_board = user_with_role("a-board", "org_board", tree.a)
    with pytest.raises(NotPermitted):
        svc.unit_grades_decide(
            actor=a_board, unit=tree.root, year=YEAR, decision_number="1", decided_on=today()
        )
    # R decides A and B: 1 excellent and 0 good breaks the quota
    code = _refused(
        svc.unit_grades_decide,
        actor=board,
        unit=tree.root,
        year=YEAR,
        decision_number="1",
        decided_on=today(),
    )
    assert code == "evaluation.quota_exceeded"
    ev_a = UnitEvaluation.objects.get(unit=tree.a)
    decided = svc.unit_grades_decide(
        actor=board, unit=tree.root, year=YEAR, decision_number="5-QĐ/ĐU", decided_on=today(),
        grades={ev_a.pk: "HTTNV"},
    )  # fmt: skip
    assert decided == 2
    assert dict(UnitEvaluation.objects.filter(deciding=tree.root).values_list("unit__code", "grade")) == {
        "A": "HTTNV",
        "B": "KHTNV",
    }
    assert AuditEntry.objects.filter(action="evaluation.unit_decide", actor=board).count() == 1
    correction = svc.unit_grade_correct(
        actor=board, evaluation=ev_a, grade="HTNV", reason="Kết luận kiểm tra", decision_number="9",
        decided_on=today(),
    )  # fmt: skip
    assert correction.unit == tree.a and correction.unit_evaluation == ev_a


def test_the_root_has_no_upper_committee(tree):
    code = _refused(svc.unit_evaluation_review, actor=None, unit=tree.root, year=YEAR, score=80, on=today())
    assert code == "evaluation.no_upper_committee"


# --- history ---------------------------------------------------------------------------------------


def test_past_grades_load_in_bulk_with_the_quota_checked(tree, board):
    members = official_members(tree)
    grades = {m.pk: "HTTNV" for m in members}
    done = svc.evaluations_history_load(
        actor=board, unit=tree.root, year=2022, member_grades=grades, unit_grades={tree.a.pk: "HTTNV"},
        decided_on=today(), decision_number="H-1",
    )  # fmt: skip
    assert done == {"members": 4, "units": 1}
    assert AuditEntry.objects.filter(action="evaluation.history_load").get().counts == done
    grades[members[0].pk] = "HTXSNV"
    code = _refused(
        svc.evaluations_history_load, actor=board, unit=tree.root, year=2021, member_grades=grades,
        unit_grades={}, decided_on=today(), decision_number="H-1",
    )  # fmt: skip
    assert code == "evaluation.quota_exceeded"
