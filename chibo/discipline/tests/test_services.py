"""Discipline services: steps in order, forms, limitation, announcement, expulsion, programmes."""

from __future__ import annotations

from datetime import date

import pytest

from chibo.core.models import AuditEntry
from chibo.core.scoping import NotPermitted
from chibo.core.testing import user_with_role
from chibo.discipline import services as svc
from chibo.discipline.models import Case, Programme
from chibo.discipline.tests.conftest import (
    ANNOUNCED,
    DECIDED,
    REVIEWED,
    VIOLATION,
    advance,
    official_of,
    open_case,
    probationary_of,
)
from chibo.members import services as mem
from chibo.members.models import Member, MemberEvent, MemberStatus
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


def _writes() -> tuple[int, ...]:
    return (AuditEntry.objects.count(), Case.objects.count(), MemberEvent.objects.count())


def _refused(call, **kwargs) -> str:  # type: ignore[no-untyped-def]
    before = _writes()
    with pytest.raises(Exception) as raised:
        call(**kwargs)
    assert _writes() == before, "a refusal writes nothing"
    return getattr(raised.value, "code", type(raised.value).__name__)


def _decide(case: Case, form: str, on: date = DECIDED) -> Case:
    return svc.case_decide(
        actor=None, case=case, form=form, decided_on=on, decision_number="02-QĐ", deciding_body="Đảng ủy"
    )


def test_a_case_goes_through_its_steps_with_one_audit_entry_each(tree, inspector):
    case = open_case(tree)
    before = AuditEntry.objects.count()
    case = svc.case_report(actor=inspector, case=case, on=date(2025, 4, 10), note="Tự kiểm điểm")
    case = svc.case_review(actor=inspector, case=case, on=REVIEWED, body="Ủy ban kiểm tra")
    case = _decide(case, "canh_cao")
    case = svc.case_announce(actor=inspector, case=case, on=ANNOUNCED)
    case.refresh_from_db()
    assert case.state == Case.State.ANNOUNCED and case.form == "canh_cao"
    assert case.effect_ends_on == date(2026, 5, 10)  # 12 months after the announcement
    actions = list(AuditEntry.objects.filter(pk__gt=0).order_by("pk").values_list("action", flat=True))[
        before:
    ]
    assert actions == [
        "discipline.case_report",
        "discipline.case_review",
        "discipline.case_decide",
        "discipline.case_announce",
    ]
    assert AuditEntry.objects.filter(action="discipline.case_announce").get().actor_id == inspector.pk


def test_a_probationary_member_gets_only_reprimand_or_warning(tree):
    case = advance(open_case(tree, probationary_of(tree.a1)), "reviewed")
    for form in ("cach_chuc", "khai_tru"):
        assert _refused(_decide, case=case, form=form) == "discipline.form_not_allowed"
    assert Case.objects.get(pk=case.pk).state == Case.State.REVIEWED
    assert _decide(case, "canh_cao").form == "canh_cao"


def test_removal_from_office_needs_an_office(tree):
    member = official_of(tree.a1)
    case = advance(open_case(tree, member), "reviewed")
    assert _refused(_decide, case=case, form="cach_chuc") == "discipline.form_not_allowed"
    mem.member_update(actor=None, member=member, version=member.version, changes={"position": "Trưởng phòng"})
    decided = _decide(case, "cach_chuc")
    assert decided.holds_office is True


def test_an_organisation_gets_reprimand_warning_or_dissolution(tree):
    case = advance(open_case(tree, target_unit=tree.a1), "reviewed")
    for form in ("cach_chuc", "khai_tru"):
        assert _refused(_decide, case=case, form=form) == "discipline.form_not_allowed"
    assert _decide(case, "giai_tan").form == "giai_tan"
    announced = svc.case_announce(actor=None, case=case, on=ANNOUNCED)
    assert announced.effect_ends_on is None  # giải tán stays in effect
    tree.a1.refresh_from_db()
    assert tree.a1.dissolved_on is None  # the board dissolves the unit through the restructuring


def test_an_organisation_case_belongs_to_a_committee_above_it(tree):
    code = _refused(
        svc.case_open, actor=None, unit=tree.a1, target_unit=tree.a1, category="principles",
        description="x", violation_on=VIOLATION, opened_on=date(2025, 4, 1),
    )  # fmt: skip
    assert code == "discipline.target_outside"


def test_a_member_outside_the_committee_subtree_is_refused(tree):
    code = _refused(open_case, tree=tree, member=official_of(tree.b1))
    assert code == "discipline.target_outside"


