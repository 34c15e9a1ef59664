"""Messages for the refusal codes raised by chibo.discipline (merged into chibo.core.messages)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    "discipline.target_outside": _(
        "%(name)s is not within %(unit)s: a programme or case of a committee concerns only its own "
        "subtree (an organisation: a unit below the committee)."
    ),
    "discipline.topic_required": _("Topic: say what the programme inspects or supervises."),
    "discipline.kind_unknown": _(
        "Kind: choose kiểm tra or giám sát, thường xuyên or chuyên đề (Party Charter art. 30)."
    ),
    "discipline.period_outside_year": _(
        "Period: a programme of %(year)s must start in %(year)s (it starts on %(start)s)."
    ),
    "discipline.programme_concluded": _("The programme is concluded: it can no longer be changed."),
    "discipline.field_not_editable": _("These fields of a programme cannot be changed here: %(fields)s."),
    "discipline.programme_not_planned": _("Only a planned programme can be started."),
    "discipline.programme_not_in_progress": _("Only a programme in progress can be concluded."),
    "discipline.conclusion_required": _("Conclusion: write the programme's conclusion (kết luận)."),
    "discipline.step_before_previous": _(
        "The date %(day)s is before the previous step (%(previous_on)s): the steps of a case — violation, "
        "report / tự kiểm điểm, review, decision, announcement — are dated in order (296-QĐ/TW)."
    ),
    "discipline.step_out_of_order": _(
        "This step cannot follow the case's current state (%(state)s): report / tự kiểm điểm, review by "
        "the competent body, decision and announcement are taken in this order (296-QĐ/TW)."
    ),
    "discipline.subject_required": _("Choose either a party member or a party organisation as the subject."),
    "discipline.member_left": _("%(name)s is no longer a member: a discipline case cannot be opened."),
    "discipline.unit_dissolved": _("%(name)s is dissolved: a discipline case cannot be opened."),
    "discipline.category_unknown": _("Violation category: “%(category)s” is not in the list (69-QĐ/TW)."),
    "discipline.description_required": _("Description: describe the violation."),
    "discipline.body_required": _("Body: name the competent body (chi bộ, đảng ủy, ủy ban kiểm tra)."),
    "discipline.number_required": _("Decision number: give the number of the decision."),
    "discipline.complaint_recorded": _("A complaint was already recorded on %(day)s."),
    "discipline.no_pending_complaint": _("There is no complaint awaiting a ruling on this case."),
    "discipline.ruling_required": _("Ruling: give the number or content of the ruling on the complaint."),
}
