from django.apps import apps
from django.contrib import admin

from chibo.accounts.models import RoleAssignment, User
from chibo.core.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    exclude = ["password"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "unit", "granted_at"]
    list_filter = ["role"]


# django-otp's admin would show the keys of other people's authenticator apps (and let them be
# edited): devices are set up by their owner and reset on the Roles page (decision 15).
for _label in ("otp_totp.TOTPDevice", "otp_static.StaticDevice"):
    if admin.site.is_registered(apps.get_model(_label)):
        admin.site.unregister(apps.get_model(_label))
