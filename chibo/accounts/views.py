from __future__ import annotations

import base64
from typing import Any

import segno
from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from chibo.accounts import services
from chibo.accounts.forms import CodeForm, GrantForm
from chibo.accounts.models import RoleAssignment, User
from chibo.accounts.roles import Action
from chibo.core.messages import violation_message
from chibo.core.scoping import visible_to
from chibo.core.views import StaffView, client_ip
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
        if "reset_second_factor" in request.POST:
            return self._reset_second_factor(request)
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

    def _reset_second_factor(self, request: HttpRequest) -> HttpResponse:
        value = str(request.POST.get("reset_second_factor", ""))
        user = User.objects.filter(pk=value).first() if value.isdigit() else None
        if user is None:
            messages.error(request, _("Unknown user."))
        else:
            try:
                services.second_factor_reset(actor=request.user, user=user)
                messages.success(
                    request,
                    _("%(user)s will set up a new authenticator app at the next sign-in.") % {"user": user},
                )
            except RuleViolation as violation:
                messages.error(request, violation_message(violation))
            except PermissionDenied as refusal:
                messages.error(request, str(refusal))
        return HttpResponseRedirect(reverse("accounts:roles"))


def _renew_session_key(request: HttpRequest) -> None:
    """A new session key once the second factor is passed (no fixation of a half-signed session),
    and django-axes' access log entry of this sign-in moved to it: axes finds the entry to close at
    sign-out by the session's key, and would otherwise never record the sign-out."""
    from axes.helpers import get_client_session_hash

    before = get_client_session_hash(request)
    request.session.cycle_key()
    services.sign_in_log_follow(
        username=request.user.get_username(), before=before, after=get_client_session_hash(request)
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:dashboard")


def _qr_data_uri(text: str) -> str:
    svg = segno.make(text, error="m").svg_inline(scale=5)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@method_decorator(never_cache, name="dispatch")
class SecondFactorView(LoginRequiredMixin, View):
    """After the password: a code from the authenticator app, or a recovery code."""

    template_name = "accounts/second_factor.html"

    def get(self, request: HttpRequest, form: CodeForm | None = None, status: int = 200) -> HttpResponse:
        if services.confirmed_totp(request.user) is None:
            return HttpResponseRedirect(
                reverse("accounts:second_factor_setup") + "?" + request.GET.urlencode()
            )
        return render(
            request,
            self.template_name,
            {"form": form or CodeForm(), "next": _next_url(request)},
            status=status,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                device = services.second_factor_verify(actor=request.user, token=form.cleaned_data["code"])
            except RuleViolation as violation:
                form.add_error("code", violation_message(violation))
            else:
                _renew_session_key(request)
                otp_login(request, device)
                if type(device).__name__ == "StaticDevice":
                    left = device.token_set.count()
                    messages.warning(
                        request,
                        _("You signed in with a recovery code; %(left)s codes are left. Make new ones soon.")
                        % {"left": left},
                    )
                return HttpResponseRedirect(_next_url(request))
        return self.get(request, form=form, status=400)


@method_decorator(never_cache, name="dispatch")
class SecondFactorSetupView(LoginRequiredMixin, View):
    """First sign-in of an account that needs a second factor: scan the QR with an authenticator
    app, type its code, and keep the recovery codes shown once."""

    template_name = "accounts/second_factor_setup.html"

    def _pending(self, request: HttpRequest) -> Any:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        return TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-pk").first()

    def get(self, request: HttpRequest, form: CodeForm | None = None, status: int = 200) -> HttpResponse:
        if services.confirmed_totp(request.user) is not None:
            return HttpResponseRedirect(reverse("accounts:second_factor") + "?" + request.GET.urlencode())
        # a reload, the back button or a redirect back here keeps the key already scanned
        device = self._pending(request) or services.second_factor_start(actor=request.user)
        secret = base64.b32encode(device.bin_key).decode()
        return render(
            request,
            self.template_name,
            {
                "form": form or CodeForm(),
                "next": _next_url(request),
                "qr": _qr_data_uri(device.config_url),
                "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
                "device": device,
            },
            status=status,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        device = self._pending(request)
        if device is None:
            return HttpResponseRedirect(reverse("accounts:second_factor_setup"))
        if form.is_valid():
            try:
                codes = services.second_factor_confirm(
                    actor=request.user, device=device, token=form.cleaned_data["code"]
                )
            except RuleViolation as violation:
                form.add_error("code", violation_message(violation))
            else:
                _renew_session_key(request)
                otp_login(request, device)
                return render(
                    request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
                )
        return self.get(request, form=form, status=400)


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(LoginRequiredMixin, View):
    """New recovery codes (the old ones stop working); only from a session that passed the factor."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "accounts/recovery_codes.html",
            {"enrolled": services.confirmed_totp(request.user) is not None, "ask": True},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        from chibo.accounts.middleware import second_factor_passed

        if not second_factor_passed(request):
            return HttpResponseRedirect(reverse("accounts:second_factor") + "?next=" + request.path)
        try:
            codes = services.recovery_codes_renew(actor=request.user)
        except RuleViolation as violation:
            messages.error(request, violation_message(violation))
            return HttpResponseRedirect(reverse("accounts:recovery_codes"))
        return render(
            request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("core:dashboard")}
        )


#: Password-reset e-mails a client may ask for per hour (the form never says whether the address
#: is known, so a flood would otherwise fill strangers' mailboxes).
RESET_REQUESTS_PER_HOUR = 5


class PasswordResetView(auth_views.PasswordResetView):
    """Reset by e-mail for accounts that have one; members without e-mail ask their cell secretary
    for a new activation code (the page says so)."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        key = f"chibo:pwreset:{client_ip(self.request)}"  # the member's address, also behind a proxy
        count = cache.get(key, 0)
        if count >= RESET_REQUESTS_PER_HOUR:
            form.add_error(None, _("Too many reset requests from this connection. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        cache.set(key, count + 1, 3600)
        return super().form_valid(form)
