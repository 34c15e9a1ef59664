from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chibo.accounts.roles import Action
from chibo.core.scoping import visible_to
from chibo.organizations.models import HostKind, Unit, UnitEvent, UnitLevel, code_validator


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "level",
            "host_kind",
            "host_name",
            "workers_count",
            "has_committee",
            "size_exception",
            "admission_authority",
            "founded_on",
            "dissolved_on",
            "depth",
            "numchild",
            "parent",
        ]
        read_only_fields = fields

    def get_parent(self, unit: Unit) -> str | None:
        parents = self.context.get("parent_codes")
        if parents is not None:
            return parents.get(unit.path[: -Unit.steplen])
        parent = unit.parent_unit()
        return parent.code if parent else None


class UnitEventSerializer(serializers.ModelSerializer):
    other_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = UnitEvent
        fields = ["kind", "effective_on", "recorded_at", "other_unit", "decision", "details"]


@extend_schema_field(OpenApiTypes.STR)
class UnitCodeRef(serializers.Field):
    """A unit given by its code, among those the requesting user may ``action`` (default: restructure)."""

    def __init__(self, *, action: Action = Action.RESTRUCTURE, **kwargs: Any) -> None:
        self.action = action
        super().__init__(**kwargs)

    def to_representation(self, value: Unit) -> str:
        return value.code

    def to_internal_value(self, data: Any) -> Unit:
        if not isinstance(data, str) or not 0 < len(data.strip()) <= 32 or "\x00" in data:
            raise serializers.ValidationError(_("Give the code of a unit."))
        code = data.strip().upper()
        user = self.context["request"].user
        unit = visible_to(Unit.objects.all(), user, self.action).filter(code=code).first()
        if unit is None:
            raise serializers.ValidationError(_("No unit with this code that you may change."))
        return unit


class NewCode(serializers.CharField):
    """A new unit code, upper-cased before it is validated."""

    def to_internal_value(self, data: Any) -> str:
        return str(super().to_internal_value(data)).strip().upper()


class UnitCreateInput(serializers.Serializer):
    code = NewCode(max_length=32, validators=[code_validator])
    name = serializers.CharField(max_length=255)
    level = serializers.ChoiceField(choices=UnitLevel.choices)
    host_kind = serializers.ChoiceField(choices=HostKind.choices, default=HostKind.OTHER)
    host_name = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    workers_count = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    founded_on = serializers.DateField()
    has_committee = serializers.BooleanField(default=False)
    decision = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class UnitUpdateInput(serializers.Serializer):
    host_kind = serializers.ChoiceField(choices=HostKind.choices, required=False)
    host_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    workers_count = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False)
    founded_on = serializers.DateField(required=False, allow_null=True)
    has_committee = serializers.BooleanField(required=False)
    size_exception = serializers.CharField(max_length=255, required=False, allow_blank=True)
    admission_authority = serializers.BooleanField(required=False)


class DatedInput(serializers.Serializer):
    effective_on = serializers.DateField()
    decision = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class RenameInput(DatedInput):
    name = serializers.CharField(max_length=255)


class MoveInput(DatedInput):
    new_parent = UnitCodeRef()


class MergeInput(DatedInput):
    target = UnitCodeRef()


class DissolveInput(DatedInput):
    successor = UnitCodeRef(required=False, allow_null=True, default=None)


class SplitPartInput(serializers.Serializer):
    code = NewCode(max_length=32, validators=[code_validator])
    name = serializers.CharField(max_length=255)
    member_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), default=list, max_length=100_000
    )
    child_codes = serializers.ListField(
        child=serializers.CharField(max_length=32), default=list, max_length=10_000
    )


class SplitInput(DatedInput):
    parts = SplitPartInput(many=True)
    dissolve_source = serializers.BooleanField(default=False)
