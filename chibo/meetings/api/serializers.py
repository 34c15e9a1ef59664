"""Serializers of the meetings API: what answers show, and the input each step validates.

Answers are built from the selectors (``meeting_list``, ``meeting_detail``, ``alerts``,
``attendance_rates``); inputs are checked for shape here and for the rules by the services.
The QR check-in code of a meeting is shown only to callers who may manage the meeting (they print
the sign-in sheet); everyone else in scope sees ``null``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chibo.accounts.roles import Action
from chibo.meetings.models import (
    Attendance,
    AttendanceStatus,
    Kind,
    Meeting,
    MeetingDocument,
    Minutes,
    MinutesCorrection,
    Resolution,
    State,
)
from chibo.meetings.services import EDITABLE_FIELDS, MINUTES_FIELDS
from chibo.organizations.api.serializers import UnitCodeRef
from chibo.rules.errors import RuleViolation

# --- choice sets --------------------------------------------------------------------------------


def _enum_field(
    name: str, choices: list[tuple[str, Any]], blank: bool = False
) -> type[serializers.ChoiceField]:
    """A choice field whose schema is the named enum component ``name``: field names such as "kind",
    "status" or "source" carry other choice sets in the other apps' components, which drf-spectacular
    could only tell apart by a hash in the name."""
    values = [value for value, _label in choices]
    schema = {
        "type": "string",
        "enum": ["", *values] if blank else values,
        "description": ("Blank until recorded. " if blank else "") + ", ".join(values),
    }
    field: type[serializers.ChoiceField] = type(
        f"{name}Field", (serializers.ChoiceField,), {"__module__": __name__}
    )
    return extend_schema_field(schema, component_name=name)(field)


MeetingKindField = _enum_field("MeetingKind", Kind.choices)
MeetingStateField = _enum_field("MeetingState", State.choices)
AttendanceStatusField = _enum_field("AttendanceStatus", AttendanceStatus.choices)
RecordedStatusField = _enum_field("RecordedAttendanceStatus", AttendanceStatus.choices, blank=True)
AttendanceSourceField = _enum_field("AttendanceSource", Attendance.Source.choices, blank=True)


# --- answers ---------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    """A row of the meeting list (only columns of the meeting and its unit: no query per row)."""

    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind = MeetingKindField(choices=Kind.choices, read_only=True)
    state = MeetingStateField(choices=State.choices, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "unit",
            "unit_name",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online",
            "political_task",
            "state",
            "published_at",
            "version",
        ]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    """A material of the meeting: when it was published (titles and files stay on the pages)."""

    class Meta:
        model = MeetingDocument
        fields = ["id", "uploaded_at"]
        read_only_fields = fields


class AttendanceSerializer(serializers.ModelSerializer):
    """One summoned member, with the situation the vote base reads (as it was when summoned)."""

    member_name = serializers.CharField(source="member.full_name", read_only=True)
    status = RecordedStatusField(choices=AttendanceStatus.choices, read_only=True)
    source = AttendanceSourceField(choices=Attendance.Source.choices, read_only=True)

    class Meta:
        model = Attendance
        fields = [
            "member",
            "member_name",
            "status",
            "reason",
            "source",
            "recorded_at",
            "official",
            "temporarily_out",
            "temporarily_in",
            "exempt",
            "away",
        ]
        read_only_fields = fields


class ResolutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Resolution
        fields = ["id", "text", "special", "in_favour", "against", "abstained", "base", "passed"]
        read_only_fields = fields


class CorrectionSerializer(serializers.ModelSerializer):
    made_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = MinutesCorrection
        fields = ["id", "text", "made_at", "made_by"]
        read_only_fields = fields


class MinutesSerializer(serializers.ModelSerializer):
    """The minutes (draft or final) with their resolutions and the corrections appended since."""

    finalised_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    is_final = serializers.BooleanField(read_only=True)
    resolutions = ResolutionSerializer(many=True, read_only=True)
    corrections = CorrectionSerializer(many=True, read_only=True)

    class Meta:
        model = Minutes
        fields = [
            *MINUTES_FIELDS,
            "finalised_at",
            "finalised_by",
            "is_final",
            "version",
            "resolutions",
            "corrections",
        ]
        read_only_fields = fields


class CountSerializer(serializers.Serializer):
    """How many summoned members have one attendance status."""

    status = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class MeetingDetailSerializer(MeetingSerializer):
    """The meeting's page: ``context["detail"]`` is ``selectors.meeting_detail``; ``context["can_manage"]``
    says whether the caller may manage the meeting (and so sees its check-in code)."""

    agenda_items = serializers.ListField(child=serializers.CharField(), read_only=True)
    checkin_token = serializers.SerializerMethodField()
    documents = DocumentSerializer(many=True, read_only=True)
    attendances = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()
    rate = serializers.SerializerMethodField()
    vote_base = serializers.SerializerMethodField()
    majority = serializers.SerializerMethodField()
    official_members = serializers.SerializerMethodField()
    special_required = serializers.SerializerMethodField()
    too_short = serializers.SerializerMethodField()
    materials_late = serializers.SerializerMethodField()
    min_minutes = serializers.SerializerMethodField()
    minutes = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "agenda",
            "agenda_items",
            "checkin_token",
            "documents",
            "attendances",
            "counts",
            "rate",
            "vote_base",
            "majority",
            "official_members",
            "special_required",
            "too_short",
            "materials_late",
            "min_minutes",
            "minutes",
        ]
        read_only_fields = fields

    def _detail(self) -> dict[str, Any]:
        return self.context["detail"]  # type: ignore[no-any-return]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_checkin_token(self, meeting: Meeting) -> str | None:
        return meeting.checkin_token if self.context.get("can_manage") else None

    @extend_schema_field(AttendanceSerializer(many=True))
    def get_attendances(self, meeting: Meeting) -> list[dict[str, Any]]:
        return AttendanceSerializer(self._detail()["attendances"], many=True).data  # type: ignore[return-value]

    @extend_schema_field(CountSerializer(many=True))
    def get_counts(self, meeting: Meeting) -> list[dict[str, Any]]:
        # ``counts`` follows the order of AttendanceStatus.choices: (label, count) pairs
        return [
            {"status": value, "label": str(label), "count": count}
            for value, (label, count) in zip(AttendanceStatus.values, self._detail()["counts"], strict=True)
        ]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_rate(self, meeting: Meeting) -> float | None:
        return self._detail()["rate"]  # type: ignore[no-any-return]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_vote_base(self, meeting: Meeting) -> int | None:
        return self._detail()["vote_base"]  # type: ignore[no-any-return]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_majority(self, meeting: Meeting) -> int | None:
        return self._detail()["majority"]  # type: ignore[no-any-return]

    def get_official_members(self, meeting: Meeting) -> int:
        return int(self._detail()["official_members"])

    def get_special_required(self, meeting: Meeting) -> int:
        return int(self._detail()["special_required"])

    def get_too_short(self, meeting: Meeting) -> bool:
        return bool(self._detail()["too_short"])

    def get_materials_late(self, meeting: Meeting) -> bool:
        return bool(self._detail()["materials_late"])

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_min_minutes(self, meeting: Meeting) -> int | None:
        return self._detail()["min_minutes"]  # type: ignore[no-any-return]

    @extend_schema_field(MinutesSerializer(allow_null=True))
    def get_minutes(self, meeting: Meeting) -> dict[str, Any] | None:
        try:
            minutes = meeting.minutes
        except Minutes.DoesNotExist:
            return None
        return MinutesSerializer(minutes).data  # type: ignore[return-value]


class CheckinSerializer(serializers.ModelSerializer):
    """The member's own line of the attendance after a QR check-in."""

    unit = serializers.CharField(source="meeting.unit.code", read_only=True)
    starts_at = serializers.DateTimeField(source="meeting.starts_at", read_only=True)
    status = RecordedStatusField(choices=AttendanceStatus.choices, read_only=True)
    source = AttendanceSourceField(choices=Attendance.Source.choices, read_only=True)

    class Meta:
        model = Attendance
        fields = ["meeting", "unit", "starts_at", "member", "status", "source", "recorded_at"]
        read_only_fields = fields


