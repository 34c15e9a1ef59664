"""A study assignment reaches the inbox of every member of its subtree who has an account."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from chibo.core import regulations
from chibo.core.models import AuditEntry
from chibo.documents import services
from chibo.documents.tests.conftest import linked_user
from chibo.documents.tests.factories import publish
from chibo.handbook.models import Notification
from chibo.members.models import Member
from chibo.members.services import member_leave
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


def test_every_member_of_the_subtree_with_an_account_is_told(tree):
    # given two accounts in A1, one in B1, and A1's other members without an account
    first, second = linked_user(tree.a1, "dv1", 0), linked_user(tree.a1, "dv2", 1)
    outside = linked_user(tree.b1, "dv3", 0)
    document = publish(tree.root)
    due = regulations.today() + timedelta(days=10)
    # when the document is assigned to A's subtree
    assignment = services.study_assign(actor=None, document=document, unit=tree.a, due_on=due)
    # then exactly the two members of A1 with an account get one line each
    rows = Notification.objects.filter(kind="study")
    assert sorted(rows.values_list("user_id", flat=True)) == sorted([first.pk, second.pk])
    assert not rows.filter(user=outside).exists()
    line = rows.get(user=first)
    assert "04-NQ/TW" in line.title and f"{due:%d/%m/%Y}" in line.title
    assert line.link == reverse("documents:read", args=[document.pk]) and line.read_at is None
    entry = AuditEntry.objects.get(action="document.study_assign")
    assert entry.after["notified"] == 2 and entry.target_id == str(assignment.pk)
    assert AuditEntry.objects.get(action="handbook.notify").counts == {"notifications": 2}


def test_without_a_due_date_the_title_has_none(tree):
    user = linked_user(tree.a1, "dv1")
    services.study_assign(actor=None, document=publish(tree.a), unit=tree.a1)
    title = Notification.objects.get(user=user).title
    assert "04-NQ/TW" in title and "/20" not in title


def test_a_member_who_left_is_not_told(tree):
    user = linked_user(tree.a1, "dv1")
    member_leave(actor=None, member=Member.objects.get(user=user), reason="died", on=date(2025, 7, 1))
    services.study_assign(actor=None, document=publish(tree.a), unit=tree.a1)
    assert not Notification.objects.exists()


def test_nobody_with_an_account_writes_no_line_and_no_inbox_audit(tree):
    services.study_assign(actor=None, document=publish(tree.a), unit=tree.a1)
    assert not Notification.objects.exists()
    assert not AuditEntry.objects.filter(action="handbook.notify").exists()
    assert AuditEntry.objects.get(action="document.study_assign").after["notified"] == 0


def test_a_refused_assignment_tells_nobody(tree):
    linked_user(tree.a1, "dv1")
    document = publish(tree.a)
    services.study_assign(actor=None, document=document, unit=tree.a1)
    before = Notification.objects.count()
    with pytest.raises(RuleViolation) as raised:
        services.study_assign(actor=None, document=document, unit=tree.a1)
    assert raised.value.code == "documents.already_assigned"
    assert Notification.objects.count() == before == 1


def test_the_notice_is_written_in_the_assignments_transaction(tree, monkeypatch):
    # given an inbox that fails after writing
    from chibo.handbook import services as handbook

    linked_user(tree.a1, "dv1")
    document = publish(tree.a)

    def broken(**kwargs):
        raise RuntimeError("inbox down")

    monkeypatch.setattr(handbook, "notify_members", broken)
    # when the assignment is made, it fails as a whole: no assignment, no line, no audit entry
    with pytest.raises(RuntimeError):
        services.study_assign(actor=None, document=document, unit=tree.a1)
    assert not document.assignments.exists() and not Notification.objects.exists()
    assert not AuditEntry.objects.filter(action="document.study_assign").exists()
