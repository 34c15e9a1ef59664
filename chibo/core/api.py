"""API base: the same roles, scope and refusals as the UI (ARCHITECTURE.md, "Scope, once")."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from chibo.accounts.roles import Action
from chibo.core.messages import violation_message
from chibo.core.scoping import NotPermitted, get_scoped_or_404, visible_to
from chibo.rules.errors import RuleViolation


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Refusals by rules → 400 with their code and message; missing rights → 403."""
    if isinstance(exc, RuleViolation):
        return Response(
            {
                "code": exc.code,
                "detail": violation_message(exc),
                "params": {k: str(v) for k, v in exc.params.items()},
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, NotPermitted):
        exc = exceptions.PermissionDenied(str(exc.args[0]) if exc.args else None)
    return drf_exception_handler(exc, context)


class ScopedViewSet(viewsets.GenericViewSet):
    """Lists and objects restricted to the user's scope; out of scope → 404."""

    scope_action: Action = Action.VIEW
    base_queryset: QuerySet

    def get_queryset(self) -> QuerySet:
        return visible_to(self.base_queryset.all(), self.request.user, self.scope_action)

    def get_object(self) -> Model:
        lookup = {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}
        obj = get_scoped_or_404(self.base_queryset.all(), self.request.user, self.scope_action, **lookup)
        self.check_object_permissions(self.request, obj)
        return obj

    def _input(self, serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
        """The body validated by ``serializer_class`` with this view's context (400 naming the field)."""
        return validated_input(serializer_class, request, self.get_serializer_context())


def validated_query(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """Query parameters validated like a body: a bad value is 400, never a 500 or a silent default."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def validated_input(
    serializer_class: type[serializers.Serializer], request: Request, context: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A request body validated by ``serializer_class``: a bad value is 400 naming the field."""
    serializer = serializer_class(data=request.data, context=context or {})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def scoped_unit(request: Request, code: str | None) -> Model | None:
    """The unit of ``?unit=CODE`` if the caller sees it (404 otherwise); ``None`` without one."""
    if not code:
        return None
    from chibo.organizations.models import Unit  # the API base stays below the apps

    return get_scoped_or_404(Unit.objects.all(), request.user, Action.VIEW, code=code.strip().upper())