class AlertSerializer(serializers.Serializer):
    """One check of DOMAIN.md §3–4 that failed (``selectors.Alert``)."""

    kind = serializers.CharField()
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    detail = serializers.CharField()
    meeting = serializers.IntegerField(source="meeting.pk", allow_null=True)
    member = serializers.IntegerField(source="member.pk", allow_null=True)
    member_name = serializers.CharField(source="member.full_name", allow_null=True)


class RateSerializer(serializers.Serializer):
    """Attendance of the held meetings of a year over a unit's subtree (``selectors.Rate``)."""

    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    level = serializers.CharField(source="unit.level")
    meetings = serializers.IntegerField()
    expected = serializers.IntegerField()
    present = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class UnitRateSerializer(RateSerializer):
    children = RateSerializer(many=True)


class RatesSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    units = UnitRateSerializer(many=True)


# --- query parameters -------------------------------------------------------------------------


class UnitQuery(serializers.Serializer):
    unit = serializers.CharField(max_length=32, required=False, help_text="Code of a unit: only its subtree")


class UnitYearQuery(UnitQuery):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


# --- input -----------------------------------------------------------------------------------


def _text(max_length: int | None = None, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, default="", allow_blank=True, **kwargs
    )


class MeetingFields(serializers.Serializer):
    """The facts of a meeting the secretary schedules, moves or fills in (``EDITABLE_FIELDS``)."""

    kind = MeetingKindField(choices=Kind.choices)
    title = _text(255)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    place = _text(255)
    online = serializers.BooleanField(required=False, default=False)
    agenda = _text(10_000, help_text="One item per line.")
    political_task = _text(255)


