"""The handbook app offline, in Debian's Chromium at a phone's size (360×740): a page opened online is
still readable offline; a check-in pressed offline is saved and sent when the phone is online again.

Playwright 1.65 sends ``context.set_offline`` to the service worker's own network too (its worker
target gets Network.emulateNetworkConditions unless ``service_workers="block"``), so the worker's
fetches fail like the page's: no ``context.route`` workaround is needed (the old Playwright issue
#2311 is about versions before the worker's network was inspected). Going online again fires the
page's ``online`` event, on which the page asks the worker to send the queue (as does every page
opened online); Background Sync is the third way, when the browser supports it.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chibo.core.tests.test_browser import sign_in
from chibo.meetings.models import Attendance
from chibo.portal.tests.factories import linked_user, published_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, is_mobile=True, service_workers="allow")
    return context, context.new_page()


def _worker_ready(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the worker is active; a page loaded before it is then reloaded under its control."""
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    assert page.evaluate("!!navigator.serviceWorker.controller")


def _wait_for(check, what: str, seconds: float = 10) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _cached(page, path: str) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("(path) => caches.match(path).then((r) => !!r)", path)


def _assert_installable(context, page) -> None:  # type: ignore[no-untyped-def]
    """Chromium's own verdict: the manifest parses and nothing but the test's private window stops
    the app from being installed."""
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/static/pwa/manifest.webmanifest") and manifest["errors"] == []
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    cdp.detach()


def _queued(page) -> int:  # type: ignore[no-untyped-def]
    """The check-ins waiting in the worker's queue (IndexedDB)."""
    return page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open('chibo-pwa');
            open.onsuccess = () => {
                const get = open.result.transaction('checkins').objectStore('checkins').getAll();
                get.onsuccess = () => resolve(get.result.length);
            };
        })"""
    )


def test_an_opened_page_stays_readable_offline_and_sign_out_wipes_it(browser, live_server, tree, shoot):
    user = linked_user(tree.a1, "dangvien")
    context, page = _phone(browser)
    sign_in(page, live_server, "dangvien", "pw-dangviendangvien")
    _worker_ready(page)
    page.goto(f"{live_server.url}/me/")
    expect(page.locator("#record-name")).to_have_text(user.member.full_name)
    _wait_for(lambda: _cached(page, "/me/"), "the record to be kept")
    _assert_installable(context, page)
    assert not _cached(page, "/me/sensitive/")

    context.set_offline(True)
    page.reload()
    expect(page.locator("#record-name")).to_have_text(user.member.full_name)  # from the phone's copy
    shoot("pwa-offline", full_page=False, target=page)

    page.goto(f"{live_server.url}/members/")  # a page never opened here, and never kept
    expect(page.locator("#offline")).to_be_visible()
    shoot("pwa-offline-page", full_page=False, target=page)
    context.set_offline(False)

    page.goto(f"{live_server.url}/me/")
    page.locator(".navbar-toggler").click()
    page.locator("form[data-pwa-signout] button").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    _wait_for(lambda: not _cached(page, "/me/"), "the copies to be wiped at sign-out")
    assert _cached(page, "/offline/")  # the public offline page is kept for the next visitor
    context.close()


def test_a_check_in_pressed_offline_is_saved_and_sent_when_online(browser, live_server, tree, shoot):
    meeting = published_meeting(tree.a1, in_hours=-1)  # started an hour ago: the sign-in is open
    user = linked_user(tree.a1, "dangvien")
    context, page = _phone(browser)
    sign_in(page, live_server, "dangvien", "pw-dangviendangvien")
    _worker_ready(page)
    page.goto(f"{live_server.url}/meetings/checkin/{meeting.checkin_token}/")
    expect(page.locator("#checkin")).to_be_visible()

    context.set_offline(True)
    pressed = timezone.now()
    page.locator("#checkin").click()
    expect(page.locator("#checkin-queued")).to_be_visible()
    shoot("checkin-queued", full_page=False, target=page)
    assert _queued(page) == 1
    assert not Attendance.objects.filter(meeting=meeting, member=user.member, status="present").exists()
    time.sleep(1.5)  # the time pressed, not the time sent, is recorded

    context.set_offline(False)  # the page hears "online" and asks the worker to send the queue
    expect(page.locator("[data-pwa-notice=checkin-sent]")).to_be_visible()
    expect(page.locator("#checkin-queued")).to_be_hidden()
    shoot("checkin-sent", full_page=False, target=page)

    def present() -> bool:
        return Attendance.objects.filter(meeting=meeting, member=user.member, status="present").exists()

    _wait_for(present, "the attendance to be recorded")
    assert _queued(page) == 0
    attendance = Attendance.objects.get(meeting=meeting, member=user.member)
    assert attendance.source == "qr"
    assert abs(attendance.recorded_at - pressed) < timedelta(seconds=1.2)
    context.close()


def test_the_next_meeting_and_its_material_are_kept_when_a_page_names_them(browser, live_server, tree):
    meeting = published_meeting(tree.a1)  # in three days, with one material
    material = meeting.documents.get()
    linked_user(tree.a1, "dangvien")
    context, page = _phone(browser)
    sign_in(page, live_server, "dangvien", "pw-dangviendangvien")
    _worker_ready(page)
    wanted = [f"/me/meetings/{meeting.pk}/", f"/me/materials/{material.pk}/"]
    # what register.js sends for the elements with data-offline-keep on a page (the portal's meetings)
    page.evaluate(
        """(urls) => navigator.serviceWorker.controller.postMessage({
            type: 'hello', user: document.querySelector('script[data-sw]').dataset.user, keep: urls})""",
        [*wanted, "/members/", "/me/sensitive/", "https://example.org/me/"],
    )
    _wait_for(lambda: all(_cached(page, url) for url in wanted), "the meeting and its material to be kept")
    assert not _cached(page, "/members/") and not _cached(page, "/me/sensitive/")

    context.set_offline(True)
    page.goto(f"{live_server.url}/me/meetings/{meeting.pk}/")
    expect(page.locator("#agenda li")).to_have_count(2)
    expect(page.locator("#pwa-offline-banner")).to_be_visible()
    context.close()


def _sign_in_to(page, live_server, username: str, then: str) -> None:  # type: ignore[no-untyped-def]
    """The sign-in form, landing on ``then``."""
    page.goto(f"{live_server.url}/accounts/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}{username}")
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}{then}")


def _keep_record(page, live_server, user) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/me/")
    expect(page.locator("#record-name")).to_have_text(user.member.full_name)
    _wait_for(lambda: _cached(page, "/me/"), "the record to be kept")


def test_another_account_signing_in_wipes_the_pages_of_an_expired_session(browser, live_server, tree):
    first = linked_user(tree.a1, "dangvien")
    linked_user(tree.a1, "dangvien2", index=1)
    context, page = _phone(browser)
    sign_in(page, live_server, "dangvien", "pw-dangviendangvien")
    _worker_ready(page)
    _keep_record(page, live_server, first)

    context.clear_cookies()  # the session ended without signing out; someone else takes the phone
    # landing on a page that names no account: only the sign-in itself can tell the worker
    _sign_in_to(page, live_server, "dangvien2", "/offline/")
    _wait_for(lambda: not _cached(page, "/me/"), "the previous member's copies to be wiped at sign-in")
    assert _cached(page, "/offline/")

    context.set_offline(True)  # or a slow network: the kept copy would be shown
    page.goto(f"{live_server.url}/me/")
    expect(page.locator("#offline")).to_be_visible()
    expect(page.locator("#record-name")).to_have_count(0)
    assert first.member.full_name not in page.content()
    context.close()


def test_no_kept_page_is_served_before_the_wipe_for_another_account_is_over(browser, live_server, tree):
    first = linked_user(tree.a1, "dangvien")
    second = linked_user(tree.a1, "dangvien2", index=1)
    context, page = _phone(browser)
    sign_in(page, live_server, "dangvien", "pw-dangviendangvien")
    _worker_ready(page)
    _keep_record(page, live_server, first)

    # another tab holds the worker's store busy, so that the wipe cannot be over at once
    other = context.new_page()
    other.goto(f"{live_server.url}/offline/")
    other.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open('chibo-pwa');
            open.onsuccess = () => {
                const store = open.result.transaction('meta', 'readwrite').objectStore('meta');
                const spin = () => { store.get('user').onsuccess = () => { if (!window.released) spin(); }; };
                spin();
                resolve();
            };
        })"""
    )
    context.set_offline(True)
    # what the page of another account says to the worker (its data-user), then the record, offline
    page.evaluate(
        "(user) => navigator.serviceWorker.controller.postMessage({type: 'hello', user: user, keep: []})",
        str(second.pk),
    )
    time.sleep(0.5)
    page.evaluate("() => { location.href = '/me/'; }")
    time.sleep(1)
    other.evaluate("() => { window.released = true; }")
    expect(page.locator("#offline")).to_be_visible()
    assert first.member.full_name not in page.content()
    other.close()
    context.close()


