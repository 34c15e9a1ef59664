"""Forms of commendations: record, correct, annul, and the filters of the list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.commendations.models import Commendation, Kind, Level
from chibo.commendations.selectors import COLLECTIVE, INDIVIDUAL
from chibo.core import regulations
from chibo.core.forms import StyledForm
from chibo.members.models import Member, MemberStatus
from chibo.organizations.forms import DateInput


def _year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=_("For the year"), min_value=1930, max_value=2200, **kwargs)


class DecisionFields(StyledForm):
    """The fields of the decision paper, shared by recording and correcting."""

    kind = forms.ChoiceField(label=_("Form"), choices=Kind.choices)
    level = forms.ChoiceField(label=_("Level of the issuing body"), choices=Level.choices)
    title = forms.CharField(
        label=_("Title"), max_length=255, required=False,
        help_text=_("As written on the decision, e.g. “Hoàn thành xuất sắc nhiệm vụ 5 năm liền”."),
    )  # fmt: skip
    year = _year_field()
    decision_number = forms.CharField(label=_("Decision number"), max_length=50, required=False)
    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput())
    issued_by = forms.CharField(label=_("Issuing body"), max_length=255, required=False)
    citation = forms.CharField(
        label=_("Reason (achievements)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RecordForm(DecisionFields):
    """A commendation of the unit of the page, or of one of its members (``subject``)."""

    field_order = ["subject", "kind", "level", "title", "year", "decision_number", "decided_on"]
    subject = forms.ModelChoiceField(
        label=_("Commended"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("The unit itself (a collective commendation)"),
    )
    confirm_despite_discipline = forms.BooleanField(
        label=_("I confirm: record this commendation although a discipline of the member is in effect"),
        required=False,
    )

    def __init__(self, *args: Any, unit: Any, warn: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Member.objects.filter(
            unit=unit, status__in=(MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY)
        ).order_by("name_sort", "pk")
        self.fields["subject"].queryset = members  # type: ignore[attr-defined]
        if not warn:
            del self.fields["confirm_despite_discipline"]


class CorrectForm(DecisionFields):
    reason = forms.CharField(label=_("Reason of the correction"), max_length=255)

    @classmethod
    def for_commendation(cls, commendation: Commendation, data: Any = None) -> CorrectForm:
        initial = {name: getattr(commendation, name) for name in DecisionFields.base_fields}
        form = cls(data, initial=initial)
        if commendation.member_id and not commendation.despite_discipline:  # a new date is checked again
            form.fields["confirm_despite_discipline"] = forms.BooleanField(
                label=_("If a discipline of the member is in effect on the new decision date: record anyway"),
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
        return form


class AnnulForm(StyledForm):
    reason = forms.CharField(label=_("Reason of the annulment"), max_length=255)
    on = forms.DateField(
        label=_("Annulled on"), widget=DateInput(), required=False, help_text=_("Empty: today.")
    )


class ListFilter(StyledForm):
    """The filters of the list (GET): a bad value is ignored, not an error page."""

    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2200, required=False)
    kind = forms.ChoiceField(label=_("Form"), choices=[("", _("Every form")), *Kind.choices], required=False)
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("Every level")), *Level.choices], required=False
    )
    subject = forms.ChoiceField(
        label=_("Commended"),
        choices=[("", _("Collectives and individuals")), (COLLECTIVE, _("Collectives")),
                 (INDIVIDUAL, _("Individuals"))],
        required=False,
    )  # fmt: skip
    unit = forms.CharField(label=_("Unit code (with its subtree)"), max_length=32, required=False)
    annulled = forms.BooleanField(label=_("Include annulled"), required=False)

    def values(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"year": None, "kind": "", "level": "", "subject": "", "unit": "", "annulled": False}
        return dict(self.cleaned_data)


def default_year() -> int:
    """Commendations are decided early in a year for the year before."""
    return regulations.today().year - 1
