"""Serializers of the admission API: what answers show, and the input each step validates.

Answers never carry the candidate's CCCD, religion or residence (the members API keeps them behind
its audited ``sensitive`` read; candidates have no such read yet), nor the paper scans.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chibo.accounts.roles import Action
from chibo.admissions.models import Candidate, Introducer, PaperKind, Source, Stage, Step, Vote
from chibo.admissions.services import PERSON_FIELDS
from chibo.core.scoping import visible_to
from chibo.members.models import Member, ProfessionalLevel, Sex, TheoryLevel
from chibo.organizations.api.serializers import UnitCodeRef
from chibo.rules.errors import RuleViolation

SENSITIVE_FIELDS = ("cccd", "religion", "residence")
#: The person's details an answer shows.
PUBLIC_PERSON_FIELDS = [f for f in PERSON_FIELDS if f not in SENSITIVE_FIELDS]

# --- answers ---------------------------------------------------------------------------------


class CandidateSerializer(serializers.ModelSerializer):
    """A row of the candidate list (only columns of the candidate and its unit: no query per row)."""

    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Candidate
        fields = ["id", "unit", *PUBLIC_PERSON_FIELDS, "stage", "stage_on", "entered_on", "member", "version"]
        read_only_fields = fields


class PaperRowSerializer(serializers.Serializer):
    """One line of the dossier checklist (12-HD/BTCTW §II.1.1): recorded or not."""

    kind = serializers.CharField()
    label = serializers.CharField()
    required = serializers.BooleanField()
    recorded = serializers.BooleanField()
    number = serializers.CharField(allow_null=True)
    issued_on = serializers.DateField(allow_null=True)
    has_scan = serializers.BooleanField()

    def to_representation(self, row: tuple[Any, ...]) -> dict[str, Any]:
        kind, *_label, required, paper = row  # (kind, [label,] required, paper or None)
        return {
            "kind": kind,
            "label": str(PaperKind(kind).label),
            "required": required,
            "recorded": paper is not None,
            "number": paper.number if paper else None,
            "issued_on": paper.issued_on.isoformat() if paper else None,
            "has_scan": bool(paper and paper.scan),
        }


class IntroducerSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    member_unit = serializers.CharField(source="member.unit.code", read_only=True)

    class Meta:
        model = Introducer
        fields = [
            "id",
            "member",
            "member_name",
            "member_unit",
            "together_since",
            "assigned_on",
            "replacement",
            "released_on",
            "released_reason",
        ]
        read_only_fields = fields


class VoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vote
        fields = ["id", "kind", "held_on", "official_members", "in_favour", "against", "required", "passed"]
        read_only_fields = fields


class StepSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Step
        fields = ["stage", "effective_on", "recorded_at", "actor", "reference", "note"]
        read_only_fields = fields


class DeadlineSerializer(serializers.Serializer):
    """One item of the deadline board (``selectors.Deadline``)."""

    candidate = serializers.IntegerField(source="candidate.pk")
    candidate_name = serializers.CharField(source="candidate.full_name")
    unit = serializers.CharField(source="candidate.unit.code")
    kind = serializers.CharField()
    label = serializers.CharField()
    due = serializers.DateField()
    overdue = serializers.BooleanField()
    overdue_working_days = serializers.IntegerField()


class CandidateDetailSerializer(CandidateSerializer):
    """The candidate with its pipeline: ``context["detail"]`` is ``selectors.candidate_detail``."""

    deciding_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    papers = serializers.SerializerMethodField()
    missing_papers = serializers.SerializerMethodField()
    dossier_stale = serializers.SerializerMethodField()
    age_months = serializers.SerializerMethodField()
    certificate_expires_on = serializers.SerializerMethodField()
    introducers = serializers.SerializerMethodField()
    votes = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()

    class Meta(CandidateSerializer.Meta):
        fields = [
            *CandidateSerializer.Meta.fields,
            "certificate_number",
            "certificate_issued_on",
            "dossier_completed_on",
            "cell_resolution_on",
            "upper_resolution_on",
            "upper_resolution_number",
            "decision_number",
            "decision_on",
            "decision_received_on",
            "deciding_unit",
            "ceremony_on",
            "ceremony_consent",
            "recognition_vote_on",
            "recognition_decision_number",
            "recognition_decision_on",
            "closed_reason",
            "papers",
            "missing_papers",
            "dossier_stale",
            "age_months",
            "certificate_expires_on",
            "introducers",
            "votes",
            "steps",
            "deadlines",
        ]
        read_only_fields = fields

    def _detail(self) -> dict[str, Any]:
        return self.context["detail"]  # type: ignore[no-any-return]

    @extend_schema_field(PaperRowSerializer(many=True))
    def get_papers(self, candidate: Candidate) -> list[dict[str, Any]]:
        return PaperRowSerializer(self._detail()["checklist"], many=True).data  # type: ignore[return-value]

    def get_missing_papers(self, candidate: Candidate) -> list[str]:
        return list(self._detail()["missing"])

    def get_dossier_stale(self, candidate: Candidate) -> bool:
        return bool(self._detail()["dossier_stale"])

    def get_age_months(self, candidate: Candidate) -> int:
        return int(self._detail()["age_months"])

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_certificate_expires_on(self, candidate: Candidate) -> str | None:
        expires = self._detail()["certificate_expires_on"]
        return expires.isoformat() if expires else None

    @extend_schema_field(IntroducerSerializer(many=True))
    def get_introducers(self, candidate: Candidate) -> list[dict[str, Any]]:
        return IntroducerSerializer(self._detail()["introducers"], many=True).data  # type: ignore[return-value]

    @extend_schema_field(VoteSerializer(many=True))
    def get_votes(self, candidate: Candidate) -> list[dict[str, Any]]:
        return VoteSerializer(self._detail()["votes"], many=True).data  # type: ignore[return-value]

    @extend_schema_field(StepSerializer(many=True))
    def get_steps(self, candidate: Candidate) -> list[dict[str, Any]]:
        return StepSerializer(self._detail()["steps"], many=True).data  # type: ignore[return-value]

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, candidate: Candidate) -> list[dict[str, Any]]:
        return DeadlineSerializer(self._detail()["deadlines"], many=True).data  # type: ignore[return-value]


class StageCountSerializer(serializers.Serializer):
    """One stage of the funnel."""

    stage = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()

    def to_representation(self, row: tuple[str, str, int]) -> dict[str, Any]:
        stage, label, count = row
        return {"stage": stage, "label": str(label), "count": count}


class ProgressSerializer(serializers.Serializer):
    """A unit's target for the year and the members admitted in its subtree (``selectors.Progress``)."""

    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    level = serializers.CharField(source="unit.level")
    target = serializers.IntegerField(allow_null=True)
    admitted = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)


