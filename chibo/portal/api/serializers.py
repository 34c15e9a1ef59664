from __future__ import annotations

from typing import Any

from rest_framework import serializers

from chibo.meetings.models import AttendanceStatus, Meeting, MeetingDocument
from chibo.members.models import MemberEvent
from chibo.portal.models import ANSWER_MAX, TEXT_MAX, Channel, CorrectionRequest, Field, RequestState
from chibo.rules import activation


class MyEventSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name")

    class Meta:
        model = MemberEvent
        fields = ["kind", "effective_on", "unit", "decision"]


class MyRecordSerializer(serializers.Serializer):
    full_name = serializers.CharField(source="member.full_name")
    unit = serializers.CharField(source="member.unit.name")
    unit_code = serializers.CharField(source="member.unit.code")
    status = serializers.CharField(source="member.status")
    activity = serializers.CharField(source="member.activity")
    card_number = serializers.CharField(source="member.card_number")
    cccd_masked = serializers.CharField()
    admitted_on = serializers.DateField(source="member.admitted_on")
    official_on = serializers.DateField(source="member.official_on")
    party_age = serializers.SerializerMethodField()
    badges = serializers.SerializerMethodField()
    grades = serializers.SerializerMethodField()
    exemptions = serializers.SerializerMethodField()
    history = MyEventSerializer(many=True)

    def get_party_age(self, record: Any) -> dict[str, int] | None:
        age = record.party_age
        return {"years": age[0], "months": age[1]} if age else None

    def get_badges(self, record: Any) -> list[dict[str, Any]]:
        return [
            {"years": b.threshold, "award_date": b.award_date, "number": b.badge_number}
            for b in record.badges
        ]

    def get_grades(self, record: Any) -> dict[str, str]:
        return {str(year): grade for year, grade in record.grades.items()}

    def get_exemptions(self, record: Any) -> list[dict[str, Any]]:
        return [{"reason": e.reason, "start_on": e.start_on, "end_on": e.end_on} for e in record.exemptions]


class CorrectionRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = CorrectionRequest
        fields = ["id", "field", "text", "created_at", "state", "handled_on", "answer"]


class StaffCorrectionRequestSerializer(CorrectionRequestSerializer):
    member = serializers.IntegerField(source="member_id")
    member_name = serializers.CharField(source="member.full_name")
    unit = serializers.CharField(source="member.unit.code")

    class Meta(CorrectionRequestSerializer.Meta):
        fields = ["id", "member", "member_name", "unit", *CorrectionRequestSerializer.Meta.fields[1:]]


class CorrectionRequestInput(serializers.Serializer):
    field = serializers.ChoiceField(choices=Field.choices)
    text = serializers.CharField(max_length=TEXT_MAX)


class RequestCloseInput(serializers.Serializer):
    state = serializers.ChoiceField(choices=[RequestState.DONE, RequestState.REJECTED])
    answer = serializers.CharField(max_length=ANSWER_MAX, required=False, allow_blank=True, default="")


class MyMaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingDocument
        fields = ["id", "title", "uploaded_at"]


class MyMeetingSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")
    agenda = serializers.ListField(source="agenda_items", child=serializers.CharField())
    materials = MyMaterialSerializer(source="documents", many=True)
    my_status = serializers.SerializerMethodField()
    my_reason = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id", "unit", "kind", "title", "starts_at", "ends_at", "place", "online", "state",
            "agenda", "materials", "my_status", "my_reason",
        ]  # fmt: skip

    def get_my_status(self, meeting: Any) -> str:
        return meeting.mine[0].status if meeting.mine else ""

    def get_my_reason(self, meeting: Any) -> str:
        return meeting.mine[0].reason if meeting.mine else ""


class FinalMinutesSerializer(serializers.Serializer):
    finalised_at = serializers.DateTimeField()
    discussion = serializers.CharField()
    conclusions = serializers.CharField()
    resolutions = serializers.SerializerMethodField()

    def get_resolutions(self, minutes: Any) -> list[dict[str, Any]]:
        return [
            {"text": r.text, "passed": r.passed, "in_favour": r.in_favour, "base": r.base}
            for r in minutes.resolution_list
        ]


class MyAttendanceInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=[AttendanceStatus.PRESENT, AttendanceStatus.ABSENT_EXCUSED])
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class UnitQuery(serializers.Serializer):
    unit = serializers.CharField(max_length=32, help_text="The unit's code: its whole subtree is listed.")
    account = serializers.ChoiceField(
        choices=list(activation.ACCOUNT_STATES), required=False, help_text="Only members in this state."
    )
    q = serializers.CharField(max_length=100, required=False, default="", help_text="Name or user name.")


class AccountRowSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    full_name = serializers.CharField(source="member.full_name")
    unit = serializers.CharField(source="member.unit.code")
    username = serializers.CharField()
    account = serializers.CharField(
        source="state", help_text="none, issued (a code waits), lapsed (code expired), active or closed."
    )
    code_valid_through = serializers.DateField(source="valid_through", allow_null=True)


class IssueInput(serializers.Serializer):
    unit = serializers.CharField(max_length=32)
    members = serializers.ListField(
        child=serializers.IntegerField(), required=False, allow_null=True, default=None,
        help_text="Record numbers of members of the unit's subtree; left out: every active member.",
    )  # fmt: skip
    reissue = serializers.BooleanField(required=False, default=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, default=Channel.SLIP)


class IssuedCodeSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    full_name = serializers.CharField(source="member.full_name")
    username = serializers.CharField()
    code = serializers.CharField(help_text="In clear, only in this answer: it is stored hashed.")
    expires_at = serializers.DateTimeField()
    valid_through = serializers.DateField()
    new_account = serializers.BooleanField()
    mailed = serializers.BooleanField()


class IssueResultSerializer(serializers.Serializer):
    issued = IssuedCodeSerializer(many=True)
    skipped = serializers.SerializerMethodField()

    def get_skipped(self, result: Any) -> list[dict[str, Any]]:
        return [{"member": m.pk, "full_name": m.full_name, "reason": reason} for m, reason in result.skipped]
