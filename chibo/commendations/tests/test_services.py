"""Commendations through the services: record, correct, annul; the refusals write nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from chibo.commendations import services as svc
from chibo.commendations.models import Commendation
from chibo.commendations.tests.conftest import DECIDED, record
from chibo.core import regulations
from chibo.core.models import AuditEntry
from chibo.core.scoping import NotPermitted
from chibo.core.testing import user_with_role
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


def _refused(**kwargs) -> str:  # type: ignore[no-untyped-def]
    before = (
        Commendation.objects.count(),
        AuditEntry.objects.filter(action__startswith="commendation").count(),
    )
    with pytest.raises(RuleViolation) as raised:
        record(**kwargs)
    after = (
        Commendation.objects.count(),
        AuditEntry.objects.filter(action__startswith="commendation").count(),
    )
    assert after == before, "a refusal writes nothing"
    return raised.value.code


def test_a_collective_commendation_is_recorded_with_its_audit_entry(tree, board):
    c = record(actor=board, unit=tree.a1, title="  Chi bộ  trong sạch vững mạnh ", issued_by="Đảng ủy A")
    assert (c.unit, c.member, c.is_collective, c.title) == (
        tree.a1,
        None,
        True,
        "Chi bộ trong sạch vững mạnh",
    )
    entry = AuditEntry.objects.get(action="commendation.record")
    assert (entry.actor, entry.unit_id, entry.target_id) == (board, tree.a1.pk, str(c.pk))
    assert entry.after["decision_number"] == "12-QĐ/ĐU" and entry.after["member"] is None
    assert entry.effective_on == DECIDED


def test_an_individual_commendation_is_filed_under_the_members_unit(tree, board, member):
    c = record(actor=board, member=member, kind="bang_khen", level="cap_tren")
    assert (c.member, c.unit, c.is_collective) == (member, tree.a1, False)
    assert AuditEntry.objects.get(action="commendation.record").after["member"] == member.pk


def test_a_decision_date_in_the_future_is_refused(tree):
    tomorrow = regulations.today() + timedelta(days=1)
    assert (
        _refused(unit=tree.a1, decided_on=tomorrow, year=tomorrow.year - 1)
        == "commendation.decided_in_future"
    )


@pytest.mark.parametrize("number", ["", "   "])
def test_a_missing_decision_number_is_refused(tree, number):
    assert _refused(unit=tree.a1, decision_number=number) == "commendation.number_required"


@pytest.mark.parametrize("year", [1929, 2026])
def test_a_year_after_the_decision_or_before_1930_is_refused(tree, year):
    assert _refused(unit=tree.a1, year=year) == "commendation.year_invalid"


def test_the_year_of_the_decision_itself_is_allowed(tree):
    assert record(unit=tree.a1, year=DECIDED.year).year == DECIDED.year


def test_an_unknown_form_or_level_is_refused(tree):
    assert _refused(unit=tree.a1, kind="medal") == "commendation.kind_unknown"
    assert _refused(unit=tree.a1, level="galaxy") == "commendation.level_unknown"


def test_both_subjects_or_none_is_refused(tree, member):
    assert _refused(unit=tree.a1, member=member) == "commendation.subject_required"
    assert _refused() == "commendation.subject_required"


def test_a_subject_out_of_scope_is_refused_and_nothing_written(tree, member):
    sibling = user_with_role("sec-b", "secretary", tree.b)
    viewer = user_with_role("viewer-a", "viewer", tree.a)
    for actor, subject in (
        (sibling, {"member": member}),
        (sibling, {"unit": tree.a1}),
        (viewer, {"unit": tree.a}),
    ):
        with pytest.raises(NotPermitted):
            record(actor=actor, **subject)
    assert (
        not Commendation.objects.exists()
        and not AuditEntry.objects.filter(action="commendation.record").exists()
    )


def test_a_member_under_discipline_needs_the_confirmation(tree, board, member, disciplined):
    # given a khiển trách in effect on the decision date
    assert _refused(actor=board, member=member) == "commendation.under_discipline"
    assert disciplined[-1] == ([member.pk], DECIDED)
    # when the board confirms
    c = record(actor=board, member=member, confirm_despite_discipline=True)
    # then it is recorded, marked, and the audit says so
    assert c.despite_discipline
    assert AuditEntry.objects.get(action="commendation.record").after["despite_discipline"] is True


def test_a_collective_or_another_member_is_not_held_back(tree, board, member, disciplined):
    other = tree.a1.members.exclude(pk=member.pk).first()
    assert not record(actor=board, member=other).despite_discipline
    assert not record(actor=board, unit=tree.a1).despite_discipline


# --- correct ----------------------------------------------------------------------------------


def test_a_correction_is_audited_before_and_after(tree, board):
    c = record(unit=tree.a1)
    svc.commendation_correct(
        actor=board,
        commendation=c,
        changes={"decision_number": "13-QĐ/ĐU", "title": "TSVM"},
        reason="Ghi nhầm",
    )
    c.refresh_from_db()
    assert (c.decision_number, c.title) == ("13-QĐ/ĐU", "TSVM")
    entry = AuditEntry.objects.get(action="commendation.correct")
    assert entry.before == {"decision_number": "12-QĐ/ĐU", "title": ""}
    assert entry.after == {"decision_number": "13-QĐ/ĐU", "title": "TSVM"}
    assert (entry.note, entry.actor) == ("Ghi nhầm", board)


@pytest.mark.parametrize(
    ("changes", "reason", "code"),
    [
        ({"decided_on": date(2999, 1, 1)}, "x", "commendation.decided_in_future"),
        ({"decision_number": " "}, "x", "commendation.number_required"),
        ({"year": 2026}, "x", "commendation.year_invalid"),
        ({"member": 1}, "x", "commendation.field_not_editable"),
        ({"title": "TSVM"}, "  ", "commendation.reason_required"),
        ({"decision_number": "12-QĐ/ĐU"}, "x", "commendation.nothing_changed"),
    ],
)
def test_a_refused_correction_changes_nothing(tree, board, changes, reason, code):
    c = record(unit=tree.a1)
    with pytest.raises(RuleViolation) as raised:
        svc.commendation_correct(actor=board, commendation=c, changes=changes, reason=reason)
    assert raised.value.code == code
    fresh = Commendation.objects.get(pk=c.pk)
    assert (fresh.decision_number, fresh.decided_on, fresh.year, fresh.title) == (
        "12-QĐ/ĐU",
        DECIDED,
        2024,
        "",
    )
    assert not AuditEntry.objects.filter(action="commendation.correct").exists()


def test_a_new_decision_date_under_discipline_needs_the_confirmation(tree, board, member, monkeypatch):
    from chibo.commendations import selectors

    c = record(member=member)  # no discipline on 20/1/2025
    monkeypatch.setattr(
        selectors, "discipline_in_effect", lambda ids, on: {member.pk: "Khiển trách"} if on.month == 3 else {}
    )
    with pytest.raises(RuleViolation) as raised:
        svc.commendation_correct(
            actor=board, commendation=c, changes={"decided_on": date(2025, 3, 1)}, reason="x"
        )
    assert raised.value.code == "commendation.under_discipline"
    assert Commendation.objects.get(pk=c.pk).decided_on == DECIDED
    svc.commendation_correct(
        actor=board, commendation=c, changes={"decided_on": date(2025, 3, 1)}, reason="x",
        confirm_despite_discipline=True,
    )  # fmt: skip
    fresh = Commendation.objects.get(pk=c.pk)
    assert (fresh.decided_on, fresh.despite_discipline) == (date(2025, 3, 1), True)
    assert AuditEntry.objects.get(action="commendation.correct").after["despite_discipline"] is True


def test_a_correction_out_of_scope_is_refused(tree):
    c = record(unit=tree.a1)
    with pytest.raises(NotPermitted):
        svc.commendation_correct(
            actor=user_with_role("sec-b", "secretary", tree.b),
            commendation=c,
            changes={"title": "x"},
            reason="x",
        )
    assert Commendation.objects.get(pk=c.pk).title == ""


# --- annul ------------------------------------------------------------------------------------


def test_annul_marks_the_row_and_is_audited(tree, board):
    c = record(unit=tree.a1)
    svc.commendation_annul(actor=board, commendation=c, reason="Thu hồi quyết định", on=date(2025, 3, 1))
    c.refresh_from_db()
    assert (c.annulled_on, c.annul_reason, c.annulled) == (date(2025, 3, 1), "Thu hồi quyết định", True)
    entry = AuditEntry.objects.get(action="commendation.annul")
    assert (entry.actor, entry.note, entry.after) == (
        board,
        "Thu hồi quyết định",
        {"annulled_on": "2025-03-01"},
    )


def test_annul_defaults_to_today_and_an_annulled_one_is_frozen(tree, board):
    c = svc.commendation_annul(actor=board, commendation=record(unit=tree.a1), reason="Thu hồi")
    assert c.annulled_on == regulations.today()
    with pytest.raises(RuleViolation) as again:
        svc.commendation_annul(actor=board, commendation=c, reason="Lần hai")
    with pytest.raises(RuleViolation) as corrected:
        svc.commendation_correct(actor=board, commendation=c, changes={"title": "x"}, reason="x")
    assert again.value.code == corrected.value.code == "commendation.annulled"
    assert AuditEntry.objects.filter(action="commendation.annul").count() == 1


@pytest.mark.parametrize(
    ("reason", "on", "code"),
    [
        ("", None, "commendation.reason_required"),
        ("x", date(2999, 1, 1), "commendation.annulled_in_future"),
        ("x", date(2025, 1, 19), "commendation.annulled_before_decision"),
    ],
)
def test_a_refused_annulment_writes_nothing(tree, board, reason, on, code):
    c = record(unit=tree.a1)
    with pytest.raises(RuleViolation) as raised:
        svc.commendation_annul(actor=board, commendation=c, reason=reason, on=on)
    assert raised.value.code == code
    assert Commendation.objects.get(pk=c.pk).annulled_on is None
    assert not AuditEntry.objects.filter(action="commendation.annul").exists()


def test_the_export_is_logged_and_needs_the_unit_in_scope(tree, board):
    svc.commendation_list_exported(actor=board, unit=tree.a, fmt="xlsx", count=3, query="year=2024")
    entry = AuditEntry.objects.get(action="commendation.export")
    assert (entry.counts, entry.after["format"]) == ({"commendations": 3}, "xlsx")
    with pytest.raises(NotPermitted):
        svc.commendation_list_exported(
            actor=user_with_role("v-b", "viewer", tree.b), unit=tree.a, fmt="pdf", count=0, query=""
        )