def test_a_qr_code_scanned_offline_can_still_be_pressed_and_is_sent_later(browser, live_server, tree, shoot):
    meeting = published_meeting(tree.a1, in_hours=-1)  # started an hour ago: the sign-in is open
    user = linked_user(tree.a1, "dangvien")
    context, page = _phone(browser)
    sign_in(page, live_server, "dangvien", "pw-dangviendangvien")
    _worker_ready(page)
    _wait_for(lambda: _cached(page, "/offline/checkin/"), "the offline check-in page to be stored")

    context.set_offline(True)  # the QR code is scanned with no connection: never opened online
    url = f"{live_server.url}/meetings/checkin/{meeting.checkin_token}/"
    page.goto(url)
    expect(page.locator("#offline-checkin")).to_be_visible()
    expect(page.locator("#offline-checkin-window")).to_be_visible()
    shoot("checkin-offline-page", full_page=False, target=page)
    page.locator("#checkin").click()
    expect(page.locator("#checkin-queued")).to_be_visible()
    expect(page).to_have_url(url)
    assert _queued(page) == 1

    def present() -> bool:
        return Attendance.objects.filter(meeting=meeting, member=user.member, status="present").exists()

    assert not present()
    context.set_offline(False)  # sent again: the stored page's CSRF token is stale, a fresh one is taken
    expect(page.locator("[data-pwa-notice=checkin-sent]")).to_be_visible()
    _wait_for(present, "the attendance to be recorded")
    assert _queued(page) == 0
    assert Attendance.objects.get(meeting=meeting, member=user.member).source == "qr"
    context.close()
