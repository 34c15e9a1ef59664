"""Serializers of the party badges API: what answers show, and the input each step validates.

Answers are built from the selectors (``round_list``, ``round_awards``); inputs are checked for shape
here and for the rules (award days, thresholds, early-award limits) by the services.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chibo.accounts.roles import Action
from chibo.badges.models import Award, Round
from chibo.core.scoping import visible_to
from chibo.members.models import Member
from chibo.organizations.api.serializers import UnitCodeRef

# --- choice sets --------------------------------------------------------------------------------


def _enum_field(name: str, choices: list[tuple[str, Any]], blank: str = "") -> type[serializers.ChoiceField]:
    """A choice field whose schema is the named enum component ``name`` (field names such as "state"
    carry other choice sets in the other apps' components; see chibo/meetings/api/serializers.py).
    ``blank`` says what the empty value means, when it is allowed."""
    values = [value for value, _label in choices if value]
    schema = {
        "type": "string",
        "enum": ["", *values] if blank else values,
        "description": (f"Blank: {blank}. " if blank else "") + ", ".join(values),
    }
    field: type[serializers.ChoiceField] = type(
        f"{name}Field", (serializers.ChoiceField,), {"__module__": __name__}
    )
    return extend_schema_field(schema, component_name=name)(field)


BadgeRoundStateField = _enum_field("BadgeRoundState", Round.State.choices)
BadgeEarlyReasonField = _enum_field("BadgeEarlyReason", Award.Reason.choices, blank="on time")


# --- answers ---------------------------------------------------------------------------------


class BadgeRoundSerializer(serializers.ModelSerializer):
    """A row of the round list (columns of the round and its unit, and the count of proposals)."""

    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    state = BadgeRoundStateField(choices=Round.State.choices, read_only=True)
    proposed = serializers.IntegerField(read_only=True, help_text="Number of badges in the round")

    class Meta:
        model = Round
        fields = [
            "id",
            "unit",
            "unit_name",
            "award_date",
            "state",
            "decision_number",
            "decided_on",
            "proposed",
        ]
        read_only_fields = fields


class BadgePartyAgeSerializer(serializers.Serializer):
    years = serializers.IntegerField()
    months = serializers.IntegerField()

    def to_representation(self, age: tuple[int, int]) -> dict[str, int]:
        years, months = age
        return {"years": years, "months": months}


class BadgeAwardSerializer(serializers.ModelSerializer):
    """One badge: proposed in a round, awarded, or recorded from the paper register (no round)."""

    member_name = serializers.CharField(source="member.full_name", read_only=True)
    unit = serializers.CharField(source="member.unit.code", read_only=True)
    early_reason = BadgeEarlyReasonField(choices=Award.Reason.choices, read_only=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "round",
            "member",
            "member_name",
            "unit",
            "threshold",
            "award_date",
            "early_months",
            "early_reason",
            "awarded",
            "badge_number",
            "note",
        ]
        read_only_fields = fields


class BadgeAwardRowSerializer(serializers.Serializer):
    """A line of the round's list (``selectors.round_awards``): the badge, the member's party age on
    the award day and the day the threshold is reached (later than the award day: an early award)."""

    id = serializers.IntegerField(source="award.pk")
    member = serializers.IntegerField(source="award.member_id")
    member_name = serializers.CharField(source="award.member.full_name")
    unit = serializers.CharField(source="award.member.unit.code")
    threshold = serializers.IntegerField(source="award.threshold")
    early_months = serializers.IntegerField(source="award.early_months")
    early_reason = BadgeEarlyReasonField(choices=Award.Reason.choices, source="award.early_reason")
    awarded = serializers.BooleanField(source="award.awarded")
    badge_number = serializers.CharField(source="award.badge_number")
    note = serializers.CharField(source="award.note")
    party_age = BadgePartyAgeSerializer(allow_null=True, help_text="On the award day")
    reached_on = serializers.DateField(allow_null=True, help_text="The day the threshold is reached")


class BadgeRoundDetailSerializer(BadgeRoundSerializer):
    """The round with its list: ``context["rows"]`` is ``selectors.round_awards``."""

    awards = serializers.SerializerMethodField()

    class Meta(BadgeRoundSerializer.Meta):
        fields = [*BadgeRoundSerializer.Meta.fields, "awards"]
        read_only_fields = fields

    @extend_schema_field(BadgeAwardRowSerializer(many=True))
    def get_awards(self, round_: Round) -> list[dict[str, Any]]:
        return BadgeAwardRowSerializer(self.context["rows"], many=True).data  # type: ignore[return-value]


class BadgeAwardDaysSerializer(serializers.Serializer):
    days = serializers.ListField(child=serializers.DateField(), help_text="The next award days, in order")


# --- query parameters -------------------------------------------------------------------------


class UnitQuery(serializers.Serializer):
    unit = serializers.CharField(max_length=32, required=False, help_text="Code of a unit: only its subtree")


class AwardDaysQuery(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="From this day (default: today)")


# --- input -----------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class VisibleMember(serializers.PrimaryKeyRelatedField):
    """A member id among the members the caller may see (others: "does not exist")."""

    def get_queryset(self) -> QuerySet[Member]:
        return visible_to(Member.objects.all(), self.context["request"].user, Action.VIEW)


class BadgeRoundPrepareInput(serializers.Serializer):
    unit = UnitCodeRef(action=Action.MANAGE, help_text="The committee whose subtree the round covers")
    award_date = serializers.DateField(help_text="An award day: 3/2, 19/5, 2/9 or 7/11")


class BadgeAddInput(serializers.Serializer):
    """An addition to a round: an early award (serious illness, posthumous) or a badge missed."""

    member = VisibleMember()
    # the limit (12 or 24 months) is the rule's: a larger number is refused with its message
    early_months = serializers.IntegerField(min_value=0, max_value=1200, required=False, default=0)
    early_reason = BadgeEarlyReasonField(
        choices=Award.Reason.choices, required=False, default="", allow_blank=True
    )
    note = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class BadgeApproveInput(serializers.Serializer):
    decision_number = serializers.CharField(max_length=50)
    decided_on = serializers.DateField()


class BadgeNumberInput(serializers.Serializer):
    number = serializers.CharField(max_length=30)


class BadgeRemoveInput(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class BadgeHistoryInput(serializers.Serializer):
    """A badge awarded before chibo, from the paper register."""

    member = VisibleMember()
    threshold = serializers.IntegerField(min_value=1, max_value=200, help_text="Years of party age")
    award_date = serializers.DateField()
    badge_number = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)
