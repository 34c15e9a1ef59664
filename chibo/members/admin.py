from django.contrib import admin

from chibo.core.admin import ReadOnlyAdmin
from chibo.members.models import Member


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "status", "unit"]
    list_filter = ["status"]
    search_fields = ["name_folded"]