class MeetingCreateInput(MeetingFields):
    unit = UnitCodeRef(action=Action.MANAGE)


def _reject_unknown(data: Any, allowed: set[str]) -> None:
    """A field that is not editable here (state, unit, check-in code…) is refused by name."""
    if isinstance(data, dict):
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise RuleViolation("member.field_not_editable", fields=", ".join(unknown))


class MeetingUpdateInput(MeetingFields):
    """A change: ``version`` as read, and only the fields that change (a PATCH)."""

    version = serializers.IntegerField(min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "version" not in attrs:  # a partial serializer does not enforce ``required``
            raise serializers.ValidationError(
                {"version": [self.fields["version"].error_messages["required"]]}
            )
        return attrs

    def to_internal_value(self, data: Any) -> Any:
        _reject_unknown(data, {*EDITABLE_FIELDS, "version"})
        return super().to_internal_value(data)


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class AttendanceEntryInput(serializers.Serializer):
    """One line of the attendance sheet; a member not summoned is refused by the service."""

    member = serializers.IntegerField(min_value=1)
    status = AttendanceStatusField(choices=AttendanceStatus.choices)
    reason = _text(255)


class AttendanceSheetInput(serializers.ListSerializer):
    """The sheet: at least one line, each member once."""

    def validate(self, attrs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [entry["member"] for entry in attrs]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Each member may appear only once."))
        return attrs


def attendance_sheet(**kwargs: Any) -> AttendanceSheetInput:
    return AttendanceSheetInput(child=AttendanceEntryInput(), allow_empty=False, **kwargs)


class MinutesInput(serializers.Serializer):
    """A save of the draft minutes: only the fields given change; ``version`` as read, if given."""

    version = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    chair = serializers.CharField(max_length=150, allow_blank=True)
    recorder = serializers.CharField(max_length=150, allow_blank=True)
    opened_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    agenda = serializers.CharField(allow_blank=True, max_length=20_000)
    discussion = serializers.CharField(allow_blank=True, max_length=100_000)
    conclusions = serializers.CharField(allow_blank=True, max_length=20_000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        _reject_unknown(data, {*MINUTES_FIELDS, "version"})
        return super().to_internal_value(data)


class ResolutionInput(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    in_favour = serializers.IntegerField(min_value=0, max_value=1_000_000)
    against = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, default=0)
    abstained = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, default=0)
    special = serializers.BooleanField(
        required=False, default=False, help_text="Admission, recognition, removal: two thirds of officials"
    )


class CorrectionInput(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class PlanInput(serializers.Serializer):
    unit = UnitCodeRef(action=Action.MANAGE)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    day = serializers.IntegerField(min_value=1, max_value=31, help_text="Day of the month of the meetings")
    at = serializers.TimeField(required=False, input_formats=["%H:%M"], help_text="HH:MM (default 14:00)")


class CheckinInput(serializers.Serializer):
    token = serializers.CharField(max_length=64, help_text="The code of the meeting's QR sign-in sheet")
