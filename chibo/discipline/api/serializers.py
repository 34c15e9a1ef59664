"""Serializers of the inspection and discipline API: answers, and the input each step validates.

Shapes are checked here; the rules (forms allowed, limitation, steps in order) by the services.
Units are given by code among those where the caller holds DISCIPLINE (``UnitCodeRef``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chibo.accounts.roles import Action
from chibo.discipline.models import Case, Category, Form, Programme
from chibo.members.models import Member
from chibo.organizations.api.serializers import UnitCodeRef


def _enum_field(name: str, choices: list[tuple[str, Any]]) -> type[serializers.ChoiceField]:
    """A choice field whose schema is the named enum component ``name`` (see badges' serializers)."""
    values = [value for value, _label in choices if value]
    schema = {"type": "string", "enum": values, "description": ", ".join(values)}
    field: type[serializers.ChoiceField] = type(
        f"{name}Field", (serializers.ChoiceField,), {"__module__": __name__}
    )
    return extend_schema_field(schema, component_name=name)(field)


ProgrammeKindField = _enum_field("InspectionKind", Programme.Kind.choices)
ProgrammeModeField = _enum_field("InspectionMode", Programme.Mode.choices)
ProgrammeStatusField = _enum_field("InspectionStatus", Programme.Status.choices)
CategoryField = _enum_field("DisciplineCategory", Category.choices)
FormField = _enum_field("DisciplineForm", Form.choices)
CaseStateField = _enum_field("DisciplineCaseState", Case.State.choices)
SubjectField = _enum_field("DisciplineSubject", Case.Subject.choices)


class ProgrammeSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind = ProgrammeKindField(choices=Programme.Kind.choices, read_only=True)
    mode = ProgrammeModeField(choices=Programme.Mode.choices, read_only=True)
    status = ProgrammeStatusField(choices=Programme.Status.choices, read_only=True)
    target_units = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    target_members = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id", "unit", "year", "kind", "mode", "topic", "starts_on", "ends_on", "status", "started_on",
            "concluded_on", "conclusion", "target_units", "target_members",
        ]  # fmt: skip
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    target_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    subject = SubjectField(choices=Case.Subject.choices, read_only=True)
    category = CategoryField(choices=Category.choices, read_only=True)
    form = FormField(choices=Form.choices, read_only=True)
    state = CaseStateField(choices=Case.State.choices, read_only=True)
    subject_name = serializers.CharField(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id", "unit", "subject", "member", "target_unit", "subject_name", "programme", "category",
            "description", "violation_on", "state", "opened_on", "reported_on", "reviewed_on",
            "reviewing_body", "form", "holds_office", "decision_number", "decided_on", "deciding_body",
            "announced_on",
            "complaint_on", "complaint_ruled_on", "complaint_ruling", "effect_ends_on", "annulled_on",
            "annulment_decision",
        ]  # fmt: skip
        read_only_fields = fields


# --- inputs ----------------------------------------------------------------------------------


class ProgrammeInput(serializers.Serializer):
    unit = UnitCodeRef(action=Action.DISCIPLINE)
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    kind = ProgrammeKindField(choices=Programme.Kind.choices)
    mode = ProgrammeModeField(choices=Programme.Mode.choices, default=Programme.Mode.REGULAR)
    topic = serializers.CharField(max_length=255)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    target_units = serializers.ListField(
        child=UnitCodeRef(action=Action.DISCIPLINE), required=False, default=list
    )
    target_members = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Member.objects.all(), required=False, default=list
    )


class ProgrammeChangeInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100, required=False)
    kind = ProgrammeKindField(choices=Programme.Kind.choices, required=False)
    mode = ProgrammeModeField(choices=Programme.Mode.choices, required=False)
    topic = serializers.CharField(max_length=255, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)


class DayInput(serializers.Serializer):
    on = serializers.DateField()


class ConcludeInput(DayInput):
    conclusion = serializers.CharField()


class CaseOpenInput(serializers.Serializer):
    unit = UnitCodeRef(action=Action.DISCIPLINE)
    member = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.all(), required=False, allow_null=True
    )
    target_unit = UnitCodeRef(action=Action.DISCIPLINE, required=False, allow_null=True)
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.all(), required=False, allow_null=True
    )
    category = CategoryField(choices=Category.choices)
    description = serializers.CharField()
    violation_on = serializers.DateField()
    opened_on = serializers.DateField()


class CaseRecordInput(CaseOpenInput):
    opened_on = None  # type: ignore[assignment]  # a recorded case opens on its decision
    form = FormField(choices=Form.choices)
    decided_on = serializers.DateField()
    decision_number = serializers.CharField(max_length=50)
    deciding_body = serializers.CharField(max_length=255)
    announced_on = serializers.DateField(required=False, allow_null=True)


class ReportInput(DayInput):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewInput(ReportInput):
    body = serializers.CharField(max_length=255)


class DisciplineDecideInput(serializers.Serializer):
    form = FormField(choices=Form.choices)
    decided_on = serializers.DateField()
    decision_number = serializers.CharField(max_length=50)
    deciding_body = serializers.CharField(max_length=255)


class RulingInput(DayInput):
    ruling = serializers.CharField(max_length=255)


class AnnulInput(DayInput):
    decision = serializers.CharField(max_length=255)


class FiguresQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100, required=False)
    unit = serializers.CharField(max_length=32, required=False)


class CaseQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100, required=False)
    form = FormField(choices=Form.choices, required=False)
    category = CategoryField(choices=Category.choices, required=False)
    state = CaseStateField(choices=Case.State.choices, required=False)
    unit = serializers.CharField(max_length=32, required=False)
