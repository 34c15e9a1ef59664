"""One evaluation cycle in the system Chromium: the member self-assesses on a phone, the cell's
secretary reviews, the board of the grassroots organisation decides, the results show it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chibo.core.testing import user_with_role
from chibo.core.tests.test_browser import sign_in
from chibo.evaluations.tests.conftest import link, make_table, official_members
from chibo.evaluations.views import default_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_evaluation_cycle(page, live_server, tree, board, shoot):
    year = default_year()
    make_table(tree.root, year=year)
    member = official_members(tree)[0]
    link(member, "dangvien")
    user_with_role("bithu", "secretary", tree.a1)

    # the member, on a phone
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, live_server, "dangvien", "pw-dangviendangvien")
    page.goto(f"{live_server.url}/evaluations/self/?year={year}")
    for code, points in (("1", "14"), ("2", "15"), ("3", "38"), ("4", "18")):
        page.fill(f"#id_c_{code}", points)
    page.fill("#id_text", "Hoàn thành tốt nhiệm vụ được giao.")
    shoot("evaluation-self-phone")
    page.click("#send-self")
    expect(page.locator("#self-status")).to_contain_text("85")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width} px)"
    page.context.clear_cookies()

    # the cell's secretary reviews
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "bithu", "pw-bithubithu")
    page.goto(f"{live_server.url}/evaluations/?unit=A1&year={year}")
    page.locator("#evaluation-table tbody tr", has_text=member.full_name).locator(".review-link").click()
    expect(page.locator("#self-summary")).to_contain_text("85")
    page.fill("#id_score", "82")
    page.click("#save")
    expect(page.locator("#evaluation-table")).to_contain_text("HTTNV")
    shoot("evaluation-roster")
    page.context.clear_cookies()

    # the board of the đảng bộ cơ sở decides
    sign_in(page, live_server, "board", "pw-boardboard")
    page.goto(f"{live_server.url}/evaluations/?unit=A1&year={year}")
    page.click("#decide-link")
    expect(page.locator("#decide-table")).to_contain_text(member.full_name)
    page.fill("#id_decision_number", "15-QĐ/ĐU")
    shoot("evaluation-decide")
    page.click("#decide")
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#member-results tbody tr").first).to_contain_text("1")
    expect(page.locator("#year-comparison")).to_contain_text(str(year))
    shoot("evaluation-results")
