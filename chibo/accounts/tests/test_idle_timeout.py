"""The idle timeout of privileged sessions (organisation board, inspectors, administrators): signed
out after CHIBO_IDLE_TIMEOUT_MINUTES without activity, ordinary members never; activity written at
most once a minute; polling, static files and API tokens do not keep a session alive."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from axes.models import AccessLog
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chibo.accounts import middleware
from chibo.accounts.middleware import LAST_ACTIVITY_KEY
from chibo.accounts.models import User
from chibo.core.testing import user_with_role
from chibo.exchange.models import ImportJob
from chibo.exchange.tests import jobs, roster
from chibo.portal.tests.factories import linked_user

pytestmark = pytest.mark.django_db

MINUTE = 60
T0 = 1_760_000_000  # any fixed moment: the middleware's clock, moved by the tests


class Clock:
    def __init__(self) -> None:
        self.seconds = T0

    def __call__(self) -> int:
        return self.seconds

    def at(self, minutes: float) -> None:
        """Move to ``minutes`` after T0."""
        self.seconds = T0 + round(minutes * MINUTE)


@pytest.fixture
def clock(monkeypatch: Any, settings: Any) -> Clock:
    settings.CHIBO_IDLE_TIMEOUT_MINUTES = 30
    moving = Clock()
    monkeypatch.setattr(middleware, "now", moving)
    return moving


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    from django.core.cache import cache

    cache.clear()  # django-axes and the throttles count in the cache, which outlives a test
    yield
    cache.clear()


def _signed_in(client: Any) -> bool:
    return "_auth_user_id" in client.session


def _expected_message(minutes: int) -> str:
    return ngettext(
        "You were signed out after %(minutes)s minute without activity. Sign in again to go on.",
        "You were signed out after %(minutes)s minutes without activity. Sign in again to go on.",
        minutes,
    ) % {"minutes": minutes}


def _privileged(kind: str, tree: Any) -> User:
    if kind == "administrator":
        return User.objects.create_superuser("root", "root@example.org", "a-long-password-1")
    return user_with_role(kind.replace("_", "-"), kind, tree.root)


@pytest.mark.parametrize("kind", ["org_board", "inspector", "administrator"])
def test_a_privileged_session_idle_past_the_timeout_is_signed_out_to_the_sign_in_page(
    client, tree, clock, kind, caplog
):
    # given a privileged user signed in at T0
    user = _privileged(kind, tree)
    client.force_login(user)
    assert client.session[LAST_ACTIVITY_KEY] == T0  # signing in started the clock
    # when they come back 31 minutes later
    clock.at(31)
    with caplog.at_level(logging.INFO, logger="chibo.accounts.middleware"):
        response = client.get(reverse("members:list") + "?q=duc")
    # then they are signed out and sent to sign in, back to the page asked for
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?" + urlencode({"next": "/members/?q=duc"})
    assert not _signed_in(client)
    assert f"Signed out user {user.pk} after 31 minutes without activity." in caplog.messages
    page = client.get(response["Location"])
    assert page.status_code == 200
    with translation.override("vi"):
        assert [str(m) for m in page.context["messages"]] == [_expected_message(30)]
    assert client.get(reverse("members:list")).status_code == 302  # and stays signed out


def test_one_minute_before_the_timeout_the_session_goes_on(client, tree, clock, board):
    client.force_login(board)
    clock.at(29)
    response = client.get(reverse("members:list"))
    assert response.status_code == 200
    assert _signed_in(client)


def test_the_message_is_in_the_language_the_user_chose(client, tree, clock, board, settings):
    settings.CHIBO_IDLE_TIMEOUT_MINUTES = 45
    client.force_login(board)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    clock.at(46)
    response = client.get(reverse("members:list"))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You were signed out after 45 minutes without activity. Sign in again to go on."
    ]


def test_a_form_sent_from_an_idle_session_changes_nothing(client, tree, clock, board):
    from chibo.accounts.models import RoleAssignment

    client.force_login(board)
    newbie = user_with_role("newbie")
    clock.at(31)
    response = client.post(reverse("accounts:roles"), {"username": "newbie", "role": "viewer", "unit": "A1"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert not RoleAssignment.objects.filter(user=newbie).exists()


def test_a_session_from_before_the_timeout_starts_its_clock_at_its_next_request(client, tree, clock, board):
    client.force_login(board)
    session = client.session
    del session[LAST_ACTIVITY_KEY]  # signed in before the idle timeout was deployed
    session.save()
    clock.at(5 * 60)
    assert client.get(reverse("members:list")).status_code == 200
    assert client.session[LAST_ACTIVITY_KEY] == T0 + 5 * 60 * MINUTE
    clock.at(5 * 60 + 31)
    assert client.get(reverse("members:list")).status_code == 302


def test_an_ordinary_member_is_never_timed_out(client, tree, clock):
    # given a member of a cell (the phone handbook) and a cell secretary, both without the
    # second factor's roles
    for user, url in (
        (linked_user(tree.a1, "dangvien"), reverse("portal:record")),
        (user_with_role("bithu", "secretary", tree.a), reverse("members:list")),
    ):
        clock.at(0)
        client.force_login(user)
        # when they come back seven hours later
        clock.at(7 * 60)
        response = client.get(url)
        # then they are still signed in
        assert response.status_code == 200, user
        assert _signed_in(client)


def test_activity_moves_the_clock_but_writes_the_session_at_most_once_a_minute(client, tree, clock, board):
    client.force_login(board)
    clock.at(20)
    assert client.get(reverse("members:list")).status_code == 200
    assert client.session[LAST_ACTIVITY_KEY] == T0 + 20 * MINUTE  # stored in the session's row
    clock.at(20.5)
    assert client.get(reverse("members:list")).status_code == 200
    assert client.session[LAST_ACTIVITY_KEY] == T0 + 20 * MINUTE  # under a minute later: not written
    clock.at(21)
    assert client.get(reverse("members:list")).status_code == 200
    assert client.session[LAST_ACTIVITY_KEY] == T0 + 21 * MINUTE
    # 50 minutes after signing in, 29 after the last activity: still signed in
    clock.at(50)
    assert client.get(reverse("core:dashboard")).status_code == 200
    # and 31 minutes after that, signed out
    clock.at(81)
    assert client.get(reverse("core:dashboard")).status_code == 302
    assert not _signed_in(client)


def test_polling_the_import_progress_does_not_keep_the_session_alive(client, tree, clock, board):
    # given an import running, whose page polls its progress every second
    job = jobs.checked_job(tree, [roster.row(i) for i in range(2)])
    ImportJob.objects.filter(pk=job.pk).update(state="running")
    client.force_login(board)
    page = reverse("exchange:detail", args=[job.pk])
    progress = reverse("exchange:progress", args=[job.pk])
    poll = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": f"http://testserver{page}"}
    # when the page is left open: it polls, and the browser asks for the worker
    for minute in (5, 10, 20, 29):
        clock.at(minute)
        assert client.get(progress, **poll).status_code == 200
        assert client.get(reverse("core:sw")).status_code == 200
    # then the polling did not count as activity
    assert client.session[LAST_ACTIVITY_KEY] == T0
    # and after the timeout the poll is refused: the whole page goes to the sign-in page
    clock.at(31)
    refused = client.get(progress, **poll)
    assert refused["HX-Redirect"] == reverse("accounts:login") + "?" + urlencode({"next": page})
    assert b"import-status" not in refused.content
    assert not _signed_in(client)


def test_every_polled_url_in_the_templates_is_a_background_url():
    """A page that polls (hx-trigger="every …") must not keep a session alive: its URL name must be
    in BACKGROUND_URL_NAMES. Finds the polling elements in every template."""
    root = Path(settings.BASE_DIR)
    polled = set()
    for path in [*root.glob("templates/**/*.html"), *root.glob("chibo/**/templates/**/*.html")]:
        html = path.read_text(encoding="utf-8")
        for element in re.findall(r"<[^<>]*hx-trigger=\"[^\"]*every[^<>]*>", html):
            names = re.findall(r"\{%\s*url\s+['\"]([\w:]+)['\"]", element)
            assert names, f"{path}: a polling element without a {{% url %}}: {element}"
            polled.update(names)
    assert "exchange:progress" in polled  # the search still finds the known one
    assert polled <= middleware.BACKGROUND_URL_NAMES


def test_an_idle_session_is_not_authenticated_by_the_api_and_not_redirected(client, tree, clock, board):
    client.force_login(board)
    clock.at(10)
    assert client.get("/api/v1/units/").status_code == 200
    clock.at(41)
    response = client.get("/api/v1/units/")
    assert response.status_code in (401, 403)
    assert "Location" not in response
    assert not _signed_in(client)


def test_requests_with_an_api_token_are_not_affected(tree, clock, board):
    token = Token.objects.create(user=board)  # test set-up of the token table, not a domain write
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    for minutes in (0, 31, 8 * 60):
        clock.at(minutes)
        assert api.get("/api/v1/units/").status_code == 200
    # a token beside an idle session: the session ends, the token still answers
    clock.at(0)
    api.force_login(board)
    clock.at(31)
    assert api.get("/api/v1/units/").status_code == 200
    assert "_auth_user_id" not in api.session


def test_a_token_request_does_not_refresh_the_session(tree, clock, board):
    token = Token.objects.create(user=board)  # test set-up of the token table, not a domain write
    api = APIClient()
    api.force_login(board)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    clock.at(20)
    assert api.get("/api/v1/units/").status_code == 200
    assert api.session[LAST_ACTIVITY_KEY] == T0


def test_zero_minutes_switches_the_timeout_off(client, tree, clock, board, settings):
    settings.CHIBO_IDLE_TIMEOUT_MINUTES = 0
    client.force_login(board)
    clock.at(7 * 60)
    assert client.get(reverse("members:list")).status_code == 200
    assert _signed_in(client)


def test_the_sign_out_button_of_an_idle_session_ends_at_the_sign_in_page(client, tree, clock, board):
    client.force_login(board)
    clock.at(31)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert not _signed_in(client)


def test_the_sign_out_is_in_the_access_log_like_any_sign_out(client, tree, clock, board):
    # given a session that django-axes' access log recorded at sign-in
    client.force_login(board)
    entry = AccessLog.objects.get(username="board")
    assert entry.logout_time is None
    # when it idles out
    clock.at(31)
    assert client.get(reverse("members:list")).status_code == 302
    # then the access log has its sign-out, as for the sign-out button
    entry.refresh_from_db()
    assert entry.logout_time is not None


def test_an_active_session_still_ends_after_the_session_length(client, tree, clock, board, settings):
    """The activity written every minute moves the stored session's own expiry forward, so the
    session's length (SESSION_COOKIE_AGE, 8 h) is counted from the sign-in by the middleware."""
    settings.SESSION_COOKIE_AGE = 2 * 3600
    client.force_login(board)
    assert client.session[middleware.SIGNED_IN_KEY] == T0
    for minutes in range(20, 120, 20):  # busy all along: a page every 20 minutes
        clock.at(minutes)
        assert client.get(reverse("members:list")).status_code == 200
    clock.at(120)

    response = client.get(reverse("members:list"))

    assert response.status_code == 302 and not _signed_in(client)
    page = client.get(response["Location"])
    with translation.override("vi"):
        expected = ngettext(
            "Your session ended after %(hours)s hour. Sign in again to go on.",
            "Your session ended after %(hours)s hours. Sign in again to go on.",
            2,
        ) % {"hours": 2}
        assert [str(m) for m in page.context["messages"]] == [expected]


