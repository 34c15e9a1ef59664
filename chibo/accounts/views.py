from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from chibo.accounts import services
from chibo.accounts.forms import GrantForm
from chibo.accounts.models import RoleAssignment
from chibo.accounts.roles import Action
from chibo.core.messages import violation_message
from chibo.core.scoping import visible_to
from chibo.core.views import StaffView
from chibo.rules.errors import RuleViolation


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def _assignments(user):  # type: ignore[no-untyped-def]
    return visible_to(
        RoleAssignment.objects.select_related("user", "unit"), user, Action.GRANT, "unit__path"
    ).order_by("unit__path", "role", "user__username")


class RolesView(StaffView):
    """Who holds which role where, in the user's scope; grant and revoke."""

    required_action = Action.GRANT

    def get(self, request: HttpRequest, form: GrantForm | None = None) -> HttpResponse:
        return render(
            request,
            "accounts/roles.html",
            {
                "assignments": _assignments(request.user)[:500],
                "form": form or GrantForm(),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        if "revoke" in request.POST:
            return self._revoke(request)
        form = GrantForm(request.POST)
        if form.is_valid():
            try:
                unit = form.resolve_unit(request.user)
                services.role_grant(
                    actor=request.user,
                    user=form.cleaned_data["username"],
                    unit=unit,
                    role=form.cleaned_data["role"],
                )
            except django_forms.ValidationError as error:
                form.add_error("unit", error)
            except RuleViolation as violation:
                form.add_error(None, violation_message(violation))
            else:
                messages.success(request, _("The role was granted."))
                return HttpResponseRedirect(reverse("accounts:roles"))
        return self.get(request, form=form)

    def _revoke(self, request: HttpRequest) -> HttpResponse:
        assignment = (
            self.scoped(
                RoleAssignment.objects.select_related("user", "unit"), pk=request.POST.get("revoke") or 0
            )
            if str(request.POST.get("revoke", "")).isdigit()
            else None
        )
        if assignment is None:
            messages.error(request, _("Unknown role assignment."))
        else:
            try:
                services.role_revoke(actor=request.user, assignment=assignment)
                messages.success(request, _("The role was taken back."))
            except RuleViolation as violation:
                messages.error(request, violation_message(violation))
        return HttpResponseRedirect(reverse("accounts:roles"))
