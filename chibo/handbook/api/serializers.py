"""Serializers of the notices, news, comments and inbox API."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from chibo.handbook.models import COMMENT_MAX_LENGTH, Attachment, Comment, CommentState, Post, PostKind


class PostQuery(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PostKind.choices, required=False)


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "file_name", "file_type", "file_size", "download_url"]
        read_only_fields = fields

    def get_download_url(self, attachment: Attachment) -> str:
        return reverse("handbook:attachment", args=[attachment.post_id, attachment.pk])


class PostSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Post
        fields = ["id", "kind", "kind_display", "title", "unit", "unit_name", "published_on", "pinned"]
        read_only_fields = fields


class PostDetailSerializer(PostSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(PostSerializer.Meta):
        fields = [*PostSerializer.Meta.fields, "body", "attachments"]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Comment
        fields = ["id", "post", "author_name", "body", "state", "created_at"]
        read_only_fields = fields


class CommentInput(serializers.Serializer):
    # no max_length here: the service refuses a long comment with its own code
    body = serializers.CharField(max_length=COMMENT_MAX_LENGTH * 20)
    answer = serializers.CharField(required=False, allow_blank=True, max_length=10)


class ModerationInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[CommentState.APPROVED, CommentState.REJECTED])


class InboxItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)
    open_url = serializers.CharField()


class UnreadSerializer(serializers.Serializer):
    unread = serializers.IntegerField()
