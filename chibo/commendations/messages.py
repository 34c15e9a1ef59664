"""Messages for the refusal codes raised by chibo.commendations (merged into chibo.core.messages)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    "commendation.subject_required": _(
        "Subject: a commendation is for one collective (a unit) or one individual (a member), not both "
        "and not neither."
    ),
    "commendation.kind_unknown": _("Form: “%(kind)s” is not a form of commendation."),
    "commendation.level_unknown": _("Level: “%(level)s” is not a level of the issuing body."),
    "commendation.number_required": _(
        "Decision number: give the number of the commendation decision (it identifies the paper)."
    ),
    "commendation.decided_in_future": _(
        "Decision date: %(day)s is in the future; a commendation is recorded from a decision already "
        "signed (today is %(today)s)."
    ),
    "commendation.year_invalid": _(
        "For the year: %(year)s must lie between %(first)s and the year of the decision (%(last)s): a "
        "commendation rewards the results of a year that has passed."
    ),
    "commendation.under_discipline": _(
        "Member: %(name)s is under a discipline in effect on %(day)s (%(case)s). While a discipline is in "
        "effect a member receives no title (69-QĐ/TW art. 2, DOMAIN.md §7): tick the confirmation to "
        "record the commendation anyway."
    ),
    "commendation.annulled": _("This commendation was annulled on %(day)s: it can no longer be changed."),
    "commendation.field_not_editable": _(
        "These fields cannot be corrected: %(fields)s (to change the subject, annul and record anew)."
    ),
    "commendation.reason_required": _("Reason: give the reason of the correction or annulment."),
    "commendation.nothing_changed": _("The correction changes nothing."),
    "commendation.annulled_in_future": _("Annulled on: %(day)s is in the future (today is %(today)s)."),
    "commendation.annulled_before_decision": _(
        "Annulled on: %(day)s is before the commendation decision (%(decided_on)s)."
    ),
}
