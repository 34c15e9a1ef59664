from __future__ import annotations

from typing import Any

import pytest

from chibo.handbook.tests.factories import linked_user, publish


@pytest.fixture
def member_user(tree: Any) -> Any:
    return linked_user(tree.a1, "dangvien")


@pytest.fixture
def other_member_user(tree: Any) -> Any:
    return linked_user(tree.b1, "dangvienb")


@pytest.fixture
def post(tree: Any) -> Any:
    """A notice published to A's subtree."""
    return publish(tree.a)