def test_a_decision_after_the_limitation_period_is_refused(tree):
    # a reprimand-level violation of 1/3/2019: 5 years end on 1/3/2024
    case = open_case(tree, violation_on=date(2019, 3, 1), opened_on=date(2024, 2, 1))
    case = svc.case_report(actor=None, case=case, on=date(2024, 2, 5))
    case = svc.case_review(actor=None, case=case, on=date(2024, 2, 10), body="Chi bộ")
    code = _refused(_decide, case=case, form="khien_trach", on=date(2024, 3, 1))
    assert code == "discipline.limitation_passed"
    assert _decide(case, "khien_trach", on=date(2024, 2, 29)).decided_on == date(2024, 2, 29)


def test_a_warning_has_ten_years_and_some_categories_no_limit(tree):
    old = date(2016, 1, 10)
    case = advance(open_case(tree, violation_on=old, opened_on=date(2025, 4, 1)), "reviewed")
    assert _refused(_decide, case=case, form="khien_trach") == "discipline.limitation_passed"
    assert _decide(case, "canh_cao").form == "canh_cao"  # 10 years: until 10/1/2026
    ancient = open_case(tree, violation_on=date(2001, 1, 1), category="diploma", opened_on=date(2025, 4, 1))
    assert _decide(advance(ancient, "reviewed"), "khien_trach").form == "khien_trach"


def test_steps_out_of_order_are_refused(tree):
    case = open_case(tree)
    assert _refused(_decide, case=case, form="khien_trach") == "discipline.step_out_of_order"
    assert _refused(svc.case_announce, actor=None, case=case, on=ANNOUNCED) == "discipline.step_out_of_order"
    code = _refused(svc.case_review, actor=None, case=case, on=REVIEWED, body="Chi bộ")
    assert code == "discipline.step_out_of_order"
    code = _refused(svc.case_report, actor=None, case=case, on=date(2025, 3, 20))  # before the opening
    assert code == "discipline.step_before_previous"


def test_an_announcement_before_the_decision_is_refused(tree):
    case = advance(open_case(tree), "decided")
    code = _refused(svc.case_announce, actor=None, case=case, on=date(2025, 5, 4))
    assert code == "discipline.step_before_previous"
    assert Case.objects.get(pk=case.pk).state == Case.State.DECIDED


def test_dates_in_the_future_are_refused(tree):
    case = open_case(tree)
    assert _refused(svc.case_report, actor=None, case=case, on=date(2099, 1, 1)) == "date.in_future"


def test_expulsion_makes_the_member_leave_on_announcement(tree, inspector):
    member = official_of(tree.a1)
    case = advance(open_case(tree, member), "decided", form="khai_tru")
    svc.case_announce(actor=inspector, case=case, on=ANNOUNCED)
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT and member.leave_reason == "expelled"
    assert member.left_on == ANNOUNCED
    assert member.events.filter(kind=MemberEvent.Kind.LEFT, effective_on=ANNOUNCED).exists()
    assert AuditEntry.objects.filter(action="discipline.case_announce", actor=inspector).count() == 1


def test_an_expulsion_the_member_services_refuse_writes_nothing(tree):
    member = official_of(tree.a1)
    case = advance(open_case(tree, member), "decided", form="khai_tru")
    # the member moved after the decision: leaving before that event is out of order
    mem.member_transfer_internal(actor=None, member=member, to_unit=tree.b1, effective_on=date(2025, 6, 1))
    before = (_writes(), Member.objects.get(pk=member.pk).status)
    with pytest.raises(RuleViolation) as raised:
        svc.case_announce(actor=None, case=case, on=date(2025, 5, 20))
    assert raised.value.code == "member.event_out_of_order"
    assert (_writes(), Member.objects.get(pk=member.pk).status) == before
    assert Case.objects.get(pk=case.pk).state == Case.State.DECIDED


def test_a_complaint_suspends_the_end_until_the_ruling(tree):
    case = advance(open_case(tree), "announced")
    case = svc.case_complaint(actor=None, case=case, on=date(2025, 5, 20))
    assert case.effect_ends_on is None
    code = _refused(svc.case_complaint, actor=None, case=case, on=date(2025, 5, 21))
    assert code == "discipline.complaint_recorded"
    case = svc.case_complaint_ruling(actor=None, case=case, on=date(2025, 8, 1), ruling="Giữ nguyên")
    assert case.effect_ends_on == date(2026, 8, 1)
    assert _refused(svc.case_complaint_ruling, actor=None, case=case, on=date(2025, 8, 2), ruling="x") == (
        "discipline.no_pending_complaint"
    )


def test_annulment_ends_the_discipline(tree):
    case = advance(open_case(tree), "announced")
    assert _refused(svc.case_annul, actor=None, case=case, on=date(2025, 5, 1), decision="QĐ-9") == (
        "discipline.step_before_previous"
    )
    case = svc.case_annul(actor=None, case=case, on=date(2025, 6, 1), decision="QĐ-9/UBKT")
    assert case.state == Case.State.ANNULLED and case.annulled_on == date(2025, 6, 1)


