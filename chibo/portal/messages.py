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
    "activation.channel": _("Codes are sent as printed slips or by e-mail, not “%(channel)s”."),
    "activation.none_chosen": _("Choose the members who should get an activation code."),
    "activation.member_outside": _(
        "Member no. %(member)s is not a member of this unit's subtree that you manage."
    ),
    "activation.member_left": _("%(name)s is no longer a member: no account is issued."),
    "activation.batch_too_large": _(
        "At most %(max)s codes can be issued at once (%(count)s chosen): issue them unit by unit."
    ),
    "activation.nothing_to_issue": _(
        "No code was issued: the chosen members have already set their password (tick “new code "
        "for a forgotten password” to give them one), hold a committee role, or their account is closed."
    ),
    "activation.wrong": _(
        "The user name or the activation code is not correct: check both on your slip or e-mail."
    ),
    "activation.expired": _(
        "This activation code was valid until %(day)s: ask the secretary of your cell for a new one."
    ),
    "activation.used": _(
        "This activation code was already used: sign in with your password, or ask the secretary "
        "of your cell for a new code if you forgot it."
    ),
    "activation.revoked": _(
        "A newer activation code was issued for this account: use the latest slip or e-mail."
    ),
    "activation.account_closed": _(
        "This account is closed: its member is no longer on the party roll. Ask the party committee."
    ),
    "activation.staff_account": _(
        "This account holds a committee role: its password is reset by the administrator, not with "
        "an activation code."
    ),
    "activation.password_invalid": _("New password: %(reasons)s"),
    "activation.throttled": _(
        "Too many wrong attempts: try again in %(minutes)s minutes, or ask the secretary of your cell."
    ),
}
