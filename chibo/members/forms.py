from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.accounts.roles import Action
from chibo.core.forms import StyledForm
from chibo.members.models import (
    Absence,
    ActivityState,
    Exemption,
    MemberStatus,
    ProfessionalLevel,
    Sex,
    TheoryLevel,
)
from chibo.members.selectors import AGE_BANDS, PARTY_AGE_BANDS, MemberFilters
from chibo.organizations.forms import (
    DateInput,
    DecisionField,
    EffectiveDateField,
    UnitCodeField,
    past_or_today,
)
from chibo.organizations.models import UnitLevel
from chibo.rules import members as rules


def _date(label: Any, required: bool = False, past: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), validators=[past_or_today] if past else []
    )


def _choices(choices: Any, blank: Any = "—") -> list[tuple[str, Any]]:
    return [("", blank), *choices]


class MemberFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_choices(MemberStatus.choices, _("Active members"))
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=_choices(Sex.choices, _("All")))
    age_band = forms.ChoiceField(
        label=_("Age"), required=False, choices=_choices([(b, b) for b in AGE_BANDS], _("All"))
    )
    party_age_band = forms.ChoiceField(
        label=_("Party age"), required=False, choices=_choices([(b, b) for b in PARTY_AGE_BANDS], _("All"))
    )
    ethnicity = forms.CharField(label=_("Ethnicity"), required=False, max_length=50)
    education = forms.ChoiceField(
        label=_("Professional education"),
        required=False,
        choices=_choices(ProfessionalLevel.choices, _("All")),
    )
    theory = forms.ChoiceField(
        label=_("Political theory"), required=False, choices=_choices(TheoryLevel.choices, _("All"))
    )
    unit_level = forms.ChoiceField(
        label=_("Unit level"), required=False, choices=_choices(UnitLevel.choices, _("All"))
    )
    activity = forms.ChoiceField(
        label=_("Party activity"), required=False, choices=_choices(ActivityState.choices, _("All"))
    )

    def filters(self) -> MemberFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return MemberFilters(**{k: (v or "").strip() for k, v in data.items()})


class MemberForm(StyledForm):
    """The register fields of a record (creation and corrections)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    birth_date = _date(_("Date of birth"))
    sex = forms.ChoiceField(label=_("Sex"), choices=_choices(Sex.choices), required=False)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=50, required=False, initial="Kinh")
    religion = forms.CharField(label=_("Religion"), max_length=50, required=False)
    home_town = forms.CharField(label=_("Home town"), max_length=255, required=False)
    residence = forms.CharField(label=_("Current residence"), max_length=255, required=False)
    cccd = forms.CharField(
        label=_("Citizen ID (CCCD)"), max_length=20, required=False, help_text=_("12 digits.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    education_general = forms.CharField(
        label=_("General education"), max_length=10, required=False, help_text=_("e.g. 12/12")
    )
    education_professional = forms.ChoiceField(
        label=_("Professional education"), required=False, choices=_choices(ProfessionalLevel.choices)
    )
    theory_level = forms.ChoiceField(
        label=_("Political theory"), required=False, choices=_choices(TheoryLevel.choices)
    )
    foreign_language = forms.CharField(label=_("Foreign language"), max_length=100, required=False)
    job = forms.CharField(label=_("Job"), max_length=255, required=False)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    host_unit_name = forms.CharField(label=_("Workplace"), max_length=255, required=False)
    admitted_on = _date(_("Admission decision date"))
    ceremony_on = _date(_("Admission ceremony date"))
    official_on = _date(_("Official date"))
    card_number = forms.CharField(label=_("Party card number"), max_length=20, required=False)
    profile_number = forms.CharField(label=_("Lý lịch number"), max_length=30, required=False)
    badge_numbers = forms.CharField(label=_("Badge numbers"), max_length=255, required=False)


class MemberCreateForm(MemberForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (MemberStatus.OFFICIAL, MemberStatus.OFFICIAL.label),
            (MemberStatus.PROBATIONARY, MemberStatus.PROBATIONARY.label),
        ],
    )
    joined_on = _date(_("In this unit since"), required=False)


class MemberEditForm(MemberForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RecogniseForm(StyledForm):
    decided_on = EffectiveDateField(
        label=_("Decision date"),
        help_text=_("The official date will be the end of the 12 months of probation."),
    )
    decision = DecisionField()


class TransferInternalForm(StyledForm):
    to_unit = UnitCodeField(label=_("Receiving unit (code)"), action=Action.MANAGE)
    effective_on = EffectiveDateField()
    temporary_until = _date(_("Temporary until"), past=False)
    purpose = forms.ChoiceField(
        label=_("Purpose (temporary)"),
        required=False,
        choices=[
            (rules.TEMPORARY_WORK, _("Work")),
            (rules.TEMPORARY_RESIDENCE, _("Residence")),
            (rules.TEMPORARY_STUDY, _("Study")),
        ],
    )
    decision = DecisionField()


class TransferOutForm(StyledForm):
    external_org = forms.CharField(label=_("Receiving party organisation"), max_length=255)
    letter_number = forms.CharField(label=_("Transfer letter number"), max_length=50)
    letter_date = _date(_("Transfer letter date"), required=True)
    decision_effective_on = _date(_("Decision (job, retirement, move) takes effect on"), required=True)
    temporary_until = _date(_("Temporary until"), past=False)
    purpose = forms.ChoiceField(
        label=_("Purpose (temporary)"),
        required=False,
        choices=[
            (rules.TEMPORARY_WORK, _("Work")),
            (rules.TEMPORARY_RESIDENCE, _("Residence")),
            (rules.TEMPORARY_STUDY, _("Study")),
        ],
    )


class ArrivalForm(StyledForm):
    arrived_on = _date(_("Arrived on"), required=True)


class ReturnForm(StyledForm):
    returned_on = _date(_("Returned on"), required=True)


class ExemptForm(StyledForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=Exemption.Reason.choices)
    start_on = _date(_("From"), required=True, past=False)
    end_on = _date(_("Until"), past=False)
    decision = DecisionField()
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class ExemptionEndForm(StyledForm):
    ended_on = _date(_("Ended on"), required=True)


class AbsenceForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Absence.Kind.choices)
    country = forms.CharField(label=_("Country"), max_length=100, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=255)
    start_on = _date(_("From"), required=True, past=False)
    end_on = _date(_("Until"), past=False)


class AbsenceReturnForm(StyledForm):
    returned_on = _date(_("Returned on"), required=True)
    report = forms.CharField(label=_("Report after return"), widget=forms.Textarea(attrs={"rows": 3}))


class LeaveForm(StyledForm):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (rules.REMOVED, _("Removed from the list (xóa tên)")),
            (rules.EXPELLED, _("Expelled (khai trừ)")),
            (rules.RESIGNED, _("Left the Party at own request")),
            (rules.DIED, _("Deceased")),
        ],
    )
    on = EffectiveDateField()
    decision = DecisionField()


class ReadmitForm(StyledForm):
    unit = UnitCodeField(label=_("Unit (code)"), action=Action.MANAGE)
    admitted_on = _date(_("New admission decision date"), required=True)
    ceremony_on = _date(_("Admission ceremony date"))
    decision = DecisionField()