def test_record_decided_checks_like_the_steps(tree):
    member = probationary_of(tree.a1)
    kwargs = dict(
        actor=None, unit=tree.a, member=member, category="law", description="Vi phạm pháp luật",
        violation_on=VIOLATION, decided_on=DECIDED, decision_number="3-QĐ", deciding_body="Đảng ủy",
    )  # fmt: skip
    assert _refused(svc.case_record_decided, form="khai_tru", **kwargs) == "discipline.form_not_allowed"
    code = _refused(svc.case_record_decided, form="canh_cao", announced_on=date(2025, 5, 1), **kwargs)
    assert code == "discipline.step_before_previous"
    case = svc.case_record_decided(form="canh_cao", announced_on=ANNOUNCED, **kwargs)
    assert case.state == Case.State.ANNOUNCED and case.effect_ends_on == date(2026, 5, 10)


def test_record_decided_expulsion_makes_the_member_leave(tree):
    member = official_of(tree.a1)
    svc.case_record_decided(
        actor=None, unit=tree.a, member=member, category="corruption", description="Tham ô",
        violation_on=VIOLATION, form="khai_tru", decided_on=DECIDED, decision_number="4-QĐ",
        deciding_body="Ban Thường vụ", announced_on=ANNOUNCED,
    )  # fmt: skip
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT and member.leave_reason == "expelled"


def test_a_member_who_left_cannot_be_disciplined(tree):
    member = official_of(tree.a1)
    mem.member_leave(actor=None, member=member, reason="resigned", on=date(2025, 1, 1))
    member.refresh_from_db()
    assert _refused(open_case, tree=tree, member=member) == "discipline.member_left"


def test_only_discipline_holders_in_scope_act(tree):
    case = open_case(tree)
    for user in (
        user_with_role("bt", "secretary", tree.a),
        user_with_role("xem", "viewer", tree.a),
        user_with_role("kt-b", "inspector", tree.b),
    ):
        assert _refused(svc.case_report, actor=user, case=case, on=date(2025, 4, 10)) == "NotPermitted"
    with pytest.raises(NotPermitted):
        svc.programme_create(
            actor=user_with_role("bt2", "secretary", tree.a), unit=tree.a, year=2025, kind="inspection",
            topic="x", starts_on=date(2025, 3, 1), ends_on=date(2025, 6, 1),
        )  # fmt: skip


# --- programmes -----------------------------------------------------------------------------


def _programme(tree, **extra):  # type: ignore[no-untyped-def]
    values = dict(
        actor=None, unit=tree.a, year=2025, kind="inspection", mode="thematic", topic="Kiểm tra đảng phí",
        starts_on=date(2025, 3, 1), ends_on=date(2025, 6, 30),
    )  # fmt: skip
    values.update(extra)
    return svc.programme_create(**values)


def test_a_programme_is_planned_started_and_concluded(tree, inspector):
    member = official_of(tree.a1)
    programme = _programme(tree, actor=inspector, target_units=[tree.a1], target_members=[member])
    assert list(programme.target_units.all()) == [tree.a1] and list(programme.target_members.all()) == [
        member
    ]
    programme = svc.programme_update(
        actor=inspector, programme=programme, changes={"topic": "  Đảng phí  2025 "}
    )
    assert programme.topic == "Đảng phí 2025"
    programme = svc.programme_start(actor=inspector, programme=programme, on=date(2025, 3, 2))
    code = _refused(
        svc.programme_conclude, actor=None, programme=programme, on=date(2025, 7, 1), conclusion=" "
    )
    assert code == "discipline.conclusion_required"
    programme = svc.programme_conclude(
        actor=inspector, programme=programme, on=date(2025, 7, 1), conclusion="Thực hiện tốt"
    )
    assert programme.status == Programme.Status.CONCLUDED
    assert _refused(svc.programme_update, actor=None, programme=programme, changes={"topic": "y"}) == (
        "discipline.programme_concluded"
    )
    actions = set(
        AuditEntry.objects.filter(action__startswith="discipline.programme").values_list("action", flat=True)
    )
    assert actions == {f"discipline.programme_{a}" for a in ("create", "update", "start", "conclude")}


def test_a_programme_refuses_targets_outside_and_bad_periods(tree):
    before = Programme.objects.count()
    assert _refused(_programme, tree=tree, target_units=[tree.b1]) == "discipline.target_outside"
    assert _refused(_programme, tree=tree, ends_on=date(2025, 2, 1)) == "date.end_not_after_start"
    assert _refused(_programme, tree=tree, year=2024) == "discipline.period_outside_year"
    assert _refused(_programme, tree=tree, topic=" ") == "discipline.topic_required"
    assert Programme.objects.count() == before


def test_a_programme_starts_only_once(tree):
    programme = svc.programme_start(actor=None, programme=_programme(tree), on=date(2025, 3, 2))
    code = _refused(svc.programme_start, actor=None, programme=programme, on=date(2025, 3, 3))
    assert code == "discipline.programme_not_planned"
