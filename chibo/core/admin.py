"""The Django admin shows records read-only: every write goes through a service
(ARCHITECTURE.md), and the services keep the audit trail. The calendar exceptions
are edited here, through their service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chibo.core import services
from chibo.core.models import AuditEntry, CalendarException


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_repr", "action", "target_repr", "unit", "effective_on"]
    list_filter = ["action"]
    search_fields = ["target_repr", "actor_repr", "action"]


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "reason"]

    def save_model(self, request: HttpRequest, obj: CalendarException, form: Any, change: bool) -> None:
        services.calendar_exception_set(actor=request.user, day=obj.day, kind=obj.kind, reason=obj.reason)

    def delete_model(self, request: HttpRequest, obj: CalendarException) -> None:
        services.calendar_exception_delete(actor=request.user, exception=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            services.calendar_exception_delete(actor=request.user, exception=obj)
