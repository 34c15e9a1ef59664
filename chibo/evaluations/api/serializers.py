"""Serializers of the evaluation API: answers, query parameters, and the input each step validates
for shape (the rules — 30/70 totals, 0–100 scores, the quota, caps — are the services')."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chibo.accounts.roles import Action
from chibo.core.scoping import visible_to
from chibo.evaluations.models import (
    Criterion,
    Grade,
    MemberEvaluation,
    ScoringTable,
    Status,
    Subject,
    UnitEvaluation,
)
from chibo.evaluations.services import Conditions, CriterionSpec
from chibo.members.models import Member
from chibo.organizations.api.serializers import UnitCodeRef
from chibo.rules.evaluation import GRADES


def _enum_field(name: str, choices: list[tuple[str, Any]]) -> type[serializers.ChoiceField]:
    """A choice field whose schema is the named enum component ``name`` (see badges' serializers)."""
    values = [value for value, _label in choices]
    field: type[serializers.ChoiceField] = type(
        f"{name}Field", (serializers.ChoiceField,), {"__module__": __name__}
    )
    return extend_schema_field({"type": "string", "enum": values}, component_name=name)(field)


EvaluationGradeField = _enum_field("EvaluationGrade", Grade.choices)
EvaluationStatusField = _enum_field("EvaluationStatus", Status.choices)
EvaluationSubjectField = _enum_field("EvaluationSubject", Subject.choices)
CriterionGroupField = _enum_field("EvaluationCriterionGroup", Criterion.Group.choices)


# --- answers --------------------------------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    group = CriterionGroupField(choices=Criterion.Group.choices)

    class Meta:
        model = Criterion
        fields = ["group", "code", "text", "max_points"]


class ScoringTableSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    subject = EvaluationSubjectField(choices=Subject.choices, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = ScoringTable
        fields = ["id", "unit", "unit_name", "year", "subject", "title", "updated_on", "criteria"]
        read_only_fields = fields


REVIEW_FIELDS = [
    "score",
    "all_tasks_on_time",
    "exceeding_share",
    "late_share",
    "disqualified",
    "disciplined",
    "proposed_grade",
    "reviewed_on",
    "review_note",
    "status",
    "grade",
    "decided_on",
    "decision_number",
]


class MemberEvaluationSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True)
    grassroots = serializers.CharField(source="grassroots.code", read_only=True)
    status = EvaluationStatusField(choices=Status.choices, read_only=True)

    class Meta:
        model = MemberEvaluation
        fields = [
            "id", "member", "member_name", "year", "unit", "grassroots", "probationary",
            "self_points", "self_score", "self_grade", "self_text", "self_on", *REVIEW_FIELDS,
        ]  # fmt: skip
        read_only_fields = fields


class UnitEvaluationSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    deciding = serializers.CharField(source="deciding.code", read_only=True)
    status = EvaluationStatusField(choices=Status.choices, read_only=True)

    class Meta:
        model = UnitEvaluation
        fields = ["id", "unit", "unit_name", "year", "deciding", "subordinate_disciplined", *REVIEW_FIELDS]
        read_only_fields = fields


class DecidedSerializer(serializers.Serializer):
    decided = serializers.IntegerField(help_text="How many grades were decided")


class GradeCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="Per grade: " + ", ".join(GRADES)
    )
    percents = serializers.DictField(child=serializers.FloatField(allow_null=True))


class ResultRowSerializer(serializers.Serializer):
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    members = GradeCountsSerializer()
    units = GradeCountsSerializer()


class YearRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    members = GradeCountsSerializer()
    units = GradeCountsSerializer()


