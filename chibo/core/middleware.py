"""Requests carrying NUL characters are refused before any view runs.

PostgreSQL rejects NUL in text, so a NUL in a search box or a form field would
otherwise become a 500 deep in a query. No legitimate input contains one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "\x00" in request.path
            or _has_nul(request.GET)
            or (
                request.method == "POST"
                and request.content_type != "application/json"
                and _has_nul(request.POST)
            )
        ):
            return HttpResponseBadRequest(_("The request contains a NUL character, which no field accepts."))
        return self.get_response(request)


def _has_nul(data: object) -> bool:
    return any("\x00" in value for values in data.lists() for value in values[1])  # type: ignore[attr-defined]


class VietnameseFirstMiddleware:
    """Vietnamese unless the user chose English with the switcher (its cookie).

    The browser's Accept-Language is ignored: in Viet Nam many browsers and phones are set to
    English, while chibo's users expect the party's own terms (README, "Language").
    Placed before ``LocaleMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
