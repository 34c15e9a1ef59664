"""Serializers of the documents API."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from chibo.documents.models import NOTE_MAX_LENGTH, Document, DocumentKind, StudyAssignment


class DocumentQuery(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False)
    year = serializers.IntegerField(required=False, min_value=1930, max_value=2100)


class LibraryDocumentSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id", "kind", "kind_display", "number", "issued_on", "issuer", "title", "summary",
            "unit", "unit_name", "published_on", "file_name", "file_size", "download_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_download_url(self, document: Document) -> str | None:
        return reverse("document-file", args=[document.pk]) if document.file else None


class DocumentDetailSerializer(LibraryDocumentSerializer):
    bookmarked = serializers.SerializerMethodField()

    class Meta(LibraryDocumentSerializer.Meta):
        fields = [*LibraryDocumentSerializer.Meta.fields, "full_text", "bookmarked"]
        read_only_fields = fields

    def get_bookmarked(self, document: Document) -> bool:
        return bool(self.context.get("bookmarked"))


class BookmarkStateSerializer(serializers.Serializer):
    bookmarked = serializers.BooleanField()


class StudyAssignmentSerializer(serializers.ModelSerializer):
    document_title = serializers.CharField(source="document.title", read_only=True)
    document_number = serializers.CharField(source="document.number", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    studied_on = serializers.SerializerMethodField()

    class Meta:
        model = StudyAssignment
        fields = [
            "id", "document", "document_title", "document_number", "unit", "unit_name", "due_on",
            "assigned_on", "studied_on",
        ]  # fmt: skip
        read_only_fields = fields

    def get_studied_on(self, assignment: Any) -> str | None:
        """The caller's own mark (members); None for a staff user's list."""
        value = getattr(assignment, "studied_on", None)
        return value.isoformat() if value else None


class StudyAssignInput(serializers.Serializer):
    document = serializers.IntegerField()
    unit = serializers.CharField(max_length=32)
    due_on = serializers.DateField(required=False, allow_null=True)


class StudyMarkInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)


class StudyRecordSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(source="assignment_id")
    member = serializers.IntegerField(source="member_id")
    studied_on = serializers.DateField()
    note = serializers.CharField()


class RollupSerializer(serializers.Serializer):
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    members = serializers.IntegerField()
    done = serializers.IntegerField()
    percent = serializers.FloatField()
    cells = serializers.IntegerField()
    cells_done = serializers.IntegerField()
    cells_percent = serializers.FloatField()


class CompletionSerializer(serializers.Serializer):
    total = RollupSerializer()
    rows = RollupSerializer(many=True)


class MemberCompletionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    unit = serializers.CharField(source="unit.code")
    studied_on = serializers.DateField(allow_null=True)
    note = serializers.CharField(source="study_note", allow_null=True)