class ResultsSerializer(serializers.Serializer):
    """The unit's subtree (first row) and each active sub-unit's, then the last five years."""

    unit = serializers.CharField(source="unit.code")
    year = serializers.IntegerField()
    rows = ResultRowSerializer(many=True)
    years = serializers.SerializerMethodField()

    @extend_schema_field(YearRowSerializer(many=True))
    def get_years(self, results: Any) -> list[dict[str, Any]]:
        rows = [
            {"year": y, "members": results.by_year[y].members, "units": results.by_year[y].units}
            for y in results.years
        ]
        return YearRowSerializer(rows, many=True).data  # type: ignore[return-value]


# --- query parameters -----------------------------------------------------------------------------


class ListQuery(serializers.Serializer):
    unit = serializers.CharField(max_length=32, required=False, help_text="Code of a unit: only its subtree")
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    status = EvaluationStatusField(choices=Status.choices, required=False)


class ResultsQuery(serializers.Serializer):
    unit = serializers.CharField(max_length=32, help_text="Code of the unit whose subtree is counted")
    year = serializers.IntegerField(min_value=2000, max_value=2100)


# --- input ------------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class VisibleMember(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> QuerySet[Member]:
        return visible_to(Member.objects.all(), self.context["request"].user, Action.VIEW)


class CriterionInput(serializers.Serializer):
    group = CriterionGroupField(choices=Criterion.Group.choices)
    code = serializers.CharField(max_length=20)
    text = serializers.CharField(max_length=500)
    max_points = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0)


class TableSaveInput(serializers.Serializer):
    unit = UnitCodeRef(action=Action.VIEW, help_text="The unit owning the table (applies to its subtree)")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    subject = EvaluationSubjectField(choices=Subject.choices)
    title = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    criteria = CriterionInput(many=True, help_text="Common criteria must total 30 points, task results 70")

    def specs(self) -> list[CriterionSpec]:
        return [
            CriterionSpec(c["group"], c["code"], c["text"], c["max_points"])
            for c in self.validated_data["criteria"]
        ]


class TableCopyInput(serializers.Serializer):
    unit = UnitCodeRef(action=Action.VIEW)
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="The year of the new table")
    subject = EvaluationSubjectField(choices=Subject.choices)


class SelfAssessInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    points = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=1), help_text="Criterion code → points"
    )
    text = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)


class ConditionsInput(serializers.Serializer):
    score = serializers.DecimalField(max_digits=6, decimal_places=1, help_text="0–100")
    on = serializers.DateField()
    all_tasks_on_time = serializers.BooleanField(required=False, default=True)
    exceeding_share = serializers.DecimalField(
        max_digits=4, decimal_places=3, required=False, allow_null=True, default=None, help_text="0–1"
    )
    late_share = serializers.DecimalField(
        max_digits=4, decimal_places=3, required=False, default=0, help_text="0–1"
    )
    disqualified = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        conditions = Conditions(
            all_tasks_on_time=data.pop("all_tasks_on_time"), exceeding_share=data.pop("exceeding_share"),
            late_share=data.pop("late_share"), disqualified=data.pop("disqualified"),
        )  # fmt: skip
        return {**data, "conditions": conditions}


class MemberReviewInput(ConditionsInput):
    member = VisibleMember()
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class UnitReviewInput(ConditionsInput):
    unit = UnitCodeRef(action=Action.VIEW)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    subordinate_disciplined = serializers.BooleanField(required=False, default=False)


class EvaluationDecideInput(serializers.Serializer):
    unit = UnitCodeRef(action=Action.VIEW, help_text="The deciding committee")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    decision_number = serializers.CharField(max_length=50)
    decided_on = serializers.DateField()
    grades = serializers.DictField(
        child=EvaluationGradeField(choices=Grade.choices), required=False, default=dict,
        help_text="Evaluation id → grade, where the committee departs from the proposed grade",
    )  # fmt: skip


class CorrectInput(serializers.Serializer):
    grade = EvaluationGradeField(choices=Grade.choices)
    reason = serializers.CharField(max_length=1000)
    decision_number = serializers.CharField(max_length=50)
    decided_on = serializers.DateField()
