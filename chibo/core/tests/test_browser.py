"""Main flows in the system Chromium (Playwright): sign in, open the tree, expand nodes,
restructure a unit; and the same pages at a phone's width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from chibo.core.regulations import today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Password, then — for the organisation board, inspectors and administrators — the code of
    the authenticator app (a device with the test secret is given to the account first)."""
    from chibo.accounts.models import User
    from chibo.accounts.services import needs_second_factor
    from chibo.core.testing import give_totp, totp_code

    user = User.objects.get(username=username)
    device = give_totp(user) if needs_second_factor(user) else None
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    if device is not None:
        expect(page).to_have_url(re.compile(r"/accounts/second-factor/"))
        page.fill("#id_code", totp_code(device))
        page.click("main button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/")


def test_sign_in_open_the_tree_expand_and_rename(page, live_server, tree, board, shoot):
    sign_in(page, live_server, "board", "pw-boardboard")
    expect(page.locator("[data-figure=members]")).to_have_text("8")
    shoot("dashboard")

    page.locator(".navbar .dropdown-toggle", has_text=re.compile("Tổ chức|Organisation")).click()
    page.get_by_role("link", name=re.compile("Cây tổ chức|Organisation tree")).first.click()
    # the toggles work once the page's scripts ran: a click only waits for the navigation to start,
    # and on a busy machine (scripts through the handbook's service worker) it could come first
    page.wait_for_url(f"{live_server.url}/units/", wait_until="load")
    root = page.locator('li[data-code="R"]')
    root.locator("[data-toggle-tree]").first.click()
    expect(page.locator('li[data-code="A"]')).to_be_visible()
    page.locator('li[data-code="A"] [data-toggle-tree]').first.click()
    expect(page.locator('li[data-code="A1"]')).to_be_visible()
    shoot("tree")

    page.locator('li[data-code="A1"] a').first.click()
    expect(page.locator("h1")).to_have_text("Chi bộ Văn phòng")
    page.locator("#unit-actions .dropdown-toggle").click()
    page.locator('a[href="/units/A1/rename/"]').click()
    page.fill("#id_name", "Chi bộ Văn phòng – Tổng hợp")
    page.fill("#id_effective_on", today().isoformat())
    page.fill("#id_decision", "15-QĐ/ĐU")
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Chi bộ Văn phòng – Tổng hợp")
    expect(page.locator("#unit-history")).to_contain_text("Chi bộ Văn phòng")
    expect(page.locator("#unit-history")).to_contain_text("15-QĐ/ĐU")
    shoot("unit")


def test_a_refused_restructuring_shows_the_reason(page, live_server, tree, board):
    sign_in(page, live_server, "board", "pw-boardboard")
    page.goto(f"{live_server.url}/units/A/move/")
    page.fill("#id_new_parent", "A1")
    page.fill("#id_effective_on", today().isoformat())
    page.click("main button[type=submit]")
    expect(page.locator(".alert-danger")).to_be_visible()
    expect(page).to_have_url(re.compile("/units/A/move/$"))


def test_phone_width_tree_and_menu(browser, live_server, tree, board, shoot):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    sign_in(page, live_server, "board", "pw-boardboard")
    page.goto(f"{live_server.url}/units/")
    page.locator('li[data-code="R"] [data-toggle-tree]').first.click()
    expect(page.locator('li[data-code="B"]')).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    shoot("tree-phone", full_page=False, target=page)
    page.locator(".navbar-toggler").click()
    menu = page.locator(".navbar .dropdown-toggle", has_text=re.compile("Đảng viên|Members"))
    expect(menu).to_be_visible()
    menu.click()
    expect(page.get_by_role("link", name=re.compile("Chuyển sinh hoạt|Transfers"))).to_be_visible()
    context.close()


def test_member_search_and_a_transfer(page, live_server, tree, board, shoot):
    from datetime import date

    from chibo.members.services import MemberSpec, member_create

    member_create(
        actor=None,
        unit=tree.a1,
        spec=MemberSpec(
            "Nguyễn Văn Đức", "official", birth_date=date(1980, 5, 2), sex="M", admitted_on=date(2005, 3, 1)
        ),
    )
    sign_in(page, live_server, "board", "pw-boardboard")
    page.goto(f"{live_server.url}/members/")
    page.fill("#id_q", "nguyen van duc")
    page.click("main form[role=search] button[type=submit]")
    expect(page.locator("#member-table")).to_contain_text("Nguyễn Văn Đức")
    expect(page.locator("#member-table tbody tr")).to_have_count(1)
    shoot("members")
    page.get_by_role("link", name="Nguyễn Văn Đức").click()
    page.locator("#member-actions .dropdown-toggle").click()
    page.locator("#member-actions a[href$='/transfer/']").click()
    page.fill("#id_to_unit", "B1")
    page.fill("#id_effective_on", today().isoformat())
    page.click("main button[type=submit]")
    expect(page.locator("#member-record")).to_contain_text("Chi bộ Phòng Nghiệp vụ")
    expect(page.locator("#member-history")).to_contain_text("Chi bộ Văn phòng")
    page.locator("#sensitive button").click()
    expect(page.locator("#sensitive-values")).to_be_visible()
    shoot("member")
