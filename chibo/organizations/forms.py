from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from chibo.accounts.roles import Action
from chibo.core import regulations
from chibo.core.forms import StyledForm
from chibo.core.scoping import visible_to
from chibo.organizations.models import HostKind, Unit, UnitLevel, code_validator


class DateInput(forms.DateInput):
    """The browser's date picker (ISO on the wire); shown as dd/mm/yyyy on Vietnamese phones."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def past_or_today(value: Any) -> None:
    if value and value > regulations.today():
        raise forms.ValidationError(_("The date cannot be in the future."), code="future")


class EffectiveDateField(forms.DateField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Effective date"))
        kwargs.setdefault("help_text", _("The date the decision takes effect (today or earlier)."))
        super().__init__(widget=DateInput(), validators=[past_or_today], **kwargs)


class DecisionField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Decision"),
            max_length=255,
            required=False,
            help_text=_("Number and date of the decision, e.g. 123-QĐ/ĐU, 01/07/2025."),
            **kwargs,
        )


class NewCodeField(forms.CharField):
    """A new unit code, upper-cased before it is validated (users type "a9" for "A9")."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=32, validators=[code_validator], **kwargs)
        self.widget.attrs.update({"class": "text-uppercase", "autocapitalize": "characters"})

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value) or "").strip().upper()


class UnitCodeField(forms.CharField):
    """A unit chosen by its code, among the units the user may ``action`` (default: restructure)."""

    def __init__(self, *, action: Action = Action.RESTRUCTURE, **kwargs: Any) -> None:
        self.action = action
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "list": "unit-suggestions",
                "autocomplete": "off",
                "class": "text-uppercase",
                "hx-get": reverse_lazy("organizations:suggest"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#unit-suggestions",
                "hx-swap": "innerHTML",
            }
        )

    def resolve(self, user: Any, code: str) -> Unit:
        unit = visible_to(Unit.objects.all(), user, self.action).filter(code=code.strip().upper()).first()
        if unit is None:
            raise forms.ValidationError(
                _("No unit with code “%(code)s” that you may change."),
                code="unknown_unit",
                params={"code": code},
            )
        return unit


class UnitCreateForm(StyledForm):
    code = NewCodeField(
        label=_("Code"), help_text=_("Unique and stable; capital letters and digits, e.g. DBCS-STC.")
    )
    name = forms.CharField(label=_("Name"), max_length=255)
    level = forms.ChoiceField(label=_("Level"), choices=UnitLevel.choices)
    host_kind = forms.ChoiceField(label=_("Host unit kind"), choices=HostKind.choices, initial=HostKind.OTHER)
    host_name = forms.CharField(label=_("Host unit"), max_length=255, required=False)
    workers_count = forms.IntegerField(label=_("Workers in the host unit"), min_value=0, initial=0)
    founded_on = forms.DateField(label=_("Founded on"), widget=DateInput(), validators=[past_or_today])
    has_committee = forms.BooleanField(label=_("Has a cell committee (chi ủy)"), required=False)
    decision = DecisionField()

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if Unit.objects.filter(code=code).exists():
            raise forms.ValidationError(_("This code is already used by another unit."), code="taken")
        return code


class UnitDetailsForm(StyledForm):
    host_kind = forms.ChoiceField(label=_("Host unit kind"), choices=HostKind.choices)
    host_name = forms.CharField(label=_("Host unit"), max_length=255, required=False)
    workers_count = forms.IntegerField(label=_("Workers in the host unit"), min_value=0)
    founded_on = forms.DateField(
        label=_("Founded on"), widget=DateInput(), required=False, validators=[past_or_today]
    )
    has_committee = forms.BooleanField(label=_("Has a cell committee (chi ủy)"), required=False)
    size_exception = forms.CharField(
        label=_("Written consent for its size"),
        max_length=255,
        required=False,
        help_text=_("Number and date of the upper committee's consent to keep this form despite its size."),
    )
    admission_authority = forms.BooleanField(
        label=_("Delegated authority to admit members (ủy quyền kết nạp)"), required=False
    )


class RenameForm(StyledForm):
    name = forms.CharField(label=_("New name"), max_length=255)
    effective_on = EffectiveDateField()
    decision = DecisionField()


class MoveForm(StyledForm):
    new_parent = UnitCodeField(label=_("New parent unit (code)"))
    effective_on = EffectiveDateField()
    decision = DecisionField()


class MergeForm(StyledForm):
    target = UnitCodeField(label=_("Merge into unit (code)"))
    effective_on = EffectiveDateField()
    decision = DecisionField()


class DissolveForm(StyledForm):
    successor = UnitCodeField(
        label=_("Successor unit (code)"),
        required=False,
        help_text=_("Receives the members and sub-units. Required unless the unit is empty."),
    )
    effective_on = EffectiveDateField()
    decision = DecisionField()


class SplitForm(StyledForm):
    """Split into up to two new units; every member and sub-unit says where it goes."""

    STAY = "stay"
    PART_A = "a"
    PART_B = "b"

    code_a = NewCodeField(label=_("Code of new unit A"))
    name_a = forms.CharField(label=_("Name of new unit A"), max_length=255)
    code_b = NewCodeField(label=_("Code of new unit B"), required=False)
    name_b = forms.CharField(label=_("Name of new unit B"), max_length=255, required=False)
    dissolve_source = forms.BooleanField(
        label=_("Dissolve the unit being split"),
        required=False,
        help_text=_("Then every member and sub-unit must go to a new unit."),
    )
    effective_on = EffectiveDateField()
    decision = DecisionField()

    def __init__(self, *args: Any, members: list[Any], children: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members, self.children = members, children
        choices = [(self.STAY, _("Stays")), (self.PART_A, "A"), (self.PART_B, "B")]
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=member.full_name, choices=choices, initial=self.STAY, widget=forms.RadioSelect
            )
        for child in children:
            self.fields[f"child_{child.pk}"] = forms.ChoiceField(
                label=str(child), choices=choices, initial=self.STAY, widget=forms.RadioSelect
            )

    def member_fields(self) -> list[Any]:
        return [self[f"member_{m.pk}"] for m in self.members]

    def child_fields(self) -> list[Any]:
        return [self[f"child_{c.pk}"] for c in self.children]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("code_b")) != bool(data.get("name_b")):
            raise forms.ValidationError(_("Give both the code and the name of new unit B, or neither."))
        uses_b = any(v == self.PART_B for k, v in data.items() if k.startswith(("member_", "child_")))
        if uses_b and not data.get("code_b"):
            raise forms.ValidationError(_("Some members or sub-units go to B, but B has no code and name."))
        return data

    def assignments(self, prefix: str, part: str) -> list[int]:
        return [
            int(k.split("_", 1)[1])
            for k, v in self.cleaned_data.items()
            if k.startswith(prefix) and v == part
        ]
