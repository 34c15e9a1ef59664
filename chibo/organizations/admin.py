from django.contrib import admin

from chibo.core.admin import ReadOnlyAdmin
from chibo.organizations.models import Unit, UnitEvent


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "depth", "dissolved_on"]
    list_filter = ["level"]
    search_fields = ["code", "name_folded"]


@admin.register(UnitEvent)
class UnitEventAdmin(ReadOnlyAdmin):
    list_display = ["unit", "kind", "effective_on", "actor"]
