from __future__ import annotations

from rest_framework import serializers

from chibo.exchange.models import ImportJob


class ImportJobSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)
    state = serializers.ChoiceField(
        choices=ImportJob.State.choices,
        source="shown_state",
        read_only=True,
        help_text="A check or an import whose worker was stopped or killed (nothing of the file was "
        "written) reads failed, with lost true.",
    )
    lost = serializers.BooleanField(
        read_only=True,
        help_text="The worker checking or importing the file was stopped or killed: upload it again.",
    )
    progress = serializers.IntegerField(
        source="rows_done",
        read_only=True,
        help_text="Rows read so far while the file is checked or imported; all once imported.",
    )

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "unit",
            "created_by",
            "created_at",
            "filename",
            "size",
            "sha256",
            "skip_invalid",
            "state",
            "rows_total",
            "rows_invalid",
            "created",
            "updated",
            "unchanged",
            "problem",
            "lost",
            "progress",
            "finished_at",
        ]
        read_only_fields = fields


class ImportUploadInput(serializers.Serializer):
    unit = serializers.CharField(max_length=40, help_text="Code of the unit whose subtree receives the rows.")
    file = serializers.FileField(help_text="The roster (.xlsx).")
    skip_invalid = serializers.BooleanField(
        default=False, help_text="Import the valid rows, report the rest."
    )


class ExportQuery(serializers.Serializer):
    unit = serializers.CharField(max_length=40, required=False)
    q = serializers.CharField(max_length=100, required=False)
    status = serializers.CharField(max_length=20, required=False)
