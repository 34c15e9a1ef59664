from __future__ import annotations

from typing import Any

from rest_framework import serializers

from chibo.accounts.roles import Action
from chibo.members.models import Absence, Exemption, Member, MemberEvent, ProfessionalLevel, Sex, TheoryLevel
from chibo.members.services import EDITABLE_FIELDS
from chibo.organizations.api.serializers import UnitCodeRef
from chibo.rules import members as rules

#: Never in an API answer: read them through /sensitive/, which is audited.
PUBLIC_FIELDS = [f for f in EDITABLE_FIELDS if f not in ("cccd", "religion", "residence")]


class MemberSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Member
        fields = [
            "id",
            *PUBLIC_FIELDS,
            "unit",
            "status",
            "activity",
            "first_admitted_on",
            "leave_reason",
            "left_on",
            "readmissions",
            "version",
        ]
        read_only_fields = fields


class MemberEventSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    other_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = MemberEvent
        fields = ["kind", "effective_on", "recorded_at", "unit", "other_unit", "decision", "details"]


class MemberInput(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    status = serializers.ChoiceField(choices=[rules.OFFICIAL, rules.PROBATIONARY])
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default="", allow_blank=True)
    admitted_on = serializers.DateField(required=False, allow_null=True, default=None)
    ceremony_on = serializers.DateField(required=False, allow_null=True, default=None)
    official_on = serializers.DateField(required=False, allow_null=True, default=None)
    ethnicity = serializers.CharField(max_length=50, required=False, default="Kinh", allow_blank=True)
    religion = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)
    home_town = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    residence = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    cccd = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    education_general = serializers.CharField(max_length=10, required=False, default="", allow_blank=True)
    education_professional = serializers.ChoiceField(
        choices=ProfessionalLevel.choices, required=False, default="", allow_blank=True
    )
    theory_level = serializers.ChoiceField(
        choices=TheoryLevel.choices, required=False, default="", allow_blank=True
    )
    foreign_language = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    job = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    position = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    host_unit_name = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    card_number = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    profile_number = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)
    badge_numbers = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class MemberCreateInput(MemberInput):
    unit = UnitCodeRef(action=Action.MANAGE)
    joined_on = serializers.DateField(required=False, allow_null=True, default=None)


class MemberUpdateInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    changes = serializers.DictField(child=serializers.JSONField(), allow_empty=False)

    def validate_changes(self, value: dict[str, Any]) -> dict[str, Any]:
        """Known fields are validated as on creation; others go on to the service, which refuses them."""
        known = MemberInput(data=value, partial=True)
        known.is_valid(raise_exception=True)
        return {**{k: v for k, v in value.items() if k not in known.fields}, **known.validated_data}


class RecogniseInput(serializers.Serializer):
    decided_on = serializers.DateField()
    decision = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class TransferInternalInput(serializers.Serializer):
    to_unit = UnitCodeRef(action=Action.MANAGE)
    effective_on = serializers.DateField()
    decision = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    temporary_until = serializers.DateField(required=False, allow_null=True, default=None)
    purpose = serializers.ChoiceField(
        choices=rules.TEMPORARY_PURPOSES, required=False, default=rules.TEMPORARY_WORK
    )


class TransferOutInput(serializers.Serializer):
    external_org = serializers.CharField(max_length=255)
    letter_number = serializers.CharField(max_length=50)
    letter_date = serializers.DateField()
    decision_effective_on = serializers.DateField()
    temporary_until = serializers.DateField(required=False, allow_null=True, default=None)
    purpose = serializers.ChoiceField(
        choices=rules.TEMPORARY_PURPOSES, required=False, default=rules.TEMPORARY_WORK
    )


class ExemptInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Exemption.Reason.choices)
    start_on = serializers.DateField()
    end_on = serializers.DateField(required=False, allow_null=True, default=None)
    decision = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    note = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class AbsenceInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Absence.Kind.choices)
    reason = serializers.CharField(max_length=255)
    start_on = serializers.DateField()
    end_on = serializers.DateField(required=False, allow_null=True, default=None)
    country = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)


class LeaveInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=[rules.REMOVED, rules.EXPELLED, rules.RESIGNED, rules.DIED])
    on = serializers.DateField()
    decision = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class ReadmitInput(serializers.Serializer):
    unit = UnitCodeRef(action=Action.MANAGE)
    admitted_on = serializers.DateField()
    ceremony_on = serializers.DateField(required=False, allow_null=True, default=None)
    decision = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
