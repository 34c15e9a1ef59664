"""The second factor is enforced on every page, the Django admin included.

An account that needs one (``services.needs_second_factor``: administrators, and holders of the
organisation-board or inspector role) and whose session has not passed it is sent to the
verification page (or, without a device yet, to the enrolment page); the API answers 403. The
session remembers the verified device (django-otp's session key), so a verified request costs no
query here; the role check reads the per-request grants cache that the menus read anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY

from chibo.accounts.services import confirmed_totp, needs_second_factor

#: Paths an account that still owes its second factor may reach.
OPEN_PREFIXES = ("/accounts/second-factor/", "/accounts/logout/", "/i18n/", "/static/", "/sw.js", "/offline/")


def second_factor_passed(request: HttpRequest) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not second_factor_passed(request)
            and not request.path_info.startswith(OPEN_PREFIXES)
            and needs_second_factor(user)
        ):
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Confirm the sign-in with your second factor first.")}, status=403
                )
            name = "accounts:second_factor" if confirmed_totp(user) else "accounts:second_factor_setup"
            return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
