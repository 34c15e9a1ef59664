"""Refusals of the accounts, calendar and tree services not covered elsewhere: each one has its code
and writes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from chibo.accounts import services as accounts
from chibo.accounts.models import RoleAssignment, User
from chibo.core import services as core
from chibo.core.models import AuditEntry, CalendarException
from chibo.core.testing import user_with_role
from chibo.organizations import services as org
from chibo.organizations.models import Unit
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


def _refused(code, call):  # type: ignore[no-untyped-def]
    counts = (
        AuditEntry.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        CalendarException.objects.count(),
    )
    with pytest.raises(RuleViolation) as refused:
        call()
    assert refused.value.code == code
    assert counts == (
        AuditEntry.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        CalendarException.objects.count(),
    )


def test_calendar_refusals(tree, board):
    secretary = user_with_role("sec", "secretary", tree.a)
    board_of_a = user_with_role("board-a", "org_board", tree.a)
    day = date(2026, 2, 23)
    _refused(
        "calendar.forbidden",
        lambda: core.calendar_exception_set(actor=board_of_a, day=day, kind="off", reason="Tết"),
    )
    _refused(
        "calendar.forbidden",
        lambda: core.calendar_exception_set(actor=secretary, day=day, kind="off", reason="Tết"),
    )
    _refused(
        "calendar.kind_invalid",
        lambda: core.calendar_exception_set(actor=board, day=day, kind="holiday", reason="Tết"),
    )
    _refused(
        "calendar.reason_required",
        lambda: core.calendar_exception_set(actor=board, day=day, kind="off", reason=" "),
    )


def test_account_and_role_refusals(tree, board):
    viewer = user_with_role("viewer", "viewer", tree.a)
    _refused("user.create_forbidden", lambda: accounts.user_create(actor=viewer, username="x", password=None))
    _refused(
        "user.username_required", lambda: accounts.user_create(actor=board, username="  ", password=None)
    )
    _refused(
        "user.username_taken", lambda: accounts.user_create(actor=board, username="VIEWER", password=None)
    )
    _refused("role.unknown", lambda: accounts.role_grant(actor=board, user=viewer, unit=tree.a, role="king"))
    _refused(
        "role.already_granted",
        lambda: accounts.role_grant(actor=board, user=viewer, unit=tree.a, role="viewer"),
    )
    own = RoleAssignment.objects.get(user=board)
    _refused("role.revoke_self", lambda: accounts.role_revoke(actor=board, assignment=own))


def test_tree_refusals(tree, board):
    _refused(
        "unit.root_requires_superuser",
        lambda: org.unit_create(
            actor=board, parent=None, code="ROOT2", name="Gốc", level="upper", founded_on=date(2000, 1, 1)
        ),
    )
    _refused(
        "unit.founded_before_parent",
        lambda: org.unit_create(
            actor=board, parent=tree.a, code="OLD", name="Cũ", level="chi_bo", founded_on=date(1999, 12, 31)
        ),
    )
    _refused(
        "unit.same_name",
        lambda: org.unit_rename(
            actor=board, unit=tree.a, name=" Đảng bộ  Sở Tài chính ", effective_on=date(2025, 7, 1)
        ),
    )
    _refused(
        "restructure.split_root",
        lambda: org.unit_split(
            actor=board, source=tree.root, effective_on=date(2025, 7, 1), parts=[org.SplitPart("S", "S")]
        ),
    )
