"""Messages for the refusal codes raised by chibo.evaluations (merged into chibo.core.messages)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    "evaluation.table_totals": _(
        "The scoring table's %(group)s criteria total %(total)s points; they must total %(expected)s "
        "(366-QĐ/TW: 30 points of common criteria + 70 points of task results)."
    ),
    "evaluation.group_unknown": _(
        "“%(group)s” is not a group of the scoring table: use “common” (30 points) or “tasks” (70 points)."
    ),
    "evaluation.points_range": _(
        "Points for criterion %(code)s: %(points)s is outside 0–%(max)s, the criterion's maximum in the "
        "scoring table."
    ),
    "evaluation.subject_unknown": _("“%(subject)s” is not evaluated: use “member” or “unit”."),
    "evaluation.criterion_codes": _("Every criterion of the scoring table needs its own code."),
    "evaluation.criterion_text": _("Every criterion of the scoring table needs its text."),
    "evaluation.table_exists": _("This unit already has a scoring table for %(year)s: edit it instead."),
    "evaluation.no_table_to_copy": _(
        "No scoring table applied to this unit in %(year)s: there is none to copy."
    ),
    "evaluation.no_table": _(
        "No scoring table (bảng chấm điểm) applies to your chi bộ for %(year)s yet: ask the committee."
    ),
    "evaluation.criterion_unknown": _("Criterion %(code)s is not in the scoring table."),
    "evaluation.points_missing": _("Give the points for criterion %(code)s."),
    "evaluation.year_range": _("Year of the evaluation: %(year)s is outside %(first)s–%(last)s."),
    "evaluation.date_before_year": _(
        "The date %(day)s is before the evaluated year %(year)s: the evaluation comes after the year's work."
    ),
    "evaluation.no_grassroots": _(
        "%(unit)s belongs to no grassroots organisation (chi bộ cơ sở or đảng bộ cơ sở), whose committee "
        "decides the grades."
    ),
    "evaluation.not_grassroots": _(
        "%(unit)s is not a grassroots organisation: members' grades are decided by the chi bộ cơ sở or "
        "đảng bộ cơ sở (43-HD/BTCTW)."
    ),
    "evaluation.no_upper_committee": _(
        "%(unit)s has no upper committee to decide its grade (43-HD/BTCTW: the upper committee's standing "
        "board decides organisations' grades)."
    ),
    "evaluation.already_decided": _(
        "The grade for %(year)s is decided: it changes only through a correction with its decision."
    ),
    "evaluation.already_reviewed": _(
        "The chi bộ has already reviewed your evaluation for %(year)s: the self-assessment can no "
        "longer change."
    ),
    "evaluation.member_inactive": _("%(name)s is no longer a party member and is not evaluated."),
    "evaluation.not_your_record": _("Only the member, signed in with their own account, may self-assess."),
    "evaluation.review_before_self": _(
        "Review date: %(day)s is before the member's self-assessment (%(self_on)s)."
    ),
    "evaluation.not_pending": _("Evaluations %(ids)s are not waiting for this committee's decision."),
    "evaluation.grade_capped": _(
        "%(name)s cannot be graded %(grade)s: at most %(cap)s (a member disciplined in the year is graded "
        "KHTNV, 21-HD/BTCTW)."
    ),
    "evaluation.not_reviewed": _(
        "The chi bộ has not yet reviewed the self-assessment of %(names)s: review every member before the "
        "committee decides (43-HD/BTCTW)."
    ),
    "evaluation.nothing_to_decide": _("No reviewed evaluation for %(year)s is waiting for a decision."),
    "evaluation.not_decided": _("Only a decided grade is corrected; change the review instead."),
    "evaluation.grade_unchanged": _("The grade is already %(grade)s: a correction changes it."),
    "evaluation.outside_unit": _("Some of the members or organisations are not in %(unit)s."),
    "evaluation.already_recorded": _("Some of the grades for %(year)s are already recorded."),
}
