"""Messages for the refusal codes raised by chibo.portal (merged into chibo.core.messages)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    "portal.not_your_record": _(
        "Only the member themself, signed in to their own account, may ask to correct their record."
    ),
    "portal.unknown_field": _("Unknown part of the record: %(field)s."),
    "portal.text_length": _(
        "Say what is wrong and what it should be in %(min)s to %(max)s characters (you wrote %(length)s)."
    ),
    "portal.too_many_open": _(
        "You already have %(max)s open correction requests: wait for the secretary's answers first."
    ),
    "portal.already_closed": _("This correction request has already been answered."),
    "portal.close_state": _("A correction request is closed as corrected or rejected, not %(state)s."),
    "portal.answer_required": _("Say why the correction request is rejected."),
    "portal.answer_length": _("The answer may have at most %(max)s characters (it has %(length)s)."),
}
