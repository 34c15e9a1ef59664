"""Forms of the admission pipeline: the person, and one small form per step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.admissions.models import PaperKind, Source, Stage
from chibo.core.forms import StyledForm
from chibo.core.messages import violation_message
from chibo.members.models import Member, MemberStatus, ProfessionalLevel, Sex, TheoryLevel
from chibo.organizations.forms import DateInput, past_or_today
from chibo.rules import members as member_rules
from chibo.rules.errors import RuleViolation

#: A scan of a paper: PDF or image, at most this size.
MAX_SCAN_BYTES = 10 * 1024 * 1024


def _date(label: Any, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), validators=[past_or_today], help_text=help_text
    )


def _number(label: Any = None, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label or _("Number"), max_length=50, required=required)


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class CandidateForm(StyledForm):
    """The person's details (a new candidate, or a correction with ``version``)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    birth_date = _date(_("Date of birth"))
    sex = forms.ChoiceField(label=_("Sex"), choices=_blank(Sex.choices), required=False)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=50, initial="Kinh", required=False)
    religion = forms.CharField(label=_("Religion"), max_length=50, required=False)
    home_town = forms.CharField(label=_("Home town"), max_length=255, required=False)
    residence = forms.CharField(label=_("Current residence"), max_length=255, required=False)
    cccd = forms.CharField(label=_("Citizen ID (CCCD)"), max_length=20, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    education_general = forms.CharField(
        label=_("General education"), max_length=10, required=False, help_text=_("e.g. 12/12")
    )
    education_professional = forms.ChoiceField(
        label=_("Professional education"), choices=_blank(ProfessionalLevel.choices), required=False
    )
    theory_level = forms.ChoiceField(
        label=_("Political theory"), choices=_blank(TheoryLevel.choices), required=False
    )
    job = forms.CharField(label=_("Job"), max_length=255, required=False)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    host_unit_name = forms.CharField(label=_("Workplace"), max_length=255, required=False)
    host_unit_joined_on = _date(_("Joined the workplace on"), required=False)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices, initial=Source.OTHER)
    over_age_approval = forms.CharField(
        label=_("Written approval for admission over 60"),
        max_length=255,
        required=False,
        help_text=_(
            "Only for a candidate over 60: number and date of the provincial-level committee's approval."
        ),
    )

    def clean_cccd(self) -> str:
        value = self.cleaned_data["cccd"].strip()
        if value:
            try:
                return member_rules.validate_cccd(value)
            except RuleViolation as error:  # the same message as the service's
                raise forms.ValidationError(violation_message(error)) from error
        return value


class CandidateCreateForm(CandidateForm):
    entered_on = _date(_("Candidate since"), help_text=_("When the chi bộ took them on as a candidate."))


class CandidateEditForm(CandidateForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CandidateFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("Open candidacies")), *Stage.choices]
    )


class CertificateForm(StyledForm):
    number = _number(_("Certificate number"))
    issued_on = _date(_("Issued on"))


class PaperForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Paper"), choices=[c for c in PaperKind.choices if c[0] != PaperKind.CERTIFICATE]
    )
    number = _number(required=False)
    issued_on = _date(_("Dated"))
    scan = forms.FileField(
        label=_("Scan (PDF, JPG or PNG, at most 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_scan(self) -> Any:
        scan = self.cleaned_data.get("scan")
        if scan and scan.size > MAX_SCAN_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."), code="too_large")
        if scan and scan.name.rsplit(".", 1)[-1].lower() not in ("pdf", "jpg", "jpeg", "png"):
            raise forms.ValidationError(_("Only PDF, JPG or PNG files are accepted."), code="extension")
        return scan


class IntroducerForm(StyledForm):
    member = forms.ModelChoiceField(label=_("Official member"), queryset=Member.objects.none())
    together_since = _date(
        _("Together in the same unit since"),
        help_text=_(
            "Worked, studied or lived with the candidate in the same unit since (at least 12 months)."
        ),
    )
    assigned_on = _date(_("Assigned on"))
    replacement = forms.BooleanField(
        label=_("Replacement assigned by the chi bộ (the 12 months are waived)"), required=False
    )

    def __init__(self, *args: Any, grassroots_path: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from chibo.core.scoping import subtree_q

        field = self.fields["member"]
        field.queryset = (  # type: ignore[attr-defined]
            Member.objects.filter(subtree_q(grassroots_path, "unit_path"), status=MemberStatus.OFFICIAL)
            .select_related("unit")
            .order_by("name_sort", "pk")
        )
        field.label_from_instance = lambda m: f"{m.full_name} — {m.unit.name}"  # type: ignore[attr-defined]


class ReleaseForm(StyledForm):
    released_on = _date(_("Released on"))
    reason = forms.CharField(label=_("Reason"), max_length=255)


class DateOnlyForm(StyledForm):
    on = _date(_("Date"))


class VoteForm(StyledForm):
    held_on = _date(_("Meeting date"))
    in_favour = forms.IntegerField(label=_("In favour"), min_value=0)
    against = forms.IntegerField(label=_("Against"), min_value=0)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ResolutionForm(StyledForm):
    on = _date(_("Resolution date"))
    number = _number(_("Resolution number"))


class DecideForm(StyledForm):
    decided_on = _date(_("Decision signed on"), help_text=_("Party age counts from this date."))
    number = _number(_("Decision number"))
    received_on = _date(_("Received by the chi bộ on"), required=False)


class CeremonyForm(StyledForm):
    held_on = _date(_("Ceremony held on"))
    consent = forms.CharField(
        label=_("Upper committee's consent to a late ceremony"),
        max_length=255,
        required=False,
        help_text=_("Needed only more than 30 working days after the decision was received."),
    )


class RecogniseForm(StyledForm):
    decided_on = _date(_("Decision signed on"))
    number = _number(_("Decision number"))


class NotRecognisedForm(RecogniseForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(StyledForm):
    on = _date(_("Date"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class TargetForm(StyledForm):
    unit = forms.CharField(widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput)
    target = forms.IntegerField(label=_("Target"), min_value=0, max_value=1_000_000)
