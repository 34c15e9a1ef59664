"""Serializers of the questions and FAQ API (the FAQ never carries the asker)."""

from __future__ import annotations

from rest_framework import serializers

from chibo.questions.models import (
    ANSWER_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Question,
    QuestionState,
)


class MyQuestionSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Question
        fields = ["id", "unit", "unit_name", "title", "text", "state", "created_at", "answer", "answered_at"]
        read_only_fields = fields


class StaffQuestionSerializer(MyQuestionSerializer):
    asked_by = serializers.CharField(source="member.full_name", read_only=True)
    faq_unit = serializers.CharField(source="faq_unit.code", read_only=True, default=None)

    class Meta(MyQuestionSerializer.Meta):
        fields = [*MyQuestionSerializer.Meta.fields, "asked_by", "faq_unit", "faq_title", "faq_text"]
        read_only_fields = fields


class FaqSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="faq_unit.code", read_only=True)
    unit_name = serializers.CharField(source="faq_unit.name", read_only=True)
    title = serializers.CharField(source="public_title", read_only=True)
    question = serializers.CharField(source="public_text", read_only=True)

    class Meta:
        model = Question
        fields = ["id", "unit", "unit_name", "title", "question", "answer", "faq_published_at"]
        read_only_fields = fields


class AskInput(serializers.Serializer):
    # generous bounds here: the service refuses a long text with its own code
    unit = serializers.CharField(required=False, allow_blank=True, max_length=32)
    title = serializers.CharField(max_length=TITLE_MAX_LENGTH * 4)
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH * 4)


class AnswerInput(serializers.Serializer):
    answer = serializers.CharField(max_length=ANSWER_MAX_LENGTH * 4)


class PublishInput(serializers.Serializer):
    unit = serializers.CharField(required=False, allow_blank=True, max_length=32)
    title = serializers.CharField(required=False, allow_blank=True, max_length=TITLE_MAX_LENGTH * 4)
    text = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH * 4)


class StateQuery(serializers.Serializer):
    state = serializers.ChoiceField(choices=QuestionState.choices, required=False)


class FaqQuery(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
