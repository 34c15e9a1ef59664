"""Forms of party badges."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from chibo.badges.models import Award
from chibo.core.forms import StyledForm
from chibo.core.scoping import subtree_q
from chibo.members.models import LeaveReason, Member, MemberStatus
from chibo.organizations.forms import DateInput, past_or_today


class PrepareForm(StyledForm):
    award_date = forms.TypedChoiceField(label=_("Award day"), coerce=date.fromisoformat)

    def __init__(self, *args: Any, days: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award_date"].choices = [(d.isoformat(), date_format(d, "DATE_FORMAT")) for d in days]


class EarlyForm(StyledForm):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    early_reason = forms.ChoiceField(label=_("Reason"), choices=[c for c in Award.Reason.choices if c[0]])
    early_months = forms.IntegerField(label=_("Months early"), min_value=0, max_value=24)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args: Any, unit_path: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Member.objects.filter(subtree_q(unit_path, "unit_path")).filter(
            status=MemberStatus.OFFICIAL
        ) | Member.objects.filter(subtree_q(unit_path, "unit_path"), leave_reason=LeaveReason.DIED)
        self.fields["member"].queryset = members.order_by("name_sort", "pk")  # type: ignore[attr-defined]


class ApproveForm(StyledForm):
    decision_number = forms.CharField(label=_("Decision number"), max_length=50)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput(), validators=[past_or_today])


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class NumberForm(StyledForm):
    number = forms.CharField(label=_("Badge number"), max_length=30)


class HistoryForm(StyledForm):
    threshold = forms.TypedChoiceField(label=_("Years of party age"), coerce=int, choices=[])
    award_date = forms.DateField(label=_("Awarded on"), widget=DateInput(), validators=[past_or_today])
    badge_number = forms.CharField(label=_("Badge number"), max_length=30, required=False)

    def __init__(self, *args: Any, thresholds: tuple[int, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["threshold"].choices = [(t, t) for t in thresholds]
