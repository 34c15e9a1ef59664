"""Submission (figures frozen, differences shown later) and the cleaning-campaign snapshot."""

from __future__ import annotations

from datetime import date

import pytest

from chibo.core.models import AuditEntry
from chibo.core.scoping import NotPermitted
from chibo.core.testing import user_with_role
from chibo.members import services as mem
from chibo.members.models import Member
from chibo.reports import selectors, services
from chibo.reports.models import QualitySnapshot, SubmittedReport
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


def test_a_submitted_report_stays_as_submitted_after_a_correction(tree, board):
    # given a report of A submitted on 30/6/2024 (4 official members; the 5th was admitted in 2025)
    report = services.report_submit(actor=board, unit=tree.a, as_of=date(2024, 6, 30), note="Quý II")
    assert report.figures["members_total"] == 4 and report.figures["female"] == 0
    assert (
        AuditEntry.objects.filter(action="report.submit", target_id=str(report.pk), actor=board).count() == 1
    )
    # when a record is corrected afterwards (a woman recorded as a man)
    member = Member.objects.filter(unit=tree.a1, status="official").first()
    mem.member_update(actor=board, member=member, version=member.version, changes={"sex": "F"})
    # then the stored figures do not move, the fresh computation does, and the difference is shown
    report.refresh_from_db()
    assert report.figures["female"] == 0
    view = selectors.submitted_against_now(report)
    assert view.current["female"] == 1
    assert ("female", 0, 1) in view.differences
    assert ("by_sex.F", 0, 1) in view.differences
    assert all(name != "members_total" for name, _a, _b in view.differences)


def test_submission_refusals_write_nothing(tree, board):
    with pytest.raises(RuleViolation) as refusal:
        services.report_submit(actor=board, unit=tree.a, as_of=date(2999, 1, 1))
    assert refusal.value.code == "report.as_of_future"
    with pytest.raises(RuleViolation) as refusal:
        services.report_submit(
            actor=board,
            unit=tree.a,
            as_of=date(2024, 6, 30),
            period_from=date(2024, 6, 1),
            period_to=date(2024, 5, 1),
        )
    assert refusal.value.code == "report.period_reversed"
    with pytest.raises(RuleViolation) as refusal:
        services.report_submit(actor=board, unit=tree.a, as_of=date(2024, 6, 30), period_to=date(2024, 7, 1))
    assert refusal.value.code == "report.period_after_as_of"
    viewer = user_with_role("viewer", "viewer", tree.a)
    with pytest.raises(NotPermitted):
        services.report_submit(actor=viewer, unit=tree.a, as_of=date(2024, 6, 30))
    assert not SubmittedReport.objects.exists()
    assert not AuditEntry.objects.filter(action="report.submit").exists()


def test_snapshot_records_the_open_problems_and_progress_counts_closed_ones(tree, board):
    # given two members born after their admission (legacy data, written past the services)
    bad = list(Member.objects.filter(unit=tree.a1, status="official").order_by("pk")[:2])
    Member.objects.filter(pk__in=[m.pk for m in bad]).update(birth_date=date(2012, 1, 1))
    # when the campaign starts
    snapshot = services.quality_snapshot_take(actor=board, unit=tree.a, label="Làm sạch 2026")
    # then
    assert snapshot.counts == {"birth_after_admission": 2}
    assert snapshot.problems == sorted(f"birth_after_admission:{m.pk}" for m in bad)
    entry = AuditEntry.objects.get(action="report.quality_snapshot", target_id=str(snapshot.pk))
    assert entry.actor == board and entry.after["problems"] == 2
    # one is corrected through the service, another problem appears
    first = Member.objects.get(pk=bad[0].pk)
    mem.member_update(
        actor=board, member=first, version=first.version, changes={"birth_date": date(1980, 1, 1)}
    )
    Member.objects.filter(pk=bad[0].pk).update(official_on=date(2009, 1, 1))
    progress = selectors.campaign(snapshot, selectors.problem_keys(tree.a))
    assert (progress["at_start"], progress["closed"], progress["new"], progress["now"]) == (2, 1, 1, 2)
    rows = {r["kind"]: r for r in progress["rows"]}
    assert rows["birth_after_admission"]["closed"] == 1
    assert rows["official_before_admission"]["new"] == 1


def test_snapshot_needs_the_right_to_manage(tree):
    viewer = user_with_role("viewer", "viewer", tree.a)
    with pytest.raises(NotPermitted):
        services.quality_snapshot_take(actor=viewer, unit=tree.a)
    assert not QualitySnapshot.objects.exists()
    assert not AuditEntry.objects.filter(action="report.quality_snapshot").exists()


def test_an_export_of_a_unit_out_of_scope_is_refused_and_not_recorded(tree):
    outsider = user_with_role("sec-b", "secretary", tree.b)
    with pytest.raises(NotPermitted):
        services.quality_exported(actor=outsider, unit=tree.a, problems=3, via="page")
    assert not AuditEntry.objects.filter(action="report.quality_export").exists()
