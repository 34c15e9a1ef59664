"""Serializers of the reports API: the statistics (the same JSON as ``manage.py report statistics``),
submitted reports, data quality and its background runs."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chibo.accounts.roles import Action
from chibo.organizations.api.serializers import UnitCodeRef
from chibo.reports.models import QualityRun, SubmittedReport


class StatisticsQuery(serializers.Serializer):
    unit = serializers.CharField(max_length=32, help_text="Code of the unit whose subtree is counted")
    as_of = serializers.DateField(required=False, help_text="Default: today")
    period_from = serializers.DateField(required=False, help_text="Default: 1 January of as_of's year")
    period_to = serializers.DateField(required=False, help_text="Default: as_of")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            raise serializers.ValidationError({"period_from": "The period must start before it ends."})
        return data


class UnitQuery(serializers.Serializer):
    unit = serializers.CharField(max_length=32, required=False, help_text="Code of a unit: only its subtree")


class QualityQuery(serializers.Serializer):
    unit = serializers.CharField(max_length=32, help_text="Code of the unit whose subtree is checked")
    limit = serializers.IntegerField(min_value=1, max_value=5000, required=False, default=200)


class StatisticsSerializer(serializers.Serializer):
    """The report: headline figures, groups by code, flows of the period (see chibo.reports.selectors)."""

    unit = serializers.CharField()
    unit_name = serializers.CharField()
    as_of = serializers.DateField()
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    members_total = serializers.IntegerField()
    official = serializers.IntegerField()
    probationary = serializers.IntegerField()
    female = serializers.IntegerField()
    ethnic_minority = serializers.IntegerField()
    religious = serializers.IntegerField()
    under_30 = serializers.IntegerField()
    units_total = serializers.IntegerField()
    grassroots_units = serializers.IntegerField()
    cells = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    by_sex = serializers.DictField(child=serializers.IntegerField())
    by_age = serializers.DictField(child=serializers.IntegerField())
    by_party_age = serializers.DictField(child=serializers.IntegerField())
    by_ethnicity = serializers.DictField(child=serializers.IntegerField())
    by_religion = serializers.DictField(child=serializers.IntegerField())
    by_education = serializers.DictField(child=serializers.IntegerField())
    by_theory = serializers.DictField(child=serializers.IntegerField())
    units_by_level = serializers.DictField(child=serializers.IntegerField())
    units_by_host_kind = serializers.DictField(child=serializers.IntegerField())
    flows = serializers.DictField()


class DifferenceSerializer(serializers.Serializer):
    figure = serializers.CharField()
    submitted = serializers.IntegerField()
    now = serializers.IntegerField()


class SubmittedReportSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    members_total = serializers.SerializerMethodField()

    class Meta:
        model = SubmittedReport
        fields = [
            "id",
            "unit",
            "as_of",
            "period_from",
            "period_to",
            "note",
            "submitted_at",
            "submitted_by",
            "members_total",
        ]
        read_only_fields = fields

    def get_members_total(self, report: SubmittedReport) -> int:
        return int(report.figures.get("members_total", 0))


class SubmittedReportDetailSerializer(SubmittedReportSerializer):
    figures = StatisticsSerializer(read_only=True)
    differences = serializers.SerializerMethodField()

    class Meta(SubmittedReportSerializer.Meta):
        fields = [*SubmittedReportSerializer.Meta.fields, "figures", "differences"]
        read_only_fields = fields

    @extend_schema_field(DifferenceSerializer(many=True))
    def get_differences(self, report: SubmittedReport) -> list[dict[str, Any]]:
        return [{"figure": k, "submitted": a, "now": b} for k, a, b in self.context["differences"]]


class SubmitInput(serializers.Serializer):
    unit = UnitCodeRef(action=Action.MANAGE, help_text="The unit whose subtree the report covers")
    as_of = serializers.DateField()
    period_from = serializers.DateField(required=False)
    period_to = serializers.DateField(required=False)
    note = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class CompletenessSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    filled = serializers.IntegerField()
    of = serializers.IntegerField()
    percent = serializers.FloatField()


class ProblemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    member_id = serializers.IntegerField()
    name = serializers.CharField()
    unit_code = serializers.CharField()
    detail = serializers.CharField()


class QualitySerializer(serializers.Serializer):
    unit = serializers.CharField()
    completeness = CompletenessSerializer(many=True)
    counts = serializers.DictField(child=serializers.IntegerField())
    problems_total = serializers.IntegerField()
    problems = ProblemSerializer(many=True)


class QualityRunSerializer(serializers.ModelSerializer):
    """A background data-quality check of a subtree too large to check at once."""

    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    requested_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Null when no account asked"
    )
    problems_total = serializers.SerializerMethodField(help_text="Problems found; null until the run is done")
    state = serializers.ChoiceField(
        source="shown_state",
        choices=QualityRun.State.choices,
        read_only=True,
        help_text="A run still waiting or running an hour after it was asked for lost its worker: failed",
    )

    class Meta:
        model = QualityRun
        fields = ["id", "unit", "state", "requested_at", "finished_at", "requested_by", "problems_total"]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_problems_total(self, run: QualityRun) -> int | None:
        if run.state != QualityRun.State.DONE:
            return None
        if hasattr(run, "problems_found"):  # the list's annotation: the result itself is not read
            return int(run.problems_found or 0)
        return int(run.result.get("problems_total", 0))


class QualityRunDetailSerializer(QualityRunSerializer):
    """The run with what it found: ``result`` is a done run's result, as report-quality answers for a
    smaller subtree; null until the run is done."""

    result = serializers.SerializerMethodField()

    class Meta(QualityRunSerializer.Meta):
        fields = [*QualityRunSerializer.Meta.fields, "result"]
        read_only_fields = fields

    @extend_schema_field(QualitySerializer(allow_null=True))
    def get_result(self, run: QualityRun) -> dict[str, Any] | None:
        return self.context.get("result")  # built by the view from the selectors (``_run_detail``)


class QualityRunInput(serializers.Serializer):
    unit = UnitCodeRef(
        action=Action.MANAGE,
        help_text="The unit whose subtree is checked: one above CHIBO_QUALITY_MAX_MEMBERS active members",
    )