class UnitProgressSerializer(ProgressSerializer):
    children = ProgressSerializer(many=True)


class TargetsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    units = UnitProgressSerializer(many=True)


# --- query parameters -------------------------------------------------------------------------


class UnitQuery(serializers.Serializer):
    unit = serializers.CharField(max_length=32, required=False, help_text="Code of a unit: only its subtree")


class UnitYearQuery(UnitQuery):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


class CandidateFilterQuery(serializers.Serializer):
    unit = serializers.CharField(max_length=32, required=False, help_text="Code of a unit: only its subtree")
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    q = serializers.CharField(max_length=150, required=False, allow_blank=True, help_text="Name, infix")
    include_closed = serializers.BooleanField(required=False, default=False)


# --- input -----------------------------------------------------------------------------------


def _text(max_length: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, default="", allow_blank=True, **kwargs
    )


class PersonInput(serializers.Serializer):
    """The person's details (``services.CandidateSpec``); the service normalises and checks them."""

    full_name = serializers.CharField(max_length=150)
    birth_date = serializers.DateField()
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default="", allow_blank=True)
    ethnicity = serializers.CharField(max_length=50, required=False, default="Kinh", allow_blank=True)
    religion = _text(50)
    home_town = _text(255)
    residence = _text(255)
    cccd = _text(20)
    phone = _text(20)
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    education_general = _text(10)
    education_professional = serializers.ChoiceField(
        choices=ProfessionalLevel.choices, required=False, default="", allow_blank=True
    )
    theory_level = serializers.ChoiceField(
        choices=TheoryLevel.choices, required=False, default="", allow_blank=True
    )
    job = _text(255)
    position = _text(255)
    host_unit_name = _text(255)
    host_unit_joined_on = serializers.DateField(required=False, allow_null=True, default=None)
    source = serializers.ChoiceField(choices=Source.choices, required=False, default=Source.OTHER)
    over_age_approval = _text(255)


class CandidateCreateInput(PersonInput):
    unit = UnitCodeRef(action=Action.MANAGE)
    entered_on = serializers.DateField()


class CandidateUpdateInput(PersonInput):
    """A correction: ``version`` as read, and only the fields that change (a PATCH)."""

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
        if isinstance(data, dict):
            # stage, dates of steps, unit…: they change only through the steps, never by a correction
            unknown = sorted(set(data) - set(PERSON_FIELDS) - {"version"})
            if unknown:
                raise RuleViolation("member.field_not_editable", fields=", ".join(unknown))
        return super().to_internal_value(data)


class CertificateInput(serializers.Serializer):
    number = serializers.CharField(max_length=50)
    issued_on = serializers.DateField()


class PaperInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PaperKind.choices)
    number = _text(50)
    issued_on = serializers.DateField()


@extend_schema_field(OpenApiTypes.INT)
class VisibleMember(serializers.PrimaryKeyRelatedField):
    """A member id among the members the caller may see (others: "does not exist")."""

    def get_queryset(self) -> QuerySet[Member]:
        return visible_to(Member.objects.all(), self.context["request"].user, Action.VIEW)


class IntroducerInput(serializers.Serializer):
    member = VisibleMember()
    together_since = serializers.DateField()
    assigned_on = serializers.DateField()
    replacement = serializers.BooleanField(required=False, default=False)


class OnInput(serializers.Serializer):
    on = serializers.DateField()


class VoteInput(serializers.Serializer):
    held_on = serializers.DateField()
    in_favour = serializers.IntegerField(min_value=0, max_value=1_000_000)
    against = serializers.IntegerField(min_value=0, max_value=1_000_000)
    note = _text(2000)


class UpperResolutionInput(serializers.Serializer):
    on = serializers.DateField()
    number = serializers.CharField(max_length=50)


class DecideInput(serializers.Serializer):
    decided_on = serializers.DateField()
    number = serializers.CharField(max_length=50)
    received_on = serializers.DateField(required=False, allow_null=True, default=None)


class CeremonyInput(serializers.Serializer):
    held_on = serializers.DateField()
    consent = _text(255, help_text="The upper committee's consent to a ceremony after 30 working days")


class RecognitionDecisionInput(serializers.Serializer):
    decided_on = serializers.DateField()
    number = serializers.CharField(max_length=50)


class NotRecognisedInput(RecognitionDecisionInput):
    reason = serializers.CharField(max_length=2000)


class CloseInput(serializers.Serializer):
    on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class TargetInput(serializers.Serializer):
    unit = UnitCodeRef(action=Action.VIEW)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    target = serializers.IntegerField(min_value=0, max_value=1_000_000)
