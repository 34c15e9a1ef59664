"""Messages for the refusal codes raised by chibo.handbook (merged into chibo.core.messages)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    "handbook.unknown_kind": _("Unknown kind of post: %(kind)s (a notice or news)."),
    "handbook.title_required": _("The title of the notice or news is required."),
    "handbook.body_required": _("The text of the notice or news is required."),
    "handbook.body_too_long": _("The text is longer than %(limit)s characters."),
    "handbook.published_in_future": _("The publication date (%(day)s) cannot be after today."),
    "handbook.unknown_field": _("Unknown field(s) of a notice or news: %(fields)s."),
    "handbook.unit_dissolved": _("%(unit)s has been dissolved: nothing can be published to it."),
    "handbook.withdrawn": _("This notice or news has been withdrawn."),
    "handbook.reason_required": _("Give the reason for withdrawing the notice or news."),
    "handbook.comment_empty": _("The comment is empty."),
    "handbook.comment_too_long": _("The comment is longer than the limit of %(limit)s characters."),
    "handbook.comment_rate": _(
        "You have posted %(count)s comments in the last %(minutes)s minutes, the most allowed: "
        "wait a few minutes and send it again (your text is kept)."
    ),
    "handbook.comment_daily": _(
        "You have posted %(count)s comments today, the most allowed in a day: send it again tomorrow "
        "(your text is kept)."
    ),
    "handbook.challenge_required": _(
        "You have posted several comments in a short time: answer the small sum to send this one."
    ),
    "handbook.challenge_failed": _("The answer to the sum is wrong: try the new sum."),
    "handbook.already_moderated": _("This comment has already been moderated (%(state)s)."),
    "handbook.unknown_decision": _("Unknown moderation decision: %(decision)s."),
    "handbook.unknown_notification_kind": _("Unknown kind of notification: %(kind)s."),
    "handbook.not_own_notification": _("This notification is not yours."),
}
