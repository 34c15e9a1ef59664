"""Forms of the yearly evaluation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.core.forms import StyledForm
from chibo.evaluations.models import Criterion, Grade
from chibo.evaluations.services import Conditions, CriterionSpec
from chibo.organizations.forms import DateInput, past_or_today

HUNDRED = Decimal(100)


class SelfAssessForm(StyledForm):
    """Points per criterion of the scoring table (large inputs, a phone's numeric keyboard)."""

    text = forms.CharField(
        label=_("Self-assessment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Strengths, shortcomings and how you will improve (Mẫu 2A/2B/2C)."),
    )

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c_{criterion.code}"] = forms.DecimalField(
                label=f"{criterion.code}. {criterion.text}",
                min_value=0,
                max_value=criterion.max_points,
                decimal_places=1,
                help_text=_("0 to %(max)s points") % {"max": criterion.max_points},
                widget=forms.NumberInput(
                    attrs={"class": "form-control form-control-lg", "inputmode": "decimal", "step": "0.5"}
                ),
            )
        self.order_fields([f"c_{c.code}" for c in criteria] + ["text"])

    def points(self) -> dict[str, Decimal]:
        return {c.code: self.cleaned_data[f"c_{c.code}"] for c in self.criteria}


class ConditionsMixin(forms.Form):
    score = forms.DecimalField(label=_("Score (0–100)"), decimal_places=1, max_digits=4)
    all_tasks_on_time = forms.BooleanField(label=_("All tasks done on time"), required=False, initial=True)
    exceeding_percent = forms.DecimalField(
        label=_("Tasks exceeded (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("HTXSNV needs at least 30 percent of the tasks exceeded; leave empty when not recorded."),
    )
    late_percent = forms.DecimalField(
        label=_("Tasks late (%)"), required=False, min_value=0, max_value=100, initial=0
    )
    disqualified = forms.BooleanField(label=_("A disqualifying case (KHTNV)"), required=False)
    on = forms.DateField(label=_("Reviewed on"), widget=DateInput(), validators=[past_or_today])
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def conditions(self) -> Conditions:
        data = self.cleaned_data
        exceeding = data.get("exceeding_percent")
        return Conditions(
            all_tasks_on_time=data["all_tasks_on_time"],
            exceeding_share=None if exceeding is None else exceeding / HUNDRED,
            late_share=(data.get("late_percent") or Decimal(0)) / HUNDRED,
            disqualified=data["disqualified"],
        )


class ReviewForm(ConditionsMixin, StyledForm):
    pass


class UnitReviewForm(ConditionsMixin, StyledForm):
    subordinate_disciplined = forms.BooleanField(
        label=_("A subordinate unit or leadership member was disciplined"), required=False
    )


class DecisionForm(StyledForm):
    decision_number = forms.CharField(label=_("Decision number"), max_length=50)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput(), validators=[past_or_today])


class CorrectForm(StyledForm):
    grade = forms.ChoiceField(label=_("New grade"), choices=Grade.choices)
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    decision_number = forms.CharField(label=_("Decision number"), max_length=50)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput(), validators=[past_or_today])


class TableForm(StyledForm):
    """The criteria, one a line: ``group | code | points | text`` (group: common or tasks)."""

    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    criteria = forms.CharField(
        label=_("Criteria"),
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
        help_text=_(
            "One criterion a line: group | code | maximum points | text. Group “common” (common criteria, "
            "30 points in all) or “tasks” (task results, 70 points in all), 366-QĐ/TW."
        ),
    )

    def clean_criteria(self) -> list[CriterionSpec]:
        specs = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|", 3)]
            try:
                group, code, points, text = parts
                specs.append(CriterionSpec(group.lower(), code, text, Decimal(points.replace(",", "."))))
            except (ValueError, ArithmeticError) as exc:
                raise forms.ValidationError(
                    _("Line %(line)s: write group | code | points | text."), params={"line": number}
                ) from exc
        if not specs:
            raise forms.ValidationError(_("Give at least one criterion a line."))
        return specs


def criteria_text(criteria: list[Any]) -> str:
    return "\n".join(f"{c.group} | {c.code} | {c.max_points} | {c.text}" for c in criteria)


class FilterForm(forms.Form):
    """The list's filters (GET): a bad value is ignored, never an error page."""

    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
