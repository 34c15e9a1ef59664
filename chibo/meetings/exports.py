"""Printed papers of a meeting: the sign-in sheet with its QR code, and the minutes (both in Vietnamese
whatever the user's language: :func:`chibo.core.papers.paper_pdf`)."""

from __future__ import annotations

from typing import Any

import segno
from django.utils import timezone

from chibo.core import papers
from chibo.meetings.models import Meeting


def sign_in_sheet_pdf(meeting: Meeting, *, checkin_url: str) -> bytes:
    """A4 sheet: the meeting, the QR code members scan to sign in, and a line per summoned member."""
    qr = segno.make(checkin_url, error="m").svg_data_uri(scale=4, border=2)
    attendances = meeting.attendances.select_related("member").order_by("member__name_sort", "member_id")
    return papers.paper_pdf(
        "meetings/sign_in_sheet_pdf.html",
        {
            "meeting": meeting,
            "qr": qr,
            "attendances": attendances,
            "start": timezone.localtime(meeting.starts_at),
        },
    )


def minutes_pdf(meeting: Meeting, **figures: Any) -> bytes:
    """The minutes (biên bản sinh hoạt chi bộ) in the usual layout, with corrections appended."""
    minutes = meeting.minutes
    return papers.paper_pdf(
        "meetings/minutes_pdf.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "resolutions": minutes.resolutions.all(),
            "corrections": minutes.corrections.all(),
            "start": timezone.localtime(meeting.starts_at),
            **figures,
        },
    )
