"""The notices and news API: posts (list, read), comments (list approved, post), moderation
(approve or reject, MANAGE on the post's unit) and the inbox (list, unread count, mark read).

Members (accounts linked to a member record) and staff users may call it; a post the caller may
not read is 404. A comment refused because a sum is due answers 400 with the sum's question in
``params.question`` (its answer kept in the session); send it again with ``answer``.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from chibo.core.api import validated_input, validated_query
from chibo.documents.api.views import LibraryUser
from chibo.handbook import selectors, services
from chibo.handbook.api import serializers as s
from chibo.handbook.views import CHALLENGE_KEY, new_challenge
from chibo.rules.errors import RuleViolation


class PostViewSet(viewsets.GenericViewSet):
    permission_classes = [LibraryUser]
    serializer_class = s.PostSerializer
    lookup_value_regex = r"[0-9]+"

    @extend_schema(parameters=[s.PostQuery])
    def list(self, request: Request) -> Response:
        """The notices and news published to the caller: pinned first, then newest."""
        query = validated_query(s.PostQuery, request)
        page = self.paginate_queryset(selectors.post_list(user=request.user, kind=query.get("kind", "")))
        return self.get_paginated_response(s.PostSerializer(page, many=True).data)

    @extend_schema(responses=s.PostDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        """One post, with its attachments; the caller's first reading is counted."""
        post = selectors.post_for(request.user, pk)
        services.post_view_record(actor=request.user, post=post)
        return Response(s.PostDetailSerializer(post).data)

    @extend_schema(methods=["get"], responses=s.CommentSerializer(many=True))
    @extend_schema(methods=["post"], request=s.CommentInput, responses={201: s.CommentSerializer})
    @action(detail=True, methods=["get", "post"])
    def comments(self, request: Request, pk: str) -> Response:
        """GET: approved comments and the caller's own waiting ones. POST: a comment, which waits
        for moderation."""
        post = selectors.post_for(request.user, pk)
        if request.method == "GET":
            page = self.paginate_queryset(selectors.comments_for(request.user, post))
            return self.get_paginated_response(s.CommentSerializer(page, many=True).data)
        data = validated_input(s.CommentInput, request)
        expected = request.session.pop(CHALLENGE_KEY, None) if hasattr(request, "session") else None
        try:
            comment = services.comment_post(
                actor=request.user,
                post=post,
                body=data["body"],
                challenge_expected=expected,
                challenge_answer=data.get("answer"),
            )
        except RuleViolation as violation:
            if violation.code.startswith("handbook.challenge"):
                violation.params["question"] = new_challenge(request._request)
            raise
        return Response(s.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class CommentViewSet(viewsets.GenericViewSet):
    permission_classes = [LibraryUser]
    serializer_class = s.CommentSerializer
    lookup_value_regex = r"[0-9]+"

    def _moderate(self, request: Request, pk: str, decision: str) -> Response:
        comment = selectors.comment_for_moderation(request.user, pk)
        comment = services.comment_moderate(actor=request.user, comment=comment, decision=decision)
        return Response(s.CommentSerializer(comment).data)

    @extend_schema(request=None, responses=s.CommentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """Approve a waiting comment (MANAGE on the post's unit)."""
        return self._moderate(request, pk, "approved")

    @extend_schema(request=None, responses=s.CommentSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        """Reject a waiting comment (MANAGE on the post's unit)."""
        return self._moderate(request, pk, "rejected")


class InboxViewSet(viewsets.GenericViewSet):
    permission_classes = [LibraryUser]
    serializer_class = s.InboxItemSerializer
    lookup_value_regex = r"[nm][0-9]+"

    def list(self, request: Request) -> Response:
        """Notifications and meeting notices: unread first, then newest (at most 100)."""
        return Response(s.InboxItemSerializer(selectors.inbox(request.user), many=True).data)

    @extend_schema(responses=s.UnreadSerializer)
    @action(detail=False, methods=["get"])
    def unread(self, request: Request) -> Response:
        """The number of unread notifications and meeting notices."""
        return Response({"unread": selectors.unread_count(request.user)})

    @extend_schema(request=None, responses=s.UnreadSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        """Mark one item read (``n12`` a notification, ``m5`` a meeting notice)."""
        if pk.startswith("n"):
            notification = selectors.notification_for(request.user, pk[1:])
            services.notification_read(actor=request.user, notification=notification)
        elif pk.startswith("m"):
            notice = selectors.meeting_notice_for(request.user, pk[1:])
            services.meeting_notice_read(actor=request.user, notice=notice)
        else:
            raise NotFound
        request.user.__dict__.pop("_handbook_unread", None)
        return Response({"unread": selectors.unread_count(request.user)})

    @extend_schema(request=None, responses=s.UnreadSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        """Mark every item read."""
        services.inbox_read_all(actor=request.user)
        return Response({"unread": 0})
