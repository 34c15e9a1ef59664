"""The first sign-in of an organisation-board member in Chromium: password, then the authenticator
app is set up from the QR page (the test types the key shown under the QR, as an app would read
it), the recovery codes are shown once, and the page asked for opens."""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect

from chibo.accounts.otp import current_code
from chibo.core.testing import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_first_sign_in_sets_up_the_authenticator_app(page, live_server, tree, shoot):
    user_with_role("bd", "org_board", tree.root)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/members/")
    page.fill("#id_username", "bd")
    page.fill("#id_password", "pw-bdbd")
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/setup/"))
    expect(page.locator("img[data-otp-qr]")).to_be_visible()
    shoot("second-factor-setup")

    page.fill("#id_code", "000000")
    page.click("main button[type=submit]")
    expect(page.locator(".invalid-feedback")).to_be_visible()

    page.wait_for_timeout(1100)  # django-otp makes a wrong code wait a second before the next try
    secret = page.locator("[data-otp-secret]").inner_text().replace(" ", "")
    page.fill("#id_code", current_code(base64.b32decode(secret)))
    page.click("main button[type=submit]")
    codes = page.locator("[data-recovery-codes] li")
    expect(codes).to_have_count(10)
    shoot("recovery-codes")
    page.locator("main a.btn-primary").click()
    expect(page).to_have_url(f"{live_server.url}/members/")
