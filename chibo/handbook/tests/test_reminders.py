"""The daily deadline reminders (``manage.py send_reminders``, ``services.reminders_send``): study
assignments due soon and not studied, meetings tomorrow not answered; each sent once."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from chibo.core import regulations
from chibo.core.models import AuditEntry
from chibo.core.scoping import NotPermitted
from chibo.core.testing import user_with_role
from chibo.documents import services as documents
from chibo.documents.tests.factories import publish as publish_document
from chibo.evaluations.tests.conftest import make_table
from chibo.handbook import services
from chibo.handbook.models import Notification
from chibo.handbook.tests.factories import linked_user
from chibo.meetings import services as meetings
from chibo.members.models import Member
from chibo.members.services import member_leave

pytestmark = pytest.mark.django_db
TODAY = regulations.today()
DUE = TODAY + timedelta(days=5)


def _deadlines(**filters):
    return Notification.objects.filter(kind="deadline", **filters)


def _assign(unit, due_on=DUE, **extra):
    return documents.study_assign(
        actor=None, document=publish_document(unit, **extra), unit=unit, due_on=due_on
    )


def _meeting(unit, day):
    starts = timezone.make_aware(datetime.combine(day, time(8, 0)))
    meeting = meetings.meeting_create(
        actor=None, unit=unit, kind="regular", starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    meetings.meeting_publish(actor=None, meeting=meeting)
    return meeting


@pytest.fixture
def accounts(tree):
    """Two members of A1 and one of B1 with an account; the others have none."""
    return linked_user(tree.a1, "dv1", 0), linked_user(tree.a1, "dv2", 1), linked_user(tree.b1, "dv3", 0)


# --- study ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("days_before", "sent"), [(4, 0), (3, 2), (1, 2), (0, 2), (-1, 0)])
def test_study_reminders_go_within_three_days_and_on_the_due_day(tree, accounts, days_before, sent):
    _assign(tree.a)
    assert sum(services.reminders_send(on=DUE - timedelta(days=days_before)).values()) == sent
    assert _deadlines().count() == sent


def test_study_reminders_reach_the_subtree_members_who_have_not_studied_only(tree, accounts):
    first, second, outside = accounts
    assignment = _assign(tree.a)
    documents.study_mark(actor=second, assignment=assignment, member=Member.objects.get(user=second))
    counts = services.reminders_send(on=DUE - timedelta(days=2))
    assert counts == {"study": 1, "meeting": 0, "evaluation": 0} and not _deadlines(user=outside).exists()
    line = _deadlines().get()
    assert line.user_id == first.pk and line.key == f"study:{assignment.pk}:soon"
    assert "04-NQ/TW" in line.title and f"{DUE:%d/%m/%Y}" in line.title
    assert line.link == reverse("documents:read", args=[assignment.document_id])


def test_each_study_reminder_goes_once_then_once_more_on_the_due_day(tree, accounts):
    assignment = _assign(tree.a1)
    for days_before in (3, 3, 2, 1):
        services.reminders_send(on=DUE - timedelta(days=days_before))
    assert _deadlines().count() == 2  # one each, "soon"
    services.reminders_send(on=DUE)
    services.reminders_send(on=DUE)
    assert _deadlines().count() == 4
    keys = set(_deadlines().values_list("key", flat=True))
    assert keys == {f"study:{assignment.pk}:soon", f"study:{assignment.pk}:today"}


def test_withdrawn_documents_and_members_who_left_get_no_reminder(tree, accounts):
    first, second, _outside = accounts
    withdrawn = _assign(tree.a1)
    documents.document_withdraw(actor=None, document=withdrawn.document, reason="Thay thế")
    kept = _assign(tree.a1, number="07-NQ/TW")
    member_leave(actor=None, member=Member.objects.get(user=second), reason="died", on=TODAY)
    assert services.reminders_send(on=DUE) == {"study": 1, "meeting": 0, "evaluation": 0}
    assert list(_deadlines().values_list("user_id", "key")) == [(first.pk, f"study:{kept.pk}:today")]


def test_a_run_with_nothing_due_writes_no_audit_entry(tree, accounts):
    _assign(tree.a1)
    assert services.reminders_send(on=DUE + timedelta(days=1)) == {"study": 0, "meeting": 0, "evaluation": 0}
    assert not AuditEntry.objects.filter(action="handbook.reminders_send").exists()


# --- meetings ---------------------------------------------------------------------------------


def test_meeting_reminders_go_the_day_before_to_those_who_have_not_answered(tree, accounts):
    first, second, _outside = accounts
    day = TODAY + timedelta(days=3)
    meeting = _meeting(tree.a1, day)
    _meeting(tree.b1, day + timedelta(days=1))  # the day after: not yet
    meetings.attendance_self_report(
        actor=second,
        member=Member.objects.get(user=second),
        meeting=meeting,
        status="absent_excused",
        reason="Đi công tác",
    )
    assert services.reminders_send(on=day - timedelta(days=2)) == {"study": 0, "meeting": 0, "evaluation": 0}
    assert services.reminders_send(on=day - timedelta(days=1)) == {"study": 0, "meeting": 1, "evaluation": 0}
    line = _deadlines().get()
    assert line.user_id == first.pk and line.key == f"meeting:{meeting.pk}:eve" and "08:00" in line.title
    assert line.link == reverse("portal:meeting", args=[meeting.pk])
    assert services.reminders_send(on=day - timedelta(days=1)) == {"study": 0, "meeting": 0, "evaluation": 0}


def test_a_cancelled_meeting_gets_no_reminder(tree, accounts):
    day = TODAY + timedelta(days=3)
    meetings.meeting_cancel(actor=None, meeting=_meeting(tree.a1, day), reason="Bão")
    assert services.reminders_send(on=day - timedelta(days=1))["meeting"] == 0


# --- the self-assessment of the year ------------------------------------------------------------


def test_a_table_prepared_ahead_is_announced_on_new_years_day_once(tree, accounts):
    first, second, outside = accounts
    next_year = TODAY.year + 1
    make_table(tree.a, year=next_year)
    assert not Notification.objects.exists()
    assert services.reminders_send(on=date(next_year, 1, 1)) == {"study": 0, "meeting": 0, "evaluation": 2}
    lines = Notification.objects.filter(kind="evaluation")
    assert sorted(lines.values_list("user_id", flat=True)) == sorted([first.pk, second.pk])
    line = lines.get(user=first)
    assert str(next_year) in line.title and line.key == f"evaluation:{next_year}:open"
    assert line.link == f"{reverse('evaluations:self')}?year={next_year}"
    assert services.reminders_send(on=date(next_year, 1, 2))["evaluation"] == 0
    assert not lines.filter(user=outside).exists()


def test_the_table_trigger_and_the_run_share_the_announcement(tree, accounts):
    make_table(tree.root, year=TODAY.year)
    assert Notification.objects.filter(kind="evaluation").count() == 3
    assert services.reminders_send(on=TODAY)["evaluation"] == 0
    # an account linked later learns it the next morning
    late = linked_user(tree.a1, "dv4", 2)
    assert services.reminders_send(on=TODAY)["evaluation"] == 1
    assert Notification.objects.filter(kind="evaluation", user=late).count() == 1


def test_members_reviewed_for_the_year_are_not_announced(tree, accounts):
    from chibo.evaluations import services as evaluations

    first, second, _outside = accounts
    make_table(tree.a, year=TODAY.year + 1)
    evaluations.member_evaluation_review(
        actor=None, member=Member.objects.get(user=second), year=TODAY.year, score=80, on=TODAY
    )
    Notification.objects.all().delete()
    # last year's table stays unannounced; this year's reviewed member is skipped
    make_table(tree.a, year=TODAY.year)
    assert list(Notification.objects.filter(kind="evaluation").values_list("user_id", flat=True)) == [
        first.pk
    ]


# --- the run: audit, permission, queries ------------------------------------------------------


def test_a_run_is_audited_once_with_its_counts(tree, accounts):
    _assign(tree.a)
    _assign(tree.a1, due_on=DUE + timedelta(days=1), number="05-NQ/TW")
    services.reminders_send(on=DUE - timedelta(days=1))
    entry = AuditEntry.objects.get(action="handbook.reminders_send")
    assert entry.counts == {
        "study": 4,
        "meeting": 0,
        "evaluation": 0,
    } and entry.effective_on == DUE - timedelta(days=1)
    assert entry.actor_id is None and entry.is_batch


def test_a_user_needs_manage_on_the_whole_tree_to_run_it(tree, accounts):
    _assign(tree.a)
    secretary = user_with_role("secretary-a", "secretary", tree.a)
    with pytest.raises(NotPermitted):
        services.reminders_send(actor=secretary, on=DUE)
    assert not _deadlines().exists()


def _run_queries(django_assert_num_queries, on):
    # the transaction (savepoint, release), assignments, their subtrees' members, the study marks,
    # tomorrow's attendance, the year's members' tables, their members, the keys sent, the reminders
    # written, the first of them for the audit entry, the audit entry: not one per member,
    # assignment, meeting or table
    with django_assert_num_queries(12):
        call_command("send_reminders", "--date", on.isoformat(), stdout=io.StringIO())


@pytest.mark.parametrize("extra_accounts", [0, 2])
def test_the_run_takes_a_fixed_number_of_queries(tree, accounts, extra_accounts, django_assert_num_queries):
    for index in range(extra_accounts):
        linked_user(tree.a1, f"more{index}", 2 + index)
    run_on = DUE - timedelta(days=1)
    _assign(tree.a)
    _assign(tree.root, due_on=DUE + timedelta(days=2), number="06-NQ/TW")
    _meeting(tree.a1, DUE)
    make_table(tree.a, year=run_on.year)
    _run_queries(django_assert_num_queries, run_on)
    # A1's accounts: both assignments and the meeting; B1's: the root's assignment only
    assert _deadlines().count() == 3 * (2 + extra_accounts) + 1
    # A's table: A1's accounts are told they may self-assess (by the table, or by the run on 1 January)
    assert Notification.objects.filter(kind="evaluation").count() == 2 + extra_accounts


# --- the command --------------------------------------------------------------------------------


def test_the_command_is_idempotent(tree, accounts):
    _assign(tree.a)
    day = (DUE - timedelta(days=1)).isoformat()
    out = io.StringIO()
    call_command("send_reminders", "--date", day, stdout=out)
    call_command("send_reminders", "--date", day, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [
        f"{day}: 2 reminders sent (study 2, meeting 0, evaluation 0)",
        f"{day}: 0 reminders sent (study 0, meeting 0, evaluation 0)",
    ]
    assert _deadlines().count() == 2
    assert AuditEntry.objects.filter(action="handbook.reminders_send").count() == 1


def test_the_dry_run_lists_and_writes_nothing(tree, accounts):
    first = accounts[0]
    assignment = _assign(tree.a1)
    out = io.StringIO()
    call_command("send_reminders", "--date", DUE.isoformat(), "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"user {first.pk} · study:{assignment.pk}:today" in text
    assert f"{DUE.isoformat()}: 2 reminders would be sent (dry run)" in text
    assert not _deadlines().exists() and not AuditEntry.objects.filter(action="handbook.reminders_send")


def test_the_command_defaults_to_today_and_refuses_a_bad_date(tree, accounts):
    _assign(tree.a1, due_on=TODAY)
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().startswith(f"{TODAY.isoformat()}: 2 reminders sent")
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "07/12/2026")


# --- the inbox page -----------------------------------------------------------------------------


def test_the_inbox_shows_the_new_kinds_with_their_labels(client, tree, accounts):
    first = accounts[0]
    member = Member.objects.get(user=first)
    for kind, title in (("study", "Học NQ 57"), ("evaluation", "Đánh giá 2025"), ("deadline", "Hạn học")):
        services.notify_members(actor=None, member_ids=[member.pk], kind=kind, title=title)
    client.force_login(first)
    page = client.get(reverse("handbook:inbox")).content.decode()
    for label, title in (
        ("Học tập", "Học NQ 57"),
        ("Đánh giá, xếp loại", "Đánh giá 2025"),
        ("Thời hạn", "Hạn học"),
    ):
        assert label in page and title in page
    assert page.count('data-unread="1"') == 3
