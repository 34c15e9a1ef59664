"""The meeting pages in the project's permission matrix (chibo/core/tests/test_permission_matrix.py).

Every object lies in tree.a's subtree (chi bộ A1); they are made once per tree.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chibo.accounts.roles import Action


def _meeting(tree: Any, state: str = "published") -> Any:
    from chibo.meetings import services as svc

    cache = tree.__dict__.setdefault("_meetings", {})
    if state not in cache:
        meeting = svc.meeting_create(
            actor=None,
            unit=tree.a1,
            kind="regular",
            starts_at=timezone.now() - timedelta(hours=2),
            ends_at=timezone.now() - timedelta(minutes=20),
            place="Phòng họp",
        )
        svc.meeting_publish(actor=None, meeting=meeting)
        if state == "final":
            entries = {a.member_id: ("present", "") for a in meeting.attendances.all()}
            svc.attendance_record(actor=None, meeting=meeting, entries=entries)
            svc.minutes_save(
                actor=None, meeting=meeting, version=None, changes={"chair": "A", "recorder": "B"}
            )
            svc.minutes_finalise(actor=None, meeting=meeting)
        cache[state] = meeting
    return cache[state]


def _document(tree: Any) -> int:
    from chibo.meetings import services as svc

    meeting = _meeting(tree)
    document = meeting.documents.first() or svc.meeting_document_add(
        actor=None, meeting=meeting, title="Dự thảo nghị quyết", file=SimpleUploadedFile("d.pdf", b"%PDF-1.4")
    )
    return document.pk


def _page(name: str, state: str = "published") -> Any:
    return lambda t: reverse(name, args=[_meeting(t, state).pk])


CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "meetings:list": (lambda t: reverse("meetings:list"), Action.VIEW, "get", False, {"sibling": (200,)}),
    "meetings:alerts": (lambda t: reverse("meetings:alerts"), Action.VIEW, "get", False, {"sibling": (200,)}),
    "meetings:rates": (lambda t: reverse("meetings:rates") + "?unit=A", Action.VIEW, "get", False, {}),
    "meetings:create": (lambda t: reverse("meetings:create", args=["A1"]), Action.MANAGE, "get", False, {}),
    "meetings:plan": (lambda t: reverse("meetings:plan", args=["A1"]), Action.MANAGE, "get", False, {}),
    "meetings:detail": (_page("meetings:detail"), Action.VIEW, "get", False, {}),
    "meetings:edit": (_page("meetings:edit"), Action.MANAGE, "get", False, {}),
    "meetings:cancel": (_page("meetings:cancel"), Action.MANAGE, "get", False, {}),
    # allowed: the service refuses a second notice with a message, and the page comes back
    "meetings:publish": (
        _page("meetings:publish"),
        Action.MANAGE,
        "post",
        False,
        {"own": (302,), "ancestor": (302,)},
    ),
    "meetings:document_add": (_page("meetings:document_add"), Action.MANAGE, "get", False, {}),
    "meetings:document": (
        lambda t: reverse("meetings:document", args=[_document(t)]),
        Action.VIEW,
        "get",
        False,
        {},
    ),
    "meetings:attendance": (_page("meetings:attendance"), Action.MANAGE, "get", False, {}),
    "meetings:sheet": (_page("meetings:sheet"), Action.VIEW, "get", False, {}),
    "meetings:minutes": (_page("meetings:minutes", "final"), Action.MANAGE, "get", False, {}),
    "meetings:resolution": (_page("meetings:resolution", "final"), Action.MANAGE, "get", False, {}),
    "meetings:finalise": (
        _page("meetings:finalise", "final"),
        Action.MANAGE,
        "post",
        False,
        {"own": (302,), "ancestor": (302,)},
    ),
    "meetings:correct": (_page("meetings:correct", "final"), Action.MANAGE, "get", False, {}),
    "meetings:minutes_pdf": (_page("meetings:minutes_pdf", "final"), Action.VIEW, "get", False, {}),
    # the check-in page is a member's, not a staff page: a signed-in user without a member record
    # is refused (403) whatever their role, the anonymous are sent to sign in
    "meetings:checkin": (
        lambda t: reverse("meetings:checkin", args=[_meeting(t).checkin_token]),
        Action.VIEW,
        "get",
        False,
        {
            "no_role": (403,),
            "sibling": (403,),
            "own": (403,),
            "ancestor": (403,),
            "own_without_right": (403,),
        },
    ),
}
