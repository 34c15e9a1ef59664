"""A member on a phone (360×740) opens the activation address of their slip's QR code, sets a
password, lands on My record, signs out and signs in again with the new password; the secretary's
list then shows the account active."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chibo.core.testing import user_with_role
from chibo.core.tests.test_browser import sign_in
from chibo.portal import services
from chibo.portal.services.accounts import activation_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Hoa-sen-1975-trang"


def test_a_member_activates_their_account_on_a_phone(browser, live_server, tree, shoot):
    secretary = user_with_role("bithu", "secretary", tree.a)
    item = services.accounts_issue(actor=secretary, unit=tree.a1).issued[0]
    qr = activation_link(f"{live_server.url}/me/activate/", item.username, item.code)

    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = phone.new_page()
    page.goto(qr)  # what scanning the slip's QR code opens
    expect(page.locator("#id_username")).to_have_value(item.username)
    expect(page.locator("#id_code")).to_have_value(item.code)
    assert item.code not in page.url  # the code came in the fragment and left the address bar
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the page scrolls sideways"
    button = page.locator("#activate").bounding_box()
    assert button and button["y"] + button["height"] <= 740, "the button is below the first screen"
    shoot("activate", full_page=False, target=page)
    page.locator("#activate").click()

    expect(page).to_have_url(f"{live_server.url}/me/")
    expect(page.locator("#record-name")).to_have_text(item.member.full_name)
    expect(page.locator(".alert-success")).to_contain_text(item.username)

    page.locator(".navbar-toggler").click()
    page.locator("form[action$='/accounts/logout/'] button").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    sign_in(page, live_server, item.username, PASSWORD)  # the ordinary sign-in page, no second factor
    page.goto(f"{live_server.url}/me/")
    expect(page.locator("#record-name")).to_have_text(item.member.full_name)
    phone.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = desk.new_page()
    sign_in(staff, live_server, "bithu", "pw-bithubithu")
    staff.goto(f"{live_server.url}/me/accounts/A1/")
    expect(staff.locator(f"tr[data-member='{item.member.pk}']")).to_have_attribute("data-state", "active")
    expect(staff.locator("tr[data-state='issued']")).to_have_count(4)
    shoot("portal-accounts", full_page=False, target=staff)
    desk.close()
