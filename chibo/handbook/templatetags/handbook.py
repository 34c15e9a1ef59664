"""``{% unread_count as n %}``: the signed-in user's unread notifications and meeting notices, for
the badge in the header (templates/handbook/_unread_badge.html) — two counts, once per request."""

from __future__ import annotations

from typing import Any

from django import template

from chibo.handbook import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    return selectors.unread_count(user) if user is not None else 0
