"""Serializers of the commendations API: the answers, the query parameters and the inputs.

Inputs are checked for shape here and for the rules (decision date, number, year, discipline) by the
services."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chibo.accounts.roles import Action
from chibo.commendations.models import Commendation, Kind, Level
from chibo.commendations.selectors import COLLECTIVE, INDIVIDUAL
from chibo.core.scoping import visible_to
from chibo.members.models import Member
from chibo.organizations.api.serializers import UnitCodeRef


def _enum_field(name: str, choices: list[tuple[str, Any]]) -> type[serializers.ChoiceField]:
    """A choice field whose schema is the named enum component ``name`` (see chibo/badges/api)."""
    values = [value for value, _label in choices]
    schema = {"type": "string", "enum": values, "description": ", ".join(values)}
    field: type[serializers.ChoiceField] = type(
        f"{name}Field", (serializers.ChoiceField,), {"__module__": __name__}
    )
    return extend_schema_field(schema, component_name=name)(field)


CommendationKindField = _enum_field("CommendationKind", Kind.choices)
CommendationLevelField = _enum_field("CommendationLevel", Level.choices)

# --- answers ---------------------------------------------------------------------------------


class CommendationSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    member_name = serializers.SerializerMethodField()
    collective = serializers.BooleanField(source="is_collective", read_only=True)
    kind = CommendationKindField(choices=Kind.choices, read_only=True)
    level = CommendationLevelField(choices=Level.choices, read_only=True)

    class Meta:
        model = Commendation
        fields = [
            "id",
            "unit",
            "unit_name",
            "member",
            "member_name",
            "collective",
            "kind",
            "level",
            "title",
            "year",
            "decision_number",
            "decided_on",
            "issued_by",
            "citation",
            "despite_discipline",
            "annulled_on",
            "annul_reason",
        ]
        read_only_fields = fields

    def get_member_name(self, c: Commendation) -> str | None:
        return c.member.full_name if c.member_id else None  # type: ignore[union-attr]


class CommendationCandidateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["member", "unit"])
    member = serializers.IntegerField(source="member_id", allow_null=True)
    unit = serializers.CharField(source="unit_code")
    name = serializers.CharField()
    unit_name = serializers.CharField()
    years = serializers.IntegerField(help_text="Years running with the grade, up to the year")


class CommendationCandidateListSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    length = serializers.IntegerField()
    candidates = CommendationCandidateSerializer(many=True)


class CommendationCountSerializer(serializers.Serializer):
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    collective = serializers.IntegerField()
    individual = serializers.IntegerField()
    total = serializers.IntegerField()
    by_kind = serializers.DictField(child=serializers.IntegerField())
    by_level = serializers.DictField(child=serializers.IntegerField())


# --- query parameters -------------------------------------------------------------------------


class CommendationListQuery(serializers.Serializer):
    unit = serializers.CharField(max_length=32, required=False, help_text="Code of a unit: only its subtree")
    year = serializers.IntegerField(min_value=1930, max_value=2200, required=False)
    kind = CommendationKindField(choices=Kind.choices, required=False)
    level = CommendationLevelField(choices=Level.choices, required=False)
    subject = serializers.ChoiceField(choices=[COLLECTIVE, INDIVIDUAL], required=False)
    annulled = serializers.BooleanField(required=False, default=False, help_text="Include annulled ones")


class CommendationYearQuery(serializers.Serializer):
    unit = serializers.CharField(max_length=32, required=False, help_text="Code of a unit: only its subtree")
    year = serializers.IntegerField(min_value=1930, max_value=2200, required=False)


class CommendationCandidateQuery(CommendationYearQuery):
    length = serializers.IntegerField(min_value=2, max_value=10, required=False, default=5)


# --- input -----------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class VisibleMember(serializers.PrimaryKeyRelatedField):
    """A member id among the members the caller may see (others: "does not exist")."""

    def get_queryset(self) -> QuerySet[Member]:
        return visible_to(Member.objects.all(), self.context["request"].user, Action.VIEW)


class CommendationDecisionInput(serializers.Serializer):
    kind = CommendationKindField(choices=Kind.choices)
    level = CommendationLevelField(choices=Level.choices)
    title = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    year = serializers.IntegerField(min_value=1, max_value=9999)
    decision_number = serializers.CharField(max_length=50, allow_blank=True)
    decided_on = serializers.DateField()
    issued_by = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    citation = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)


class CommendationRecordInput(CommendationDecisionInput):
    """A commendation of a unit (``unit``) or of a member (``member``): exactly one of them."""

    unit = UnitCodeRef(action=Action.MANAGE, required=False, help_text="A collective commendation")
    member = VisibleMember(required=False, help_text="An individual commendation")
    confirm_despite_discipline = serializers.BooleanField(required=False, default=False)


class CommendationCorrectInput(serializers.Serializer):
    kind = CommendationKindField(choices=Kind.choices, required=False)
    level = CommendationLevelField(choices=Level.choices, required=False)
    title = serializers.CharField(max_length=255, required=False, allow_blank=True)
    year = serializers.IntegerField(min_value=1, max_value=9999, required=False)
    decision_number = serializers.CharField(max_length=50, required=False, allow_blank=True)
    decided_on = serializers.DateField(required=False)
    issued_by = serializers.CharField(max_length=255, required=False, allow_blank=True)
    citation = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    reason = serializers.CharField(max_length=255)
    confirm_despite_discipline = serializers.BooleanField(required=False, default=False)


class CommendationAnnulInput(serializers.Serializer):
    reason = serializers.CharField(max_length=255)
    on = serializers.DateField(required=False, help_text="Default: today")
