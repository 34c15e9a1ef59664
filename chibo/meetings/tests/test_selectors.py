"""Reads of cell meetings: the alerts of DOMAIN.md §3–4, attendance rates, the meeting page's figures.

Meetings are held at fixed dates of 2025 (published and attended through the services) and the
selectors are asked with ``year=`` and ``on=``, so the tests do not depend on today's date."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chibo.accounts.models import User
from chibo.core.testing import add_members, make_unit, user_with_role
from chibo.meetings import selectors as sel
from chibo.meetings import services as svc
from chibo.meetings.models import Meeting, MeetingDocument
from chibo.members import services as mem
from chibo.members.models import Member

pytestmark = pytest.mark.django_db

YEAR = 2025
TZ = timezone.get_current_timezone()


def at(month: int, day: int, year: int = YEAR) -> datetime:
    return datetime(year, month, day, 14, 0, tzinfo=TZ)


def _pdf() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4")


def held(
    unit: Any,
    starts_at: datetime,
    *,
    kind: str = "regular",
    minutes: int = 100,
    statuses: dict[int, tuple[str, str]] | None = None,
    document: bool = False,
) -> Meeting:
    """A meeting of ``unit`` at ``starts_at``: published, with a material when ``document`` (added
    now, so late), and attended: everyone summoned present but those excused by their status and
    the ``statuses`` given by member pk."""
    meeting = svc.meeting_create(
        actor=None, unit=unit, kind=kind, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes)
    )
    svc.meeting_publish(actor=None, meeting=meeting)
    if document:
        svc.meeting_document_add(actor=None, meeting=meeting, title="Báo cáo", file=_pdf())
    entries = {a.member_id: ("present", "") for a in meeting.attendances.exclude(status="excused_status")}
    entries.update(statuses or {})
    svc.attendance_record(actor=None, meeting=meeting, entries=entries)
    meeting.refresh_from_db()
    return meeting


def members_of(unit: Any) -> list[Member]:
    return list(Member.objects.filter(unit=unit).order_by("pk"))


def found(alerts: list[sel.Alert], kind: str, unit: Any) -> set[str]:
    return {a.detail for a in alerts if a.kind == kind and a.unit.pk == unit.pk}


# --- alerts: regularity ------------------------------------------------------------------------


def test_a_complete_month_without_a_held_regular_meeting_is_flagged(tree, board):
    # given A1 held its regular meetings in January and February; in March only a thematic one
    # was held and the regular one was never held (published only)
    held(tree.a1, at(1, 10))
    held(tree.a1, at(2, 10))
    held(tree.a1, at(3, 20), kind="thematic")
    march = svc.meeting_create(actor=None, unit=tree.a1, kind="regular", starts_at=at(3, 10))
    svc.meeting_publish(actor=None, meeting=march)
    # when the alerts are read in mid-April
    alerts = sel.alerts(user=board, year=YEAR, on=date(YEAR, 4, 15))
    # then March is flagged, the months with a meeting and the current month are not
    assert found(alerts, "no_regular", tree.a1) == {"03/2025"}
    assert found(alerts, "no_regular", tree.b1) == {"01/2025", "02/2025", "03/2025"}


def test_a_combined_meeting_counts_as_the_months_regular_one(tree, board):
    held(tree.a1, at(1, 10), kind="combined", minutes=130)
    alerts = sel.alerts(user=board, year=YEAR, on=date(YEAR, 2, 3))
    assert found(alerts, "no_regular", tree.a1) == set()
    assert found(alerts, "no_regular", tree.b1) == {"01/2025"}


def test_no_month_is_flagged_in_january(tree, board):
    alerts = sel.alerts(user=board, year=YEAR, on=date(YEAR, 1, 31))
    assert [a for a in alerts if a.kind in ("no_regular", "no_thematic")] == []


def test_a_month_before_the_cell_was_founded_is_not_flagged(tree, board):
    young = make_unit(tree.a, "A2", "chi_bo", founded_on=date(YEAR, 3, 1))
    alerts = sel.alerts(user=board, year=YEAR, on=date(YEAR, 5, 15))
    assert found(alerts, "no_regular", young) == {"03/2025", "04/2025"}


def test_a_complete_quarter_without_a_thematic_meeting_is_flagged(tree, board):
    # given A1 held a thematic meeting in the first quarter only
    held(tree.a1, at(2, 20), kind="thematic")
    # when the alerts are read in August (Q1 and Q2 complete, Q3 running)
    alerts = sel.alerts(user=board, year=YEAR, on=date(YEAR, 8, 15))
    # then only the complete quarter without one is flagged
    assert found(alerts, "no_thematic", tree.a1) == {"Q2/2025"}
    assert found(alerts, "no_thematic", tree.b1) == {"Q1/2025", "Q2/2025"}


def test_a_running_quarter_is_not_flagged(tree, board):
    alerts = sel.alerts(user=board, year=YEAR, on=date(YEAR, 3, 31))
    assert found(alerts, "no_thematic", tree.a1) == set() == found(alerts, "no_thematic", tree.b1)
    assert found(alerts, "no_regular", tree.b1) == {"01/2025", "02/2025"}


def test_a_past_year_is_checked_whole(tree, board):
    alerts = sel.alerts(user=board, year=YEAR, on=date(YEAR + 1, 1, 5))
    assert len(found(alerts, "no_regular", tree.a1)) == 12
    assert found(alerts, "no_thematic", tree.a1) == {f"Q{q}/2025" for q in (1, 2, 3, 4)}


# --- alerts: length and materials ----------------------------------------------------------------


def test_a_meeting_shorter_than_the_minimum_of_its_kind_is_flagged(tree, board):
    short = held(tree.a1, at(1, 10), minutes=60)
    held(tree.a1, at(2, 10), minutes=95)
    combined = held(tree.a1, at(3, 10), kind="combined", minutes=100)  # combined needs 120
    held(tree.a1, at(4, 10), kind="combined", minutes=125)
    held(tree.a1, at(5, 10), kind="committee", minutes=30)  # no minimum
    alerts = sel.alerts(user=board, year=YEAR, on=date(YEAR, 6, 15))
    assert {a.meeting.pk for a in alerts if a.kind == "too_short"} == {short.pk, combined.pk}


def test_materials_out_less_than_a_day_before_are_flagged(tree, board):
    late = held(tree.a1, at(1, 10), document=True)  # added now, long after the meeting
    on_time = held(tree.a1, at(2, 10), document=True)
    MeetingDocument.objects.filter(meeting=on_time).update(uploaded_at=at(2, 8))
    held(tree.a1, at(3, 10))  # no material
    alerts = sel.alerts(user=board, year=YEAR, on=date(YEAR, 4, 15))
    assert {a.meeting.pk for a in alerts if a.kind == "materials_late"} == {late.pk}


# --- alerts: absences (the removal trigger, DOMAIN.md §4) ---------------------------------------


def test_unexcused_absences_in_two_months_warn_and_in_three_months_trigger_removal(tree, board):
    warned, removed, once, excused, *_ = members_of(tree.a1)
    absent, reason = ("absent_unexcused", ""), ("absent_excused", "Ốm")
    # two meetings in January: two absences there count as one month
    held(
        tree.a1,
        at(1, 10),
        statuses={warned.pk: absent, removed.pk: absent, once.pk: absent, excused.pk: reason},
    )
    held(
        tree.a1, at(1, 24), kind="thematic", statuses={warned.pk: absent, once.pk: absent, excused.pk: reason}
    )
    held(tree.a1, at(2, 10), statuses={warned.pk: absent, removed.pk: absent, excused.pk: reason})
    held(tree.a1, at(3, 10), statuses={removed.pk: absent, excused.pk: reason})
    # an absence of another year does not count
    held(tree.a1, at(12, 10, year=YEAR - 1), statuses={warned.pk: absent})
    alerts = sel.alerts(user=board, year=YEAR, on=date(YEAR, 4, 15))
    flagged = {(a.member.pk, a.kind, a.detail) for a in alerts if a.member is not None}
    assert flagged == {(warned.pk, "absent_warning", "2"), (removed.pk, "absent_removal", "3")}
    assert {a.unit.pk for a in alerts if a.member is not None} == {tree.a1.pk}


def test_absences_count_per_member_over_the_year_across_cells(tree, board):
    """DOMAIN.md §4 [S31]: the member skips party activity in 3 months of a year, wherever."""
    # given a member of A1 absent without reason in January and February, transferred to B1 on
    # 1 March and absent without reason at B1's March meeting
    mover = Member.objects.filter(unit=tree.a1, status="official").order_by("pk").first()
    absent = ("absent_unexcused", "")
    held(tree.a1, at(1, 10), statuses={mover.pk: absent})
    held(tree.a1, at(2, 10), statuses={mover.pk: absent})
    mem.member_transfer_internal(actor=None, member=mover, to_unit=tree.b1, effective_on=date(YEAR, 3, 1))
    held(tree.b1, at(3, 10), statuses={mover.pk: absent})
    # when the alerts are read
    alerts = sel.alerts(user=board, year=YEAR, on=date(YEAR, 4, 15))
    # then the member has reached the removal threshold (3 months of the year)
    kinds = {a.kind for a in alerts if a.member is not None and a.member.pk == mover.pk}
    assert "absent_removal" in kinds, kinds


# --- alerts: scope -----------------------------------------------------------------------------


def test_a_user_of_another_subtree_sees_no_alert_of_a1(tree, board):
    absent = ("absent_unexcused", "")
    victim = members_of(tree.a1)[0]
    for month in (1, 2, 3):
        held(tree.a1, at(month, 10), minutes=60, statuses={victim.pk: absent}, document=True)
    on = date(YEAR, 5, 15)
    everything = sel.alerts(user=board, year=YEAR, on=on)
    assert {a.kind for a in everything if a.unit.pk == tree.a1.pk} == {
        "no_regular",
        "no_thematic",
        "too_short",
        "materials_late",
        "absent_removal",
    }
    of_b = sel.alerts(user=user_with_role("xem-b", "viewer", tree.b), year=YEAR, on=on)
    assert of_b and {a.unit.pk for a in of_b} == {tree.b1.pk}
    assert sel.alerts(user=user_with_role("khong-vai-tro"), year=YEAR, on=on) == []
    within = sel.alerts(user=board, within=tree.b, year=YEAR, on=on)
    assert {a.unit.pk for a in within} == {tree.b1.pk}


def test_the_alerts_take_a_fixed_number_of_queries(tree, board, django_assert_num_queries):
    absent = ("absent_unexcused", "")

    def a_cell_year(cell: Any) -> None:
        first, second, *_ = members_of(cell)
        held(cell, at(1, 10), minutes=60, statuses={first.pk: absent}, document=True)
        held(cell, at(2, 10), kind="thematic", statuses={first.pk: absent, second.pk: absent})
        held(cell, at(3, 10), statuses={second.pk: absent, first.pk: absent}, document=True)

    def read() -> list[sel.Alert]:
        return sel.alerts(user=User.objects.get(pk=board.pk), year=YEAR, on=date(YEAR, 8, 15))

    # given one cell with a few meetings
    a_cell_year(tree.a1)
    with CaptureQueriesContext(connection) as few:
        small = read()
    # when there are more cells, meetings, absences and late materials
    for code in ("A2", "A3", "A4"):
        cell = make_unit(tree.a, code, "chi_bo")
        add_members(cell, official=4, prefix=f"Lê Văn {code}")
        a_cell_year(cell)
    held(tree.b1, at(4, 10), document=True)
    with django_assert_num_queries(len(few)):
        large = read()
    # then the alerts grew, the queries did not
    assert len(large) > len(small)


# --- attendance rates --------------------------------------------------------------------------


def _a1_year_with_an_absent_abroad_member(tree: Any) -> tuple[Member, Member]:
    """A1 in 2025: a member abroad since January (excused by status), one absent without reason at
    both meetings, the others present; a meeting of 2024 and one never held do not count."""
    abroad, absent, *_ = members_of(tree.a1)
    mem.member_absence_record(
        actor=None,
        member=abroad,
        kind="abroad",
        country="Hàn Quốc",
        reason="Thăm con",
        start_on=date(YEAR, 1, 1),
    )
    unexcused = ("absent_unexcused", "")
    held(tree.a1, at(2, 10), statuses={absent.pk: unexcused})
    held(tree.a1, at(3, 10), statuses={absent.pk: unexcused})
    held(tree.a1, at(11, 10, year=YEAR - 1))
    never = svc.meeting_create(actor=None, unit=tree.a1, kind="regular", starts_at=at(4, 10))
    svc.meeting_publish(actor=None, meeting=never)
    return abroad, absent


def test_attendance_rates_roll_up_the_tree(tree):
    _a1_year_with_an_absent_abroad_member(tree)
    rates = {
        r.unit.pk: r
        for r in sel.attendance_rates(units=[tree.root, tree.a, tree.a1, tree.b, tree.b1], year=YEAR)
    }
    # 2 meetings × 4 expected (the member abroad is not expected), 3 present at each
    for unit in (tree.root, tree.a, tree.a1):
        rate = rates[unit.pk]
        assert (rate.meetings, rate.expected, rate.present, rate.percent) == (2, 8, 6, 75.0)
    for unit in (tree.b, tree.b1):
        rate = rates[unit.pk]
        assert (rate.meetings, rate.expected, rate.present, rate.percent) == (0, 0, 0, None)


def test_member_rates_of_a_cell(tree):
    abroad, absent = _a1_year_with_an_absent_abroad_member(tree)
    rows = {member.pk: figures for member, *figures in sel.member_rates(cell=tree.a1, year=YEAR)}
    assert abroad.pk not in rows  # never expected
    assert rows[absent.pk] == [2, 0, 2]
    others = [pk for pk in rows if pk != absent.pk]
    assert len(others) == 3 and all(rows[pk] == [2, 2, 0] for pk in others)
    assert sel.member_rates(cell=tree.b1, year=YEAR) == []


# --- the meeting page --------------------------------------------------------------------------


def test_meeting_detail_shows_the_vote_base_and_both_majorities(tree):
    excused = Member.objects.filter(unit=tree.a1, status="official").order_by("pk").first()
    meeting = held(tree.a1, at(2, 10), statuses={excused.pk: ("absent_excused", "Ốm")})
    detail = sel.meeting_detail(meeting)
    assert detail["vote_base"] == 3  # 4 official − 1 excused; the probationary member has no vote
    assert detail["majority"] == 2
    assert detail["official_members"] == 4 and detail["special_required"] == 3
    assert detail["too_short"] is False and detail["min_minutes"] == 90
    assert detail["materials_late"] is False
    assert detail["rate"] == 80.0
    assert [count for _label, count in detail["counts"]] == [4, 1, 0, 0]
    assert len(detail["attendances"]) == 5


def test_meeting_detail_of_a_short_combined_meeting_with_late_materials(tree):
    meeting = held(tree.a1, at(3, 10), kind="combined", minutes=100, document=True)
    detail = sel.meeting_detail(meeting)
    assert detail["too_short"] is True and detail["min_minutes"] == 120
    assert detail["materials_late"] is True
    assert (detail["vote_base"], detail["majority"]) == (4, 3)


def test_meeting_detail_before_the_meeting_is_held_has_no_vote_base(tree):
    meeting = svc.meeting_create(actor=None, unit=tree.a1, kind="regular", starts_at=at(5, 10))
    svc.meeting_publish(actor=None, meeting=meeting)
    detail = sel.meeting_detail(meeting)
    assert detail["vote_base"] is None and detail["majority"] is None
    assert detail["special_required"] == 3 and detail["rate"] is None
