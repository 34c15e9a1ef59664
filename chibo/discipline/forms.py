"""Forms of inspection and discipline."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.core.forms import StyledForm
from chibo.core.scoping import subtree_q
from chibo.discipline.models import Case, Category, Form, Programme
from chibo.members.models import Member, MemberStatus
from chibo.organizations.forms import DateInput, past_or_today
from chibo.organizations.models import Unit


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), validators=[past_or_today], required=required)


def _members_of(unit: Unit) -> Any:
    return (
        Member.objects.filter(subtree_q(unit.path, "unit_path"))
        .filter(status__in=(MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY))
        .order_by("name_sort", "pk")
    )


def _units_below(unit: Unit) -> Any:
    return (
        Unit.objects.filter(subtree_q(unit.path), dissolved_on__isnull=True)
        .exclude(pk=unit.pk)
        .order_by("path")
    )


class ProgrammeForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Programme.Kind.choices)
    mode = forms.ChoiceField(label=_("Mode"), choices=Programme.Mode.choices)
    topic = forms.CharField(label=_("Topic"), max_length=255)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())
    target_units = forms.ModelMultipleChoiceField(
        label=_("Organisations targeted"), queryset=Unit.objects.none(), required=False
    )
    target_members = forms.ModelMultipleChoiceField(
        label=_("Members targeted"), queryset=Member.objects.none(), required=False
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_units"].queryset = _units_below(unit)  # type: ignore[attr-defined]
        self.fields["target_members"].queryset = _members_of(unit)  # type: ignore[attr-defined]


class ProgrammeStartForm(StyledForm):
    on = _date(_("Started on"))


class ProgrammeConcludeForm(StyledForm):
    on = _date(_("Concluded on"))
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 4}))


class CaseOpenForm(StyledForm):
    subject = forms.ChoiceField(label=_("Subject"), choices=Case.Subject.choices, widget=forms.RadioSelect)
    member = forms.ModelChoiceField(label=_("Party member"), queryset=Member.objects.none(), required=False)
    target_unit = forms.ModelChoiceField(
        label=_("Party organisation"), queryset=Unit.objects.none(), required=False
    )
    category = forms.ChoiceField(label=_("Violation category"), choices=Category.choices)
    description = forms.CharField(
        label=_("Description of the violation"), widget=forms.Textarea(attrs={"rows": 3})
    )
    violation_on = _date(_("Violation date"))
    opened_on = _date(_("Opened on"))
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = _members_of(unit)  # type: ignore[attr-defined]
        self.fields["target_unit"].queryset = _units_below(unit)  # type: ignore[attr-defined]
        self.fields["programme"].queryset = Programme.objects.filter(  # type: ignore[attr-defined]
            subtree_q(unit.path, "unit__path")
        ).order_by("-year", "pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("subject") == Case.Subject.MEMBER:
            data["target_unit"] = None
            if not data.get("member"):
                self.add_error("member", _("Choose the party member."))
        elif data.get("subject") == Case.Subject.ORGANISATION:
            data["member"] = None
            if not data.get("target_unit"):
                self.add_error("target_unit", _("Choose the party organisation."))
        return data


class ReportForm(StyledForm):
    on = _date(_("Report / self-criticism on"))
    note = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReviewForm(StyledForm):
    on = _date(_("Reviewed on"))
    body = forms.CharField(label=_("Reviewing body"), max_length=255)
    note = forms.CharField(label=_("Review"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DecideForm(StyledForm):
    form = forms.ChoiceField(label=_("Discipline form"), choices=Form.choices)
    decided_on = _date(_("Decided on"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=50)
    deciding_body = forms.CharField(label=_("Deciding body"), max_length=255)

    def __init__(self, *args: Any, allowed: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed:
            self.fields["form"].choices = [c for c in Form.choices if c[0] in allowed]


class DayForm(StyledForm):
    on = _date(_("Date"))


class RulingForm(StyledForm):
    on = _date(_("Ruling announced on"))
    ruling = forms.CharField(label=_("Ruling"), max_length=255)


class AnnulForm(StyledForm):
    on = _date(_("Annulled on"))
    decision = forms.CharField(label=_("Annulment decision"), max_length=255)


class CaseFilterForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), required=False)
    form = forms.ChoiceField(label=_("Form"), choices=[("", "—"), *Form.choices], required=False)
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *Category.choices], required=False)
    state = forms.ChoiceField(label=_("State"), choices=[("", "—"), *Case.State.choices], required=False)