def test_a_privileged_page_is_not_kept_by_the_browser_and_carries_the_timer(client, tree, clock, board):
    """Back must ask the server again (which signs an idle session out), and the page reloads
    itself after the timeout, so an unattended screen does not keep records on show."""
    client.force_login(board)

    page = client.get(reverse("members:list"))

    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert 'src="/static/chibo/idle.js" data-idle-seconds="1800"' in page.content.decode()


def test_an_ordinary_member_s_page_has_no_timer(client, tree, clock):
    client.force_login(linked_user(tree.a1, "dangvien"))
    page = client.get(reverse("portal:record"))
    assert page.status_code == 200 and "idle.js" not in page.content.decode()


def test_a_basic_authorization_header_does_not_stop_the_clock(client, tree, clock, board):
    """Only API tokens make a request not count as activity: a site behind a proxy's Basic
    authentication sends that header with every page."""
    client.force_login(board)
    clock.at(5)
    client.get(reverse("members:list"), HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert client.session[LAST_ACTIVITY_KEY] == T0 + 5 * MINUTE


def test_the_page_s_own_idle_check_is_not_activity(client, tree, clock, board):
    """After the timeout the page asks for itself with idle_check=1 (static/chibo/idle.js): an
    idle session is signed out by it, a live one is not prolonged by it, or two open tabs checking
    in turn would keep the session alive for ever."""
    client.force_login(board)
    clock.at(29)
    page = client.get(reverse("members:list"), {"idle_check": "1"})
    assert page.status_code == 200
    assert client.session[LAST_ACTIVITY_KEY] == T0  # the check moved nothing
    clock.at(30)
    signed_out = client.get(reverse("members:list"), {"idle_check": "1"})
    assert signed_out.status_code == 302 and not _signed_in(client)


def test_a_session_without_a_sign_in_time_counts_its_length_from_its_next_request(
    client, tree, clock, board, settings
):
    settings.SESSION_COOKIE_AGE = 3600
    client.force_login(board)
    session = client.session
    del session[middleware.SIGNED_IN_KEY]  # kept from before the sign-in time was recorded
    session.save()
    clock.at(10)
    client.get(reverse("members:list"))
    assert client.session[middleware.SIGNED_IN_KEY] == T0 + 10 * MINUTE
    for minutes in (30, 50, 69):
        clock.at(minutes)
        assert client.get(reverse("members:list")).status_code == 200
    clock.at(70)
    assert client.get(reverse("members:list")).status_code == 302
