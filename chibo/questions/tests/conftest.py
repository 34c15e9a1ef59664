from __future__ import annotations

from typing import Any

import pytest

from chibo.questions.tests.factories import linked_user


@pytest.fixture
def member_user(tree: Any) -> Any:
    """A member of A1 with their own account (A is the grassroots organisation above)."""
    return linked_user(tree.a1, "dangvien")


@pytest.fixture
def other_member_user(tree: Any) -> Any:
    """A member of B1, in the sibling subtree."""
    return linked_user(tree.b1, "dangvienb")


@pytest.fixture
def secretary(tree: Any) -> Any:
    from chibo.core.testing import user_with_role

    return user_with_role("bithu", "secretary", tree.a)
