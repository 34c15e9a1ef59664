"""Reads of member records, always scoped to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from chibo.accounts.roles import Action
from chibo.core.scoping import subtree_q, visible_to
from chibo.members.models import Member
from chibo.rules.text import fold


def member_list(*, user: Any, q: str = "", status: str = "", within: Any = None) -> QuerySet[Member]:
    """Members in the user's scope, searched by folded name (đ → d), by status and subtree."""
    members = visible_to(Member.objects.select_related("unit"), user, Action.VIEW)
    if within is not None:
        members = members.filter(subtree_q(within.path, "unit_path"))
    if status:
        members = members.filter(status=status)
    if q:
        members = members.filter(name_folded__contains=fold(q))
    return members.order_by("name_folded", "pk")
