"""Two guards of the sessions of privileged accounts (``services.needs_second_factor``:
administrators, and holders of the organisation-board or inspector role), who read other people's
sensitive records.

The second factor is enforced on every page, the Django admin included. An account that needs one
and whose session has not passed it is sent to the verification page (or, without a device yet, to
the enrolment page); the API answers 403. The session remembers the verified device (django-otp's
session key), so a verified request costs no query here; the role check reads the per-request
grants cache that the menus read anyway.

The idle timeout (``CHIBO_IDLE_TIMEOUT_MINUTES``) signs such a session out after that many minutes
without activity: a board member who walks away from an unlocked office computer does not leave the
records open for the rest of the session's 8 hours.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect
from django_otp import DEVICE_ID_SESSION_KEY

from chibo.accounts.services import confirmed_totp, needs_second_factor

log = logging.getLogger(__name__)

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


# ── Idle timeout ────────────────────────────────────────────────────────────────────────────────

#: The session keys holding the time (seconds since the epoch) of the last activity and of the
#: sign-in.
LAST_ACTIVITY_KEY = "chibo_last_activity"
SIGNED_IN_KEY = "chibo_signed_in"
#: Sessions live in the database: the last activity is written at most this often, not on every
#: request. The recorded time so lags by less than this, and a session ends up to a minute early.
ACTIVITY_WRITE_SECONDS = 60
#: Paths that neither count as activity nor end a session: public files without personal data.
IDLE_IGNORED_PREFIXES = ("/static/", "/sw.js", "/favicon.ico")
#: URL names that pages ask for by themselves (``hx-trigger="every …"``): an open import page polls
#: its progress every second. Refused like any request once the session idled out, they never
#: count as activity, or a page left open would keep the session alive for ever. A test finds the
#: polled URLs in the templates and checks that they are listed here.
BACKGROUND_URL_NAMES = frozenset({"exchange:progress"})


def now() -> int:
    """Seconds since the epoch (the tests move this clock)."""
    return int(time.time())


def start_idle_clock(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """On ``user_logged_in``: signing in is activity. The session is saved by the sign-in anyway,
    so the clock starts without a write of its own."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_KEY] = request.session[SIGNED_IN_KEY] = now()


class IdleTimeoutMiddleware:
    """Signs a privileged account's session out after ``CHIBO_IDLE_TIMEOUT_MINUTES`` without
    activity (0: never). Placed after the authentication and second-factor middleware.

    Only privileged accounts (those who need a second factor) are timed: ordinary members use the
    phone-first handbook, many of them elderly, and signing in again every half hour would shut them
    out; their sessions keep the session's own limits (``SESSION_COOKIE_AGE``, browser close).

    A page request is sent to the sign-in page (``?next=`` the page; for an htmx request, the page
    it came from) with a message; an API request goes on unauthenticated, so DRF answers it as any
    request without credentials (or authenticates its token). Requests authenticated by an API
    token neither refresh nor need a session. The sign-out goes through ``logout``, so django-axes
    records it in its access log as it does the sign-out button's; it is also logged here (sign-ins
    and sign-outs are not domain actions of the audit trail).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        minutes = settings.CHIBO_IDLE_TIMEOUT_MINUTES
        if (
            minutes <= 0
            or request.path_info.startswith(IDLE_IGNORED_PREFIXES)
            or not needs_second_factor(getattr(request, "user", None))
        ):
            return self.get_response(request)
        moment = now()
        last = request.session.get(LAST_ACTIVITY_KEY)
        if isinstance(last, int) and moment - last >= minutes * 60:
            idle = f"after {(moment - last) // 60} minutes without activity"
            return self._sign_out(request, _idle_message(minutes), reason=idle)
        # (a session from before the sign-in time was kept counts from now)
        signed_in = request.session.setdefault(SIGNED_IN_KEY, moment)
        # the activity written every minute also moves the session's own expiry forward: the
        # session's length is kept from the sign-in here
        if isinstance(signed_in, int) and moment - signed_in >= settings.SESSION_COOKIE_AGE:
            hours = settings.SESSION_COOKIE_AGE // 3600
            return self._sign_out(request, _length_message(hours), reason=f"after {hours} hours signed in")
        request.idle_timeout_seconds = minutes * 60  # type: ignore[attr-defined]  # the page's timer
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            add_never_cache_headers(response)  # Back must not show a page again without asking
        if (
            (not isinstance(last, int) or moment - last >= ACTIVITY_WRITE_SECONDS)
            and request.user.is_authenticated  # not signed out (or in) by the view meanwhile
            and _is_activity(request)
        ):
            request.session[LAST_ACTIVITY_KEY] = moment
        return response

    def _sign_out(self, request: HttpRequest, message: str, reason: str) -> HttpResponse:
        user_id = request.user.pk
        logout(request)  # also django-axes' access log: the logout time of this session
        log.info("Signed out user %s %s.", user_id, reason)
        if request.path_info.startswith("/api/") or request.path == reverse("accounts:logout"):
            return self.get_response(request)  # now anonymous: DRF decides; signing out goes on
        messages.warning(request, message)
        htmx = getattr(request, "htmx", None)
        if htmx:  # a fragment: the whole page goes to the sign-in, and comes back to that page
            return HttpResponseClientRedirect(_sign_in_url(htmx.current_url_abs_path or "/"))
        return HttpResponseRedirect(_sign_in_url(request.get_full_path()))


def _idle_message(minutes: int) -> str:
    return ngettext(
        "You were signed out after %(minutes)s minute without activity. Sign in again to go on.",
        "You were signed out after %(minutes)s minutes without activity. Sign in again to go on.",
        minutes,
    ) % {"minutes": minutes}


def _length_message(hours: int) -> str:
    return ngettext(
        "Your session ended after %(hours)s hour. Sign in again to go on.",
        "Your session ended after %(hours)s hours. Sign in again to go on.",
        hours,
    ) % {"hours": hours}


#: The query parameter of the page's own check after the timeout (``static/chibo/idle.js``).
IDLE_CHECK_PARAMETER = "idle_check"


def _is_activity(request: HttpRequest) -> bool:
    """False for what the browser asks for by itself (polling, the page's idle check) and for
    requests carrying an API token."""
    if request.META.get("HTTP_AUTHORIZATION", "").lower().startswith("token "):
        return False
    if IDLE_CHECK_PARAMETER in request.GET:
        return False
    match = getattr(request, "resolver_match", None)
    return match is None or match.view_name not in BACKGROUND_URL_NAMES


def _sign_in_url(next_path: str) -> str:
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_path})}"
