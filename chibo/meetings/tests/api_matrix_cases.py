"""The meetings API in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Same format as the matrix's CASES: url name → (url builder, action needed, method, api?, expected
overrides). Every object lies in tree.a's subtree (a planned meeting of chi bộ A1, made once per
tree). The matrix POSTs no data, so an allowed step answers 400 (publish, which needs no body,
answers 200 for the first persona and 400 "already published" for the next).

Two endpoints take the unit from the body rather than the URL: the yearly plan (``meeting-plan``)
reads no unit without data, so a caller whose role does not reach A1 (sibling) or lacks the right
there (own_without_right) gets the same field error (400) as an allowed caller; test_api.py runs the
plan with data, where those callers are refused and the allowed ones are not.

The QR check-in (``meeting-checkin``) is for members, not staff: it needs a signed-in account linked
to a member record (``Member.user``), and the matrix's personas are staff accounts without one, so
each of them is refused (403) whatever their role, and a role on an ancestor does not help either;
test_api.py checks a member's own account gets through.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from chibo.accounts.roles import Action


def _meeting_pk(tree: Any) -> int:
    from chibo.meetings import services

    cache = tree.__dict__.setdefault("_meetings_api", {})
    if "meeting" not in cache:
        starts = timezone.now() + timedelta(days=3)
        cache["meeting"] = services.meeting_create(
            actor=None, unit=tree.a1, kind="regular", starts_at=starts, ends_at=starts + timedelta(hours=2)
        ).pk
    return cache["meeting"]  # type: ignore[no-any-return]


def _meeting_url(name: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_meeting_pk(tree)])


#: The steps of a meeting: MANAGE on its unit's subtree.
STEPS = ["publish", "cancel", "attendance", "minutes", "resolutions", "finalise", "corrections"]
#: Staff roles do not make an account a member's: nobody of the matrix may check in.
NOT_A_MEMBER = {"no_role": (403,), "sibling": (403,), "own": (403,), "ancestor": (403,)}

CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "meeting-list": (lambda t: reverse("meeting-list"), Action.VIEW, "get", True, {"sibling": (200,)}),
    "meeting-detail": (_meeting_url("meeting-detail"), Action.VIEW, "get", True, {}),
    **{
        f"meeting-{name}": (_meeting_url(f"meeting-{name}"), Action.MANAGE, "post", True, {})
        for name in STEPS
    },
    "meeting-plan": (
        lambda t: reverse("meeting-plan"),
        Action.MANAGE,
        "post",
        True,
        {"sibling": (400,), "own_without_right": (400,)},
    ),
    "meeting-checkin": (lambda t: reverse("meeting-checkin"), Action.VIEW, "post", True, NOT_A_MEMBER),
    "meeting-alert-list": (
        lambda t: reverse("meeting-alert-list") + "?unit=A1",
        Action.VIEW,
        "get",
        True,
        {},
    ),
    "meeting-rate-list": (
        lambda t: reverse("meeting-rate-list") + "?unit=A",
        Action.VIEW,
        "get",
        True,
        {},
    ),
}
