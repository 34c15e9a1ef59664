from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from chibo.core.testing import user_with_role
from chibo.meetings import services as mtg
from chibo.meetings.tests.conftest import all_present
from chibo.members import services as mem
from chibo.portal.tests.factories import linked_user, published_meeting

CCCD = "001085012345"


@pytest.fixture
def member_user(tree: Any) -> Any:
    """The first member of A1 (official since 2011), with a CCCD, signed in as themself."""
    user = linked_user(tree.a1, "dangvien")
    member = user.member
    mem.member_update(actor=None, member=member, version=member.version, changes={"cccd": CCCD})
    user.member.refresh_from_db()
    return user


@pytest.fixture
def other_member_user(tree: Any) -> Any:
    return linked_user(tree.b1, "dangvienb")


@pytest.fixture
def neighbour_user(tree: Any) -> Any:
    """Another member of the same cell A1."""
    return linked_user(tree.a1, "dangvien2", index=1)


@pytest.fixture
def secretary(tree: Any) -> Any:
    return user_with_role("bithu", "secretary", tree.a)


@pytest.fixture
def sibling_secretary(tree: Any) -> Any:
    return user_with_role("bithub", "secretary", tree.b)


@pytest.fixture
def meeting(tree: Any) -> Any:
    """A1's next meeting, in three days, with one material, notice sent."""
    return published_meeting(tree.a1)


@pytest.fixture
def past_meeting(tree: Any) -> Any:
    """A1's meeting of a week ago, held, minutes finalised."""
    meeting = published_meeting(tree.a1, in_hours=-24 * 7, material=False)
    mtg.attendance_record(actor=None, meeting=meeting, entries=all_present(meeting))
    mtg.minutes_save(
        actor=None,
        meeting=meeting,
        version=None,
        changes={
            "chair": "Bí thư",
            "recorder": "Phó bí thư",
            "conclusions": "Chi bộ thống nhất kế hoạch quý",
        },
    )
    mtg.minutes_finalise(actor=None, meeting=meeting)
    return meeting


def later(hours: float) -> Any:
    from django.utils import timezone

    return timezone.now() + timedelta(hours=hours)


@pytest.fixture(autouse=True)
def _no_attempts_counted() -> Any:
    """The attempt counters of the activation page live in the cache: each test starts afresh."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
