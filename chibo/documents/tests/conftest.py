from __future__ import annotations

from typing import Any

import pytest

from chibo.core.testing import user_with_role
from chibo.documents.tests.factories import publish, upload
from chibo.members.models import Member
from chibo.members.services import member_link_account


def linked_user(unit: Any, username: str, index: int = 0) -> Any:
    """A member account (no staff role) linked to a member of ``unit``."""
    user = user_with_role(username)
    member = Member.objects.filter(unit=unit).order_by("pk")[index]
    member_link_account(actor=None, member=member, user=user)
    return user


@pytest.fixture
def member_user(tree: Any) -> Any:
    return linked_user(tree.a1, "dangvien")


@pytest.fixture
def other_member_user(tree: Any) -> Any:
    return linked_user(tree.b1, "dangvienb")


@pytest.fixture
def document(tree: Any) -> Any:
    """A resolution with a PDF, published to A's subtree."""
    return publish(tree.a, file=upload())
