"""Translated messages for rule refusals: each names the rule and, where there is one, its source.

Views and the API call ``violation_message``; tests assert codes, not these texts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from chibo.rules.errors import RuleViolation

MESSAGES: dict[str, Any] = {
    "date.in_future": _("The date %(day)s is in the future; only a date up to today (%(today)s) is allowed."),
    "unit.code_taken": _(
        "The unit code “%(code)s” is already used by another unit (codes are unique and stable)."
    ),
    "unit.parent_level": _(
        "A unit of this level cannot sit under a unit of that level (Party Charter art. 21, 24)."
    ),
    "unit.root_requires_superuser": _("Only an administrator can create a top-level unit."),
    "unit.founded_before_parent": _(
        "The founding date %(day)s is before the parent unit was founded (%(parent_founded_on)s)."
    ),
    "unit.same_name": _("The new name is the same as the current name."),
    "restructure.before_last_change": _(
        "The effective date %(day)s is before the unit's latest recorded change (%(not_before)s): "
        "history is recorded in order."
    ),
    "restructure.cycle": _("A unit cannot be moved under itself or one of its own sub-units."),
    "restructure.source_dissolved": _("This unit was dissolved on %(dissolved_on)s and cannot be changed."),
    "restructure.target_dissolved": _(
        "The chosen unit was dissolved on %(dissolved_on)s and cannot receive anything."
    ),
    "restructure.same_parent": _("The unit is already under this parent."),
    "restructure.same_unit": _("A unit cannot be merged into itself."),
    "restructure.split_root": _("A top-level unit cannot be split."),
    "restructure.split_no_parts": _("A split needs at least one new unit."),
    "restructure.split_duplicate_code": _("Two new units of the split have the same code."),
    "restructure.split_overlap": _("A member or sub-unit was given to two new units."),
    "restructure.split_foreign": _("A chosen member or sub-unit does not belong to the unit being split."),
    "restructure.source_not_empty": _(
        "To dissolve the unit, every member and sub-unit must go to a new unit: "
        "members are never left without one."
    ),
    "restructure.dissolve_not_empty": _(
        "The unit still has members or sub-units: choose a successor unit to receive them."
    ),
    "member.name_required": _("Full name is required."),
    "member.status_invalid": _("The member status is not valid here."),
    "member.official_before_admission": _("The official date cannot be before the admission decision date."),
    "role.unknown": _("Unknown role."),
    "role.already_granted": _("This user already has this role on this unit."),
    "role.revoke_self": _("You cannot take away your own organisation-board role."),
    "user.create_forbidden": _("You do not have the right to create accounts."),
    "user.username_required": _("A user name is required."),
    "user.username_taken": _("The user name “%(username)s” is already taken."),
    "calendar.forbidden": _(
        "Only the organisation board of the top committee can change the working-day calendar."
    ),
    "calendar.kind_invalid": _("Choose a day off or a working day."),
    "calendar.reason_required": _("Give the reason (e.g. the government decision)."),
    "profile.unknown_field": _("Unknown regulation profile field(s): %(fields)s."),
    "workdays.negative": _("The number of working days cannot be negative."),
}


def _display(value: Any) -> Any:
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


def violation_message(violation: RuleViolation) -> str:
    """The user's-language sentence for a refusal; unknown codes still say something useful."""
    template = MESSAGES.get(violation.code)
    params = {key: _display(value) for key, value in violation.params.items()}
    if template is None:
        return str(_("The request was refused by rule %(code)s.") % {"code": violation.code})
    try:
        return str(template) % params
    except (KeyError, TypeError):
        return str(template)
