from django.contrib import admin

from chibo.core.admin import ReadOnlyAdmin
from chibo.members.models import Member
from chibo.members.selectors import name_search


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "status", "unit"]
    list_filter = ["status"]
    search_fields = ["name_folded"]

    def get_search_results(self, request, queryset, search_term):  # type: ignore[no-untyped-def]
        """The member list's name search (word starts, through the name keys on PostgreSQL): a
        substring search of the folded name would scan every member."""
        if not search_term.strip():
            return queryset, False
        return name_search(queryset, search_term), False
