"""The installable member handbook (PWA): the service worker, served from the site's root so that its
scope is the whole site, and the two pages it shows when there is no connection.

What the worker may keep on the phone is decided here, from the URL names of the member's own pages
(``OFFLINE_PAGES``): nothing else is ever cached (no API, admin, sign-in or staff page, no page with
the unmasked CCCD). See static/pwa/sw.js for the caching and the queue of check-ins made offline.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.views.generic import TemplateView

SW_SOURCE = "pwa/sw.js"
PLACEHOLDER = "__CHIBO_PWA_CONFIG__"

#: The member's own pages a phone may keep for reading offline, by URL name; an argument stands
#: for a number (``int``) or a code (``str``). Anything not listed is never cached.
OFFLINE_PAGES: tuple[tuple[str, tuple[type, ...]], ...] = (
    ("portal:record", ()),
    ("portal:meetings", ()),
    ("portal:meeting", (int,)),
    ("portal:material", (int,)),
    ("documents:library", ()),
    ("documents:read", (int,)),
    ("documents:download", (int,)),
    ("documents:bookmarks", ()),
    ("documents:my_study", ()),
    ("handbook:news", ()),
    ("handbook:read", (int,)),
    ("handbook:attachment", (int, int)),
    ("handbook:inbox", ()),
    ("meetings:checkin", (str,)),
)

#: The static files every page needs, stored when the worker is installed.
SHELL_STATIC = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "chibo/chibo.css",
    "chibo/favicon.svg",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "pwa/register.js",
    "pwa/icon-192.png",
)

_SENTINEL = {int: "987654321", str: "zzqqzzqq"}
_PATTERN = {int: r"\d+", str: r"[^/]+"}


def _url_pattern(name: str, kinds: tuple[type, ...]) -> str | None:
    """``^/me/meetings/\\d+/$`` for ``portal:meeting``: the URL reversed with sentinels, escaped."""
    try:
        url = reverse(name, args=[_SENTINEL[kind] for kind in kinds])
    except NoReverseMatch:  # an app left out of this site
        return None
    pattern = re.escape(url)
    for kind in set(kinds):
        pattern = pattern.replace(re.escape(_SENTINEL[kind]), _PATTERN[kind])
    return f"^{pattern}$"


def offline_patterns() -> list[str]:
    return [p for name, kinds in OFFLINE_PAGES if (p := _url_pattern(name, kinds))]


def checkin_pattern() -> str:
    return _url_pattern("meetings:checkin", (str,)) or "^$"


def _source() -> str:
    path = finders.find(SW_SOURCE)
    if path:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    with staticfiles_storage.open(SW_SOURCE) as handle:  # only the collected copy is deployed
        return str(handle.read().decode("utf-8"))


def _path(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # an app left out of this site
        return None


def worker_config() -> dict[str, Any]:
    """What /sw.js is told: the URLs, the pages it may keep and its own texts, in the language of
    the request (the worker's fallback answers when even the offline pages are not stored)."""
    config: dict[str, Any] = {
        "offline": reverse("core:offline"),
        "queued": reverse("core:offline_queued"),
        "offlineCheckin": reverse("core:offline_checkin"),
        "logout": reverse("accounts:logout"),
        # another account starts on the phone: everything kept is wiped, as at sign-out
        "signin": [p for p in (_path("accounts:login"), _path("portal:activate")) if p],
        "texts": {"offline": gettext("No connection"), "saved": gettext("Sign-in saved")},
        "static": settings.STATIC_URL,
        "shell": [static(name) for name in SHELL_STATIC],
        "pages": offline_patterns(),
        "checkin": checkin_pattern(),
        "maxPages": 60,
        "maxStatic": 80,
        "maxBytes": 15 * 1024 * 1024,
    }
    digest = hashlib.sha256((_source() + json.dumps(config, sort_keys=True)).encode()).hexdigest()
    config["version"] = digest[:12]
    return config


def service_worker(request: HttpRequest) -> HttpResponse:
    """/sw.js: the worker with its settings (hashed static names, URLs) written in. Never stored by
    the browser's HTTP cache, so that a new release reaches the phones at the next visit."""
    body = _source().replace(PLACEHOLDER, json.dumps(worker_config()), 1)
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


class _PublicPage(TemplateView):
    """A page the worker stores for every visitor of the phone: rendered as for nobody, even when
    asked by a signed-in account (no name, no account id, no pending message)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(user=AnonymousUser(), messages=(), nav_items=())
        return context


class OfflineView(_PublicPage):
    """Shown by the worker instead of a page that was never opened on this phone (public)."""

    template_name = "core/offline.html"


class OfflineQueuedView(_PublicPage):
    """Shown by the worker when a check-in could not be sent and was saved on the phone (public)."""

    template_name = "core/offline_queued.html"


class OfflineCheckinView(_PublicPage):
    """Shown by the worker for a meeting's QR code scanned without a connection (public): a form with
    no action, so that it posts to the check-in URL the phone opened, where the worker queues it."""

    template_name = "core/offline_checkin.html"
