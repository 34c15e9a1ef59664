"""Translated messages for rule refusals: each names the rule and, where there is one, its source.

Views and the API call ``violation_message``; tests assert codes, not these texts.
"""

from __future__ import annotations

from datetime import date
from importlib import import_module
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from chibo.core.app_registries import CASE_APPS
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
    "unit.authority_level": _(
        "Only a đảng bộ cơ sở can hold delegated authority to admit members "
        "(232-QĐ/TW §4.3.2: the đảng ủy cơ sở được ủy quyền)."
    ),
    "unit.same_name": _("The new name is the same as the current name."),
    "unit.parent_unknown": _("The parent unit “%(code)s” comes later in the list or does not exist."),
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
    "date.end_not_after_start": _("The end date %(end)s must be after the start date %(start)s."),
    "member.cccd_format": _("Citizen ID (CCCD): “%(value)s” is not 12 digits."),
    "member.cccd_province": _(
        "Citizen ID (CCCD): “%(value)s” does not start with a province code (001–096)."
    ),
    "member.cccd_taken": _("Citizen ID (CCCD) %(cccd)s already belongs to another active member."),
    "member.sex_invalid": _("Sex must be male or female."),
    "member.admitted_before_birth": _(
        "Admission decision date: %(admitted_on)s is before the date of birth."
    ),
    "member.died_before_birth": _("Date of death: %(died_on)s is before the date of birth %(birth_date)s."),
    "member.ceremony_before_decision": _(
        "Admission ceremony date: %(ceremony_on)s is before the admission decision (%(admitted_on)s)."
    ),
    "member.official_before_ceremony": _(
        "Official date: %(official_on)s is before the admission ceremony (%(ceremony_on)s)."
    ),
    "member.edited_concurrently": _(
        "Someone else saved this record after you opened it. Reload the page to see their changes, "
        "then make yours again."
    ),
    "member.field_not_editable": _("These fields change only through events: %(fields)s."),
    "member.has_left": _("This person is no longer a member: no event can be recorded."),
    "member.not_left": _("Only someone who has left can be re-admitted."),
    "member.deceased": _("A deceased member cannot be re-admitted."),
    "member.readmission_limit": _(
        "A member can be re-admitted only %(allowed)s time(s) (Party Charter art. 5)."
    ),
    "member.event_before_birth": _("The date %(day)s is before the member's date of birth."),
    "member.event_before_admission": _(
        "The date %(day)s is before the admission decision (%(admitted_on)s)."
    ),
    "member.event_out_of_order": _(
        "The date %(day)s is before the member's latest recorded event (%(last_event_on)s): "
        "events are recorded in order."
    ),
    "member.not_probationary": _("Only a probationary member can be recognised as official."),
    "member.probation_not_ended": _(
        "The 12 months of probation end on %(ends)s: recognition is possible from that day "
        "(Party Charter art. 5)."
    ),
    "member.account_linked": _("This member already has an account."),
    "member.account_taken": _("The account “%(username)s” already belongs to another member."),
    "member.ceremony_not_probationary": _(
        "The admission ceremony is held for a newly admitted (probationary) member only."
    ),
    "member.ceremony_recorded": _("The admission ceremony was already recorded (%(ceremony_on)s)."),
    "member.ceremony_missing": _("Record the admission ceremony date first: probation counts from it."),
    "member.same_unit": _("The member is already in this unit."),
    "member.already_away": _("The member is on a temporary transfer: record the return first."),
    "member.temporary_purpose": _("Choose the purpose of the temporary transfer: work, residence or study."),
    "member.temporary_duration": _(
        "This temporary transfer may last from %(min)s months to %(max)s months; "
        "for work or residence it must end before %(max)s months "
        "(Regulation implementing the Party Charter, §6.3.2)."
    ),
    "member.exemption_reason": _("Choose a reason for the exemption."),
    "member.exemption_in_past": _("The exemption period ends in the past (%(end)s)."),
    "member.exemption_not_old": _(
        "Exemption for old age needs the member past working age (%(min_years)s years) on %(start)s."
    ),
    "member.already_exempt": _("The member is already exempt: end the current exemption first."),
    "member.exemption_already_ended": _("This exemption has already ended."),
    "member.birth_and_sex_required": _("Record the member's date of birth and sex first."),
    "member.leave_reason_invalid": _("Choose why the member leaves."),
    "transfer.letter_required": _("Give the receiving organisation and the transfer letter number."),
    "transfer.letter_before_decision": _(
        "The transfer letter cannot be dated before the decision takes effect."
    ),
    "transfer.not_in_progress": _("This transfer is not waiting for arrival."),
    "transfer.not_temporary_open": _("This is not an open temporary transfer."),
    "transfer.arrival_date": _("The arrival date %(day)s must be between the letter's date and today."),
    "absence.kind_invalid": _("Choose away or abroad."),
    "absence.country_required": _("Give the country."),
    "absence.reason_required": _("Give the reason."),
    "absence.report_required": _("Write the report after return."),
    "absence.already_returned": _("The return was already recorded."),
    "absence.return_date": _("The return date %(day)s must be between the start and today."),
    "party_age.gap_reversed": _("A period out of the Party ends before it starts."),
    "party_age.negative_years": _("The number of years cannot be negative."),
    "member.name_required": _("Full name is required."),
    "member.unit_unknown": _("No unit with code “%(code)s” in the subtree being loaded."),
    "member.event_before_membership": _(
        "The date %(day)s is before the member joined this unit (%(joined_on)s)."
    ),
    "unit.holds_no_members": _(
        "Members belong to a party cell or party group: this unit's level cannot hold members."
    ),
    "member.status_invalid": _("The member status is not valid here."),
    "member.official_before_admission": _("The official date cannot be before the admission decision date."),
    "role.unknown": _("Unknown role."),
    "role.already_granted": _("This user already has this role on this unit."),
    "role.revoke_self": _("You cannot take away your own organisation-board role."),
    "user.create_forbidden": _("You do not have the right to create accounts."),
    "user.username_required": _("A user name is required."),
    "user.username_taken": _("The user name “%(username)s” is already taken."),
    "otp.already_enrolled": _("An authenticator app is already set up for this account."),
    "otp.no_pending_device": _("Start the set-up of the authenticator app again."),
    "otp.wrong_code": _(
        "The code is not correct. Type the 6-digit code the app shows now, or a recovery code."
    ),
    "otp.code_required": _("Type the code from the authenticator app."),
    "otp.throttled": _("Too many wrong codes: wait a little and try again."),
    "otp.not_enrolled": _("This account has no authenticator app set up."),
    "otp.reset_self": _(
        "You cannot reset your own second factor; ask another member of the organisation board."
    ),
    "otp.reset_forbidden": _("You do not have the right to reset this account's second factor."),
    "calendar.forbidden": _(
        "Only the organisation board of the top committee can change the working-day calendar."
    ),
    "calendar.kind_invalid": _("Choose a day off or a working day."),
    "calendar.reason_required": _("Give the reason (e.g. the government decision)."),
    "admission.step_out_of_order": _(
        "This step cannot follow the candidacy's current stage: the admission steps are taken in the "
        "order of 12-HD/BTCTW (awareness class, dossier, chi bộ resolution, đảng ủy resolution where it "
        "applies, decision, ceremony, recognition)."
    ),
    "admission.step_before_previous": _(
        "The date %(day)s is before the previous step (%(previous_on)s): the steps are dated in order."
    ),
    "admission.too_young": _(
        "The candidate is %(months)s months old at the chi bộ's vote; admission needs full 18 years "
        "(%(min)s months) counted in months (Regulation 232-QĐ/TW §1.1)."
    ),
    "admission.over_age_needs_approval": _(
        "The candidate is %(months)s months old, over 60 years (%(max)s months): record the written "
        "approval of the provincial-level committee first (01-HD/TW §1.1)."
    ),
    "admission.introducers_count": _(
        "%(required)s introducing official member(s) are required; %(given)s assigned."
    ),
    "admission.introducer_not_official": _(
        "%(name)s is not an official member and cannot introduce a candidate (24-QĐ/TW §3.2.1)."
    ),
    "admission.introducer_too_recent": _(
        "%(name)s has worked or lived with the candidate in the same unit for %(months)s months; at "
        "least %(min)s are needed, unless the chi bộ assigned them as a replacement (24-QĐ/TW §3.2)."
    ),
    "admission.introducer_elsewhere": _(
        "%(name)s is not a member of the candidate's grassroots party organisation."
    ),
    "admission.introducer_twice": _("%(name)s is already an introducer of this candidate."),
    "admission.introducer_released": _("This introducer was already released."),
    "admission.together_after_assignment": _(
        "The date they have been together (%(day)s) is after the assignment (%(assigned_on)s)."
    ),
    "admission.certificate_expired": _(
        "The certificate of the awareness class (issued %(issued_on)s) is not valid on that date: it is "
        "valid for 60 months (expired on %(expired_on)s)."
    ),
    "admission.dossier_incomplete": _("The dossier is missing: %(missing)s (12-HD/BTCTW §II.1.1)."),
    "admission.dossier_stale": _(
        "The dossier was completed on %(completed_on)s, more than 12 months ago, without a chi bộ vote: "
        "the introducer's letter, the Youth Union resolution and the comments must be redone (01-HD/TW)."
    ),
    "admission.dossier_not_stale": _(
        "The dossier completed on %(completed_on)s is less than 12 months old: nothing has to be redone."
    ),
    "admission.vote_exceeds_members": _(
        "%(votes)s votes were entered but the chi bộ has %(members)s official members."
    ),
    "admission.vote_negative": _("Vote counts cannot be negative."),
    "admission.vote_no_members": _("The chi bộ has no official member to vote."),
    "admission.ceremony_late": _(
        "The ceremony is later than %(due)s, 30 working days after the decision was received: record "
        "the upper committee's consent (232-QĐ/TW §4.1)."
    ),
    "admission.certificate_is_a_step": _(
        "The awareness class certificate is recorded with the step “Awareness class done”."
    ),
    "admission.paper_unknown": _("“%(kind)s” is not a paper of the admission dossier."),
    "admission.number_required": _("Give the number of the paper."),
    "admission.reason_required": _("Give the reason."),
    "admission.closed": _("This candidacy can no longer be changed at this stage."),
    "admission.cccd_member": _("A party member with the citizen ID %(cccd)s already exists."),
    "admission.cccd_candidate": _("Another open candidacy has the citizen ID %(cccd)s."),
    "admission.no_grassroots": _("The chi bộ does not belong to a grassroots party organisation."),
    "admission.no_upper_committee": _("The grassroots organisation has no upper committee to decide."),
    "admission.target_from_above": _("Targets are set by the level above; this unit has none."),
    "admission.target_negative": _("A target cannot be negative."),
    "admission.target_year": _("Targets can be set for the years %(first)s to %(last)s."),
    "meeting.end_before_start": _("The meeting cannot end (%(end)s) before it starts (%(start)s)."),
    "meeting.plan_day": _("Choose a day of the month from 1 to 31 (not %(day)s)."),
    "meeting.plan_quarters": _(
        "Choose one month in each quarter for the thematic meetings (at least one a quarter)."
    ),
    "meeting.votes_exceed_base": _(
        "%(votes)s votes in favour were entered but only %(base)s members count towards the vote "
        "(24-QĐ/TW §9.3.2)."
    ),
    "meeting.kind_unknown": _("Unknown kind of meeting “%(kind)s”."),
    "meeting.cancel_reason_required": _("Give the reason the meeting is cancelled."),
    "meeting.attendance_empty": _("Mark the attendance of the members first."),
    "meeting.attendance_incomplete": _(
        "%(count)s member(s) have no attendance status yet (%(names)s): mark every summoned member."
    ),
    "meeting.already_recorded": _(
        "The secretary has already recorded your attendance; ask the chi bộ to correct it if needed."
    ),
    "meeting.already_published": _("The notice of this meeting was already sent."),
    "meeting.attendance_status": _("Unknown attendance status “%(status)s”."),
    "meeting.before_unit": _("The meeting (%(day)s) is before the unit was founded (%(founded_on)s)."),
    "meeting.checkin_closed": _(
        "The sign-in of this meeting is closed (from an hour before the start to an hour after the end)."
    ),
    "meeting.checkin_unknown": _("This QR code is not the code of a meeting."),
    "meeting.checkin_offline_refused": _(
        "The sign-in pressed offline at %(made_at)s cannot be accepted: it was outside the sign-in of the "
        "meeting (from an hour before the start to an hour after the end) or reached us more than a day "
        "later, and the sign-in is now closed."
    ),
    "meeting.closed": _("The meeting is %(state)s and can no longer be changed."),
    "meeting.minutes_final": _("The minutes are finalised: add a correction instead of changing them."),
    "meeting.minutes_incomplete": _("Fill in who chaired the meeting and who wrote the minutes first."),
    "meeting.minutes_not_final": _("Only finalised minutes are corrected; edit the draft instead."),
    "meeting.not_held": _("Take the attendance first: the meeting has not been held yet."),
    "meeting.not_published": _("Send the meeting notice first: nobody has been summoned yet."),
    "meeting.not_started": _("The meeting has not started yet."),
    "meeting.not_summoned": _("This member was not summoned to this meeting (not a member of the cell)."),
    "meeting.not_yours": _("You can only answer for yourself."),
    "meeting.plan_cells_only": _("A yearly plan of monthly meetings is made for a chi bộ."),
    "meeting.plan_exists": _("The chi bộ already has regular meetings in %(year)s: move or fill them in."),
    "meeting.reason_required": _("Give the reason of the absence of %(name)s."),
    "meeting.text_required": _("Write the text."),
    "meeting.title_required": _("Give the document a title."),
    "evaluation.score_range": _(
        "The score %(score)s is outside the 100-point frame (%(min)s–%(max)s; 366-QĐ/TW: 30 common "
        "criteria + 70 task results)."
    ),
    "evaluation.share_range": _(
        "The share of tasks (%(name)s) must be between 0 and 100%%; %(share)s was given."
    ),
    "evaluation.grade_unknown": _("“%(grade)s” is not a grade: use HTXSNV, HTTNV, HTNV or KHTNV."),
    "evaluation.count_negative": _("A number of members cannot be negative (%(count)s)."),
    "evaluation.quota_exceeded": _(
        "%(excellent)s graded “Hoàn thành xuất sắc nhiệm vụ”, but at most %(allowed)s are allowed: 20%% of "
        "the %(good)s graded “Hoàn thành tốt nhiệm vụ”, rounded down (21-HD/BTCTW; 124/366-QĐ/TW)."
    ),
    "discipline.subject_unknown": _(
        "“%(subject)s” is not a subject of discipline (a member or a party organisation)."
    ),
    "discipline.form_not_allowed": _(
        "The form %(form)s cannot be applied to this %(subject)s (69-QĐ/TW art. 7; Party Charter art. 35: "
        "probationary members only khiển trách or cảnh cáo; cách chức only for office holders; "
        "organisations khiển trách, cảnh cáo, giải tán)."
    ),
    "discipline.form_unknown": _("“%(form)s” is not a discipline form."),
    "discipline.limitation_passed": _(
        "The limitation period for the violation of %(violation_date)s ended on %(ends)s; a decision on "
        "%(decided_on)s is too late (thời hiệu: 5 years khiển trách, 10 years cảnh cáo/cách chức)."
    ),
    "discipline.decided_before_violation": _(
        "The decision date %(decided_on)s is before the violation (%(violation_date)s)."
    ),
    "badge.early_negative": _("The months of early award cannot be negative (%(early_months)s)."),
    "badge.early_too_much": _(
        "The %(threshold)s-year badge can be awarded at most %(allowed)s months early for this reason "
        "(%(reason)s); %(early_months)s were asked (01-HD/TW §18.1–18.2)."
    ),
    "badge.early_reason_unknown": _("An early award needs its reason: serious illness or posthumous."),
    "badge.threshold_unknown": _(
        "%(threshold)s years of party age is not a badge threshold (30, 40, 45 … 90)."
    ),
    "badge.not_award_day": _(
        "%(day)s is not an award day of the party badge (3/2, 19/5, 2/9, 7/11; 01-HD/TW §18)."
    ),
    "badge.round_exists": _("A badge round for this unit on %(day)s already exists."),
    "badge.round_approved": _("The round is approved: it can no longer be changed."),
    "badge.reason_required": _("Reason: say why the round is discarded."),
    "badge.member_elsewhere": _("%(name)s is not a member of this unit."),
    "badge.posthumous_alive": _("A posthumous award is for a member who has died (%(name)s has not)."),
    "badge.not_official": _("%(name)s is not an official member."),
    "badge.no_admission_date": _("%(name)s has no admission decision date: party age cannot be counted."),
    "badge.not_due": _("No badge is due to %(name)s on this award day, even with the months asked."),
    "badge.not_awarded": _("The badge is not awarded yet: approve the round first."),
    "badge.not_in_round": _("A badge recorded from the register is not part of a round."),
    "badge.round_empty": _("The round has no badge to award."),
    "badge.history_before_reached": _(
        "The %(threshold)s-year badge could not have been awarded then: that party age is reached on "
        "%(reached_on)s (at most 24 months earlier for an early award)."
    ),
    "badge.already_recorded": _("The %(threshold)s-year badge of this member is already recorded."),
    "profile.unknown_field": _("Unknown regulation profile field(s): %(fields)s."),
    "workdays.negative": _("The number of working days cannot be negative."),
}
#: Apps that keep the messages of their own refusal codes beside their code (chibo.<app>.messages).
for _app in CASE_APPS:
    MESSAGES.update(import_module(f"chibo.{_app}.messages").MESSAGES)


def _display(value: Any) -> Any:
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


FIELD_LABELS: dict[str, Any] = {
    "birth_date": _("Date of birth"),
    "admitted_on": _("Admission decision date"),
    "ceremony_on": _("Admission ceremony date"),
    "official_on": _("Official date"),
    "host_unit_joined_on": _("Joined the workplace on"),
}


def violation_message(violation: RuleViolation) -> str:
    """The user's-language sentence for a refusal, prefixed with the field when the rule names one."""
    template = MESSAGES.get(violation.code)
    params = {key: _display(value) for key, value in violation.params.items()}
    if template is None:
        return str(_("The request was refused by rule %(code)s.") % {"code": violation.code})
    try:
        text = str(template) % params
    except (KeyError, TypeError):
        text = str(template)
    field = violation.params.get("field")
    return f"{FIELD_LABELS[field]}: {text}" if field in FIELD_LABELS else text
